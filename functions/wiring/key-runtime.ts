/**
 * The table and the force's keys, without the receipt secret: what the
 * staff and firewall functions run on. Their roles are not granted the
 * secret, so nothing they load may ask for it.
 */
import { builtOnce } from '../adapters/built-once';
import { readRuntimeConfig, type RuntimeConfig } from '../adapters/config';
import { EnvelopeReportCipher } from '../adapters/crypto/envelope-report-cipher';
import { kmsKeyrings, localKeyrings, type ReportKeyrings } from '../adapters/crypto/keyrings';
import { tableAccess, type TableAccess } from '../adapters/table-access';

export interface KeyRuntime extends TableAccess {
  keyrings: ReportKeyrings;
  cipher: EnvelopeReportCipher;
}

/**
 * The force's keyrings: KMS keys in AWS, local AES key material on a laptop.
 *
 * @example
 * const cipher = new EnvelopeReportCipher(keyringsFor(readRuntimeConfig()));
 */
export function keyringsFor(config: RuntimeConfig): ReportKeyrings {
  return config.KEY_SOURCE === 'kms'
    ? kmsKeyrings({ reportKeyArn: config.REPORT_KEY_ARN, safeguardingKeyArn: config.SAFEGUARDING_KEY_ARN })
    : localKeyrings(config.LOCAL_KEY_DIR);
}

/**
 * @example
 * const { cipher, dynamo } = createKeyRuntime(process.env);
 */
export function createKeyRuntime(env: NodeJS.ProcessEnv = process.env, table: TableAccess = tableAccess(env)): KeyRuntime {
  const keyrings = keyringsFor(table.config);
  return { ...table, keyrings, cipher: new EnvelopeReportCipher(keyrings) };
}

/**
 * The cipher source of the staff routes that open reports (functions/wiring/staff-runtime.ts).
 *
 * @example
 * export const handler = staffHandler({ action: 'report:read', cipher: reportCipherFrom, run });
 */
export function reportCipherFrom(env: NodeJS.ProcessEnv): EnvelopeReportCipher {
  // The keys only: the staff runtime has its own table clients.
  return new EnvelopeReportCipher(keyringsFor(readRuntimeConfig(env)));
}

const built = builtOnce(() => Promise.resolve().then(() => createKeyRuntime()));

/** The table and keys of this Lambda environment, built on first use and reused while warm. */
export function keyRuntime(): Promise<KeyRuntime> {
  return built.get();
}

/** Forgets the cached key runtime (tests change the environment). */
export function resetKeyRuntime(): void {
  built.reset();
}
