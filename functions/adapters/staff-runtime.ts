/**
 * Wires the staff API once per cold start: the audit trail, the queue desk,
 * and the issuer this function trusts. It builds on the key runtime, not the
 * force runtime, because staff functions have no business with the receipt secret.
 */
import { AuditTrail } from '../domain/audit/audit-trail';
import type { TrustedIssuer } from '../domain/access/staff-access';
import { QueueDesk } from '../domain/queue/queue-desk';
import { DynamoAuditLog } from './dynamodb/audit-store';
import { DynamoQueueStore } from './dynamodb/queue-store';
import { RuntimeConfigError, type RuntimeConfig } from './config';
import { createKeyRuntime } from './key-runtime';

export interface StaffRuntime {
  config: RuntimeConfig;
  trusted: TrustedIssuer;
  audit: AuditTrail;
  desk: QueueDesk;
}

/** Options tests use to run the desk on their own clock. */
export interface StaffRuntimeOptions {
  now?: () => Date;
}

/**
 * @example
 * const { desk, audit } = createStaffRuntime(process.env);
 */
export function createStaffRuntime(env: NodeJS.ProcessEnv = process.env, options: StaffRuntimeOptions = {}): StaffRuntime {
  const { config, dynamo, cipher } = createKeyRuntime(env);
  if (!config.TOKEN_ISSUER || !config.TOKEN_AUDIENCE) {
    // Fail closed: a staff function that does not know its issuer must not serve anyone.
    throw new RuntimeConfigError(['TOKEN_ISSUER', 'TOKEN_AUDIENCE'].filter((name) => !config[name as 'TOKEN_ISSUER']));
  }
  const audit = new AuditTrail(new DynamoAuditLog(dynamo.document, config.TABLE_NAME), {
    forceId: config.FORCE_ID,
    retentionDays: config.RETENTION_DAYS_AUDIT,
    ...(options.now ? { now: options.now } : {}),
  });
  const desk = new QueueDesk({
    forceId: config.FORCE_ID,
    store: new DynamoQueueStore(dynamo.document, config.TABLE_NAME),
    cipher,
    audit,
    leaseSeconds: config.LEASE_SECONDS,
    ...(options.now ? { now: options.now } : {}),
  });
  return { config, trusted: { forceId: config.FORCE_ID, issuer: config.TOKEN_ISSUER, audience: config.TOKEN_AUDIENCE }, audit, desk };
}

let cached: Promise<StaffRuntime> | undefined;
let clock: (() => Date) | undefined;

/** The staff runtime of this Lambda environment, built on first use and reused while warm. */
export function staffRuntime(): Promise<StaffRuntime> {
  cached ??= Promise.resolve()
    .then(() => createStaffRuntime(process.env, clock ? { now: clock } : {}))
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}

/**
 * Forgets the cached staff runtime; tests pass a clock to move time (lease
 * expiry) without sleeping.
 */
export function resetStaffRuntime(options: StaffRuntimeOptions = {}): void {
  cached = undefined;
  clock = options.now;
}
