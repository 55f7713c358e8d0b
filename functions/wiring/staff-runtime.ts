/**
 * Wires the staff API once per cold start: the audit trail, the queue desk,
 * and the issuer this function trusts. It builds on the table alone, not the
 * force runtime, because staff functions have no business with the receipt
 * secret; and only the routes that decrypt a report or sealed staff text
 * (the audit trail) pass a cipher source, so the others (queue list, outcome,
 * lease, reassign) neither bundle nor load the Encryption SDK. With a cipher,
 * the audit trail seals staff text and recipient ids; without one it refuses them.
 */
import { AuditTrail } from '../domain/audit/audit-trail';
import type { TrustedIssuer } from '../domain/access/staff-access';
import { QueueDesk } from '../domain/queue/queue-desk';
import type { ReportCipher } from '../domain/report';
import type { TextSealer } from '../domain/audit/sealed-text';
import type { NeedsHintCipher } from '../domain/queue/needs-hint';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-store';
import { DynamoQueueStore } from '../adapters/dynamodb/queue-store';
import { RuntimeConfigError, type RuntimeConfig } from '../adapters/config';
import type { DynamoClients } from '../adapters/dynamodb/client';
import { tableAccess } from '../adapters/table-access';
import { tokenVerifier, type TokenVerifier } from '../adapters/token-verifier';

export interface StaffRuntime {
  config: RuntimeConfig;
  /** The table's clients, for the few staff routes beyond the desk (re-driving a parked referral). */
  dynamo: DynamoClients;
  trusted: TrustedIssuer;
  /** Verifies a bearer token against the trusted issuer's keys (cached JWKS). */
  verifyToken: TokenVerifier;
  audit: AuditTrail;
  desk: QueueDesk;
  /** Opens sealed staff text and recipient ids (only routes built with a cipher source: `GET /audit`, the protected read). */
  texts?: TextSealer;
  /** Opens the queue entries' sealed support-needs hints (only routes built with a cipher source: `GET /queue`). */
  needs?: NeedsHintCipher;
}

/** Builds a force's report cipher (which also seals staff text) from the function environment (see key-runtime.ts `reportCipherFrom`). */
export type CipherSource = (env: NodeJS.ProcessEnv) => ReportCipher & TextSealer;

/** Options tests use to run the desk on their own clock. */
export interface StaffRuntimeOptions {
  now?: () => Date;
  /** Only for routes that open a report; without it, the desk refuses to decrypt. */
  cipher?: CipherSource;
}

/** Raised if a route that was built without a cipher source tries to open a report: a wiring bug, never a user's. */
export class NoReportKeyError extends Error {
  constructor() {
    super('this function was built without the report key');
    this.name = 'NoReportKeyError';
  }
}

const refuse = () => Promise.reject(new NoReportKeyError());
/** The cipher of a function that never opens a report. */
const KEYLESS: ReportCipher = { sealBody: refuse, sealProtected: refuse, openBody: refuse, openProtected: refuse, sealNeeds: refuse, openNeeds: refuse };

/**
 * @example
 * const { desk, audit } = createStaffRuntime(process.env, { cipher: reportCipherFrom });
 */
export function createStaffRuntime(env: NodeJS.ProcessEnv = process.env, options: StaffRuntimeOptions = {}): StaffRuntime {
  const { config, dynamo } = tableAccess(env);
  if (!config.TOKEN_ISSUER || !config.TOKEN_AUDIENCE) {
    // Fail closed: a staff function that does not know its issuer must not serve anyone.
    throw new RuntimeConfigError(['TOKEN_ISSUER', 'TOKEN_AUDIENCE'].filter((name) => !config[name as 'TOKEN_ISSUER']));
  }
  const cipher = options.cipher ? options.cipher(env) : undefined;
  const audit = new AuditTrail(new DynamoAuditLog(dynamo.document, config.TABLE_NAME), {
    forceId: config.FORCE_ID,
    // Without keys, the trail refuses staff text and recipient ids rather than store them in plaintext.
    ...(cipher ? { sealer: cipher } : {}),
    retentionDays: config.RETENTION_DAYS_AUDIT,
    ...(options.now ? { now: options.now } : {}),
  });
  const desk = new QueueDesk({
    forceId: config.FORCE_ID,
    store: new DynamoQueueStore(dynamo.document, config.TABLE_NAME),
    cipher: cipher ?? KEYLESS,
    audit,
    leaseSeconds: config.LEASE_SECONDS,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    config,
    dynamo,
    trusted: { forceId: config.FORCE_ID, issuer: config.TOKEN_ISSUER, audience: config.TOKEN_AUDIENCE },
    verifyToken: tokenVerifier(config.TOKEN_ISSUER),
    audit,
    desk,
    ...(cipher ? { texts: cipher, needs: cipher } : {}),
  };
}

// One runtime per cipher source: a Lambda function only ever asks with one; the tests load many handlers in one process.
const cached = new Map<CipherSource | undefined, Promise<StaffRuntime>>();
let clock: (() => Date) | undefined;

/**
 * The staff runtime of this Lambda environment, built on first use and reused while warm.
 *
 * @example
 * const { desk } = await staffRuntime(reportCipherFrom);   // a route that opens reports
 * const { audit } = await staffRuntime();                   // one that does not
 */
export function staffRuntime(cipher?: CipherSource): Promise<StaffRuntime> {
  let runtime = cached.get(cipher);
  if (!runtime) {
    runtime = Promise.resolve()
      .then(() => createStaffRuntime(process.env, { ...(clock ? { now: clock } : {}), ...(cipher ? { cipher } : {}) }))
      .catch((error: unknown) => {
        cached.delete(cipher);
        throw error;
      });
    cached.set(cipher, runtime);
  }
  return runtime;
}

/**
 * Forgets the cached staff runtimes; tests pass a clock to move time (lease
 * expiry) without sleeping.
 */
export function resetStaffRuntime(options: Pick<StaffRuntimeOptions, 'now'> = {}): void {
  cached.clear();
  clock = options.now;
}
