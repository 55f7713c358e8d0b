/**
 * Local key material lives as raw files in a git-ignored folder. Kept apart
 * from the keyrings so code that needs only a secret does not load the
 * Encryption SDK.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads one local secret file, raw bytes. */
export function readLocalSecret(dir: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, file)));
}
