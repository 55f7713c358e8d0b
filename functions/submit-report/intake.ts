/**
 * The intake's wiring, built once per environment: the force runtime, the
 * charities a consented referral is matched to and the sealer of referral
 * targets, composed into one `accept(submission, key)` that the handler
 * calls. A keyed submission's report id and claim are derived here, so the
 * same key and body always name the same report.
 */
import type { ReportSubmission } from '../../schemas/report';
import { builtOnce } from '../adapters/built-once';
import { EnvelopeReferralTargetSealer } from '../adapters/crypto/referral-target-sealer';
import { IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_SECONDS } from '../../schemas/idempotency';
import { readIntegrationDirectory } from '../adapters/integrations';
import { forceRuntime, type ForceRuntime } from '../wiring/runtime';
import { acceptReport, type AcceptedReport, type AcceptOptions, type ReportWriter } from '../domain/intake/accept-report';
import { ValidationProblem } from '../middleware/problems';

export interface Intake {
  runtime: ForceRuntime;
  /** Accepts a submission; with an Idempotency-Key, one key and body store at most one report. */
  accept: (submission: ReportSubmission, key?: string) => Promise<AcceptedReport>;
}

/** A keyed submission: the same key and body always name the same report id, and the key is claimed with it. */
function keyedOptions(runtime: ForceRuntime, key: string, submission: ReportSubmission): AcceptOptions {
  const fingerprint = runtime.fingerprints.of(JSON.stringify(submission));
  return {
    reportId: runtime.fingerprints.reportIdFor(key, fingerprint),
    claim: { claimId: runtime.fingerprints.claimOf(key), fingerprint, expiresAfterSeconds: IDEMPOTENCY_KEY_SECONDS },
  };
}

/**
 * The intake's `accept` over a runtime, writing through `writer` (the runtime's
 * store; the bench passes one that stores nothing, to measure the intake's own
 * work apart from its one write).
 *
 * @example
 * const accept = acceptorFor(await forceRuntime());
 * const accepted = await accept(submission, key);
 */
export function acceptorFor(runtime: ForceRuntime, writer: ReportWriter = runtime.store): Intake['accept'] {
  const { config } = runtime;
  // The intake only matches and seals referrals; delivering them is the dispatcher's (functions/referral-dispatcher).
  const directory = readIntegrationDirectory();
  const targets = new EnvelopeReferralTargetSealer(runtime.keyrings);
  return (submission, key) => {
    if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ValidationProblem([{ path: 'Idempotency-Key', message: 'must be 16 to 128 letters, digits, - or _' }]);
    }
    return acceptReport(
      {
        forceId: config.FORCE_ID,
        cipher: runtime.cipher,
        writer,
        receipts: runtime.receipts,
        retentionDays: config.RETENTION_DAYS_REPORT,
        classRetentionDays: {
          ...config.RETENTION_DAYS_CLASSES,
          ...(config.RETENTION_DAYS_PROTECTED ? { 'protected-immigration': config.RETENTION_DAYS_PROTECTED } : {}),
        },
        referrals: { charities: directory.charities, targets },
      },
      submission,
      key ? keyedOptions(runtime, key, submission) : {},
    );
  };
}

async function buildIntake(): Promise<Intake> {
  const runtime = await forceRuntime();
  return { runtime, accept: acceptorFor(runtime) };
}

/**
 * The intake of this environment, built on first use.
 *
 * @example
 * const { runtime, accept } = await intake.get();
 * const accepted = await accept(submission, event.headers['idempotency-key']);
 */
export const intake = builtOnce(buildIntake);

/** Forgets the cached intake (tests change the environment between cases). */
export function resetIntake(): void {
  intake.reset();
}
