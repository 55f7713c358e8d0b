/**
 * A keyed fingerprint of a submission, so a reused Idempotency-Key with a
 * different report is refused instead of silently answered with the first
 * report's receipt. Keyed, so the stored value cannot be tested against
 * guessed report content.
 */
import { createHmac, hkdfSync } from 'node:crypto';

/**
 * @example
 * const fingerprints = new SubmissionFingerprints(secret);
 * fingerprints.of(JSON.stringify(submission));
 */
export class SubmissionFingerprints {
  readonly #key: Buffer;

  constructor(secret: Uint8Array) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'safe-pathway submission fingerprint', 32));
  }

  of(canonicalBody: string): string {
    return createHmac('sha256', this.#key).update(canonicalBody).digest('base64url');
  }
}
