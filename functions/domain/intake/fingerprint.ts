/**
 * A keyed fingerprint of a submission, so a reused Idempotency-Key with a
 * different report is refused instead of silently answered with the first
 * report's receipt. Keyed, so the stored value cannot be tested against
 * guessed report content.
 */
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';

/**
 * @example
 * const fingerprints = new SubmissionFingerprints(secret);
 * fingerprints.of(JSON.stringify(submission));
 */
export class SubmissionFingerprints {
  // A KeyObject, made once: Node 24's createHmac given bytes first tests them for a KeyObject by catching a thrown
  // error, which cost more than the HMAC itself, three times per keyed submission.
  readonly #key: KeyObject;

  constructor(secret: Uint8Array) {
    this.#key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'safe-pathway submission fingerprint', 32)));
  }

  of(canonicalBody: string): string {
    return createHmac('sha256', this.#key).update(canonicalBody).digest('base64url');
  }

  /**
   * The id of an Idempotency-Key's claim item: a keyed hash, so the stored
   * claim neither holds the key a client sent nor lets it be guessed back.
   *
   * @example
   * fingerprints.claimOf(request.headers['idempotency-key']);
   */
  claimOf(idempotencyKey: string): string {
    return createHmac('sha256', this.#key).update(`key-claim\u0000${idempotencyKey}`).digest('base64url');
  }

  /**
   * The report id for a keyed submission: the same Idempotency-Key and
   * fingerprint always name the same report, so a retry that outlives the
   * key's claim finds the report already
   * stored instead of storing it twice.
   */
  reportIdFor(idempotencyKey: string, fingerprint: string): string {
    const hex = createHmac('sha256', this.#key).update(`report-id\u0000${idempotencyKey}\u0000${fingerprint}`).digest('hex');
    // Shaped as an RFC 9562 version-8 (custom) UUID, like the random ids of unkeyed reports.
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}
