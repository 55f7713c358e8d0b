/**
 * Wires the retention worker once per cold start: the table, the removal
 * schedule store and the audit trail. No key of any kind: removing a class
 * deletes its ciphertext, which needs no decryption.
 */
import { AuditTrail } from '../domain/audit/audit-trail';
import type { SweepDeps } from '../domain/retention/sweep';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-store';
import { DynamoRetentionStore } from '../adapters/dynamodb/retention-store';
import { tableAccess } from '../adapters/table-access';

/**
 * @example
 * const deps = retentionRuntime(process.env);
 * await sweepRetention(deps, { remainingMs: () => 60_000 });
 */
export function retentionRuntime(env: NodeJS.ProcessEnv = process.env, options: { now?: () => Date } = {}): SweepDeps {
  const { config, dynamo } = tableAccess(env);
  const audit = new AuditTrail(new DynamoAuditLog(dynamo.document, config.TABLE_NAME), {
    forceId: config.FORCE_ID,
    retentionDays: config.RETENTION_DAYS_AUDIT,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    forceId: config.FORCE_ID,
    store: new DynamoRetentionStore(dynamo.document, config.TABLE_NAME),
    audit,
    ...(options.now ? { now: options.now } : {}),
  };
}
