/**
 * The staff side of the receipt channel on a staff runtime: the
 * table, the desk and the report key's message cipher. No receipt secret.
 */
import { StaffThread } from '../domain/channel/staff-thread';
import { EnvelopeMessageCipher } from '../adapters/crypto/message-cipher';
import { DynamoChannelStore } from '../adapters/dynamodb/channel-store';
import { keyringsFor } from './key-runtime';
import type { StaffRuntime } from './staff-runtime';

const threads = new WeakMap<StaffRuntime, StaffThread>();

/**
 * The staff side of the thread, on a staff runtime (the message cipher uses the report key only).
 *
 * @example
 * const thread = staffThreadOf(await staffRuntime(reportCipherFrom));
 */
export function staffThreadOf(runtime: StaffRuntime): StaffThread {
  let thread = threads.get(runtime);
  if (!thread) {
    thread = new StaffThread({
      desk: runtime.desk,
      store: new DynamoChannelStore(runtime.dynamo.document, runtime.config.TABLE_NAME),
      messages: new EnvelopeMessageCipher(keyringsFor(runtime.config)),
      audit: runtime.audit,
      staffMessageDays: runtime.config.RETENTION_DAYS_STAFF_MESSAGE,
    });
    threads.set(runtime, thread);
  }
  return thread;
}
