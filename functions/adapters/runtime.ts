/**
 * Wires a force's adapters once per cold start. Handlers ask for the pieces
 * they need; nothing here holds report content.
 */
import { SubmissionFingerprints } from '../domain/intake/fingerprint';
import { builtOnce } from './built-once';
import { EnvelopeReportCipher } from './crypto/envelope-report-cipher';
import { kmsKeyrings, localKeyrings, type ReportKeyrings } from './crypto/keyrings';
import { createReceiptRuntime, resetReceiptRuntime, type ReceiptRuntime } from './receipt-runtime';

export { ReceiptSecretError } from './receipt-runtime';

/** Everything the intake needs: the receipt runtime plus the force's keys. */
export interface ForceRuntime extends ReceiptRuntime {
  keyrings: ReportKeyrings;
  cipher: EnvelopeReportCipher;
  fingerprints: SubmissionFingerprints;
}

/**
 * Builds the adapters for the configured force.
 *
 * @example
 * const runtime = await createForceRuntime(process.env);
 */
export async function createForceRuntime(env: NodeJS.ProcessEnv = process.env): Promise<ForceRuntime> {
  const base = await createReceiptRuntime(env);
  const { config } = base;
  const keyrings =
    config.KEY_SOURCE === 'kms'
      ? kmsKeyrings({ reportKeyArn: config.REPORT_KEY_ARN, safeguardingKeyArn: config.SAFEGUARDING_KEY_ARN })
      : localKeyrings(config.LOCAL_KEY_DIR);
  return { ...base, keyrings, cipher: new EnvelopeReportCipher(keyrings), fingerprints: new SubmissionFingerprints(base.secret) };
}

const built = builtOnce(() => createForceRuntime());

/** The runtime of this Lambda environment, built on first use and reused while warm. */
export function forceRuntime(): Promise<ForceRuntime> {
  return built.get();
}

/** Forgets the cached runtime (tests change the environment). */
export function resetForceRuntime(): void {
  built.reset();
  resetReceiptRuntime();
}
