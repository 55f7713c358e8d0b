/**
 * Wires a force's intake adapters once per cold start: the key runtime plus
 * the receipt secret. Handlers ask for the pieces they need; nothing here
 * holds report content.
 */
import { SubmissionFingerprints } from '../domain/intake/fingerprint';
import { builtOnce } from '../adapters/built-once';
import { createKeyRuntime, keyRuntime, resetKeyRuntime, type KeyRuntime } from './key-runtime';
import { createReceiptRuntime, resetReceiptRuntime, type ReceiptRuntime } from './receipt-runtime';

export { ReceiptSecretError } from './receipt-runtime';

/** Everything the intake needs: the table and keys plus the receipt book and fingerprints. */
export interface ForceRuntime extends ReceiptRuntime, KeyRuntime {
  fingerprints: SubmissionFingerprints;
}

/**
 * Builds the adapters for the configured force.
 *
 * @example
 * const runtime = await createForceRuntime(process.env);
 */
export async function createForceRuntime(env: NodeJS.ProcessEnv = process.env, keys: KeyRuntime = createKeyRuntime(env)): Promise<ForceRuntime> {
  const base = await createReceiptRuntime(env, keys);
  return { ...base, keyrings: keys.keyrings, cipher: keys.cipher, fingerprints: new SubmissionFingerprints(base.secret) };
}

// Reuses the key runtime, so a function that also runs the firewall's adapters holds one set of clients.
const built = builtOnce(async () => createForceRuntime(process.env, await keyRuntime()));

/** The runtime of this Lambda environment, built on first use and reused while warm. */
export function forceRuntime(): Promise<ForceRuntime> {
  return built.get();
}

/** Forgets the cached runtimes (tests change the environment). */
export function resetForceRuntime(): void {
  built.reset();
  resetKeyRuntime();
  resetReceiptRuntime();
}
