/**
 * Wires the receipt channel on top of the force runtime (table,
 * keys, receipt secret): the receipt gate, the channel store, the message
 * cipher and the victim's side of the channel. The staff side is in
 * staff-thread-runtime.ts: staff functions never load the receipt secret.
 */
import { AuditTrail } from '../domain/audit/audit-trail';
import { gateLimits, ReceiptGate } from '../domain/channel/receipt-gate';
import { VictimChannel } from '../domain/channel/victim-channel';
import { EnvelopeMessageCipher } from '../adapters/crypto/message-cipher';
import { EnvelopeReferralTargetSealer } from '../adapters/crypto/referral-target-sealer';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-store';
import { DynamoChannelStore } from '../adapters/dynamodb/channel-store';
import { DynamoReferralOutbox } from '../adapters/dynamodb/referral-outbox';
import { readIntegrationDirectory } from '../adapters/integrations';
import { forceRuntime, type ForceRuntime } from './runtime';

export interface ChannelRuntime {
  force: ForceRuntime;
  channel: VictimChannel;
}

function createChannelRuntime(force: ForceRuntime): ChannelRuntime {
  const { config, dynamo } = force;
  const store = new DynamoChannelStore(dynamo.document, config.TABLE_NAME);
  const audit = new AuditTrail(new DynamoAuditLog(dynamo.document, config.TABLE_NAME), { forceId: config.FORCE_ID, retentionDays: config.RETENTION_DAYS_AUDIT });
  const outbox = new DynamoReferralOutbox(dynamo.document, config.TABLE_NAME);
  const targets = new EnvelopeReferralTargetSealer(force.keyrings);
  const channel = new VictimChannel({
    gate: new ReceiptGate({
      receipts: force.receipts,
      failures: force.failures,
      resolve: (lookupKey) => store.reportIdByReceipt(lookupKey),
      ...gateLimits(config.STATUS_MAX_FAILURES, config.STATUS_WINDOW_SECONDS),
    }),
    store,
    cipher: force.cipher,
    messages: new EnvelopeMessageCipher(force.keyrings),
    audit,
    receipts: force.receipts,
    // A consent given later is referred as the intake would, to the same directory (the route gets it as INTEGRATIONS).
    referrals: { charities: readIntegrationDirectory().charities, targets, outbox },
    retentionDays: { account: config.RETENTION_DAYS_ACCOUNT, staffMessage: config.RETENTION_DAYS_STAFF_MESSAGE },
  });
  return { force, channel };
}

const built = new WeakMap<ForceRuntime, ChannelRuntime>();

/**
 * The channel of this Lambda environment, built on first use (and again whenever the force runtime is rebuilt).
 *
 * @example
 * const { channel } = await channelRuntime();
 */
export async function channelRuntime(): Promise<ChannelRuntime> {
  const force = await forceRuntime();
  let runtime = built.get(force);
  if (!runtime) {
    runtime = createChannelRuntime(force);
    built.set(force, runtime);
  }
  return runtime;
}
