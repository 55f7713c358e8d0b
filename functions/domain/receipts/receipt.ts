/**
 * Receipt codes: the victim's only credential for a status look-up.
 *
 * A receipt is 16 digits grouped like a phone number (as GlobaLeaks does), so
 * it looks innocuous on a screen or a scrap of paper. It is derived from the
 * report's random internal id with a force secret (HMAC), so a replayed
 * submission yields the same receipt without the receipt ever being stored.
 * The table holds only a keyed hash of it (the look-up key): a copy of the
 * table, without the secret, reveals no receipt.
 */
import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { parseReceipt, RECEIPT_DIGITS, type Receipt } from '../../../schemas/receipt';
import { DomainError } from '../errors';

export { parseReceipt, RECEIPT_DIGITS, type Receipt };

/** Raised when a receipt secret is too short to be safe. */
export class WeakReceiptSecretError extends DomainError {
  constructor() {
    super('the receipt secret must be at least 32 bytes');
    this.name = 'WeakReceiptSecretError';
  }
}

/**
 * Issues and checks receipts for one force.
 *
 * @example
 * const receipts = new ReceiptBook(secret);
 * const receipt = receipts.issue(reportId);      // '0387 1123 5582 9021'
 * receipts.lookupKey(receipt);                    // hex HMAC stored in the table
 */
export class ReceiptBook {
  // KeyObjects, made once: Node 24's createHmac given bytes first tests them for a KeyObject by catching a thrown
  // error, which cost more than the HMAC itself on every receipt.
  readonly #issueKey: KeyObject;
  readonly #lookupKey: KeyObject;

  constructor(secret: Uint8Array) {
    if (secret.byteLength < 32) throw new WeakReceiptSecretError();
    // Separate keys for separate jobs, so a leaked look-up key cannot mint receipts.
    this.#issueKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'safe-pathway receipt issue', 32)));
    this.#lookupKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'safe-pathway receipt lookup', 32)));
  }

  /**
   * The receipt for a report id: deterministic under this secret, unpredictable without it.
   * `generation` counts the victim's rotations: generation 0 is the receipt shown
   * at intake; each rotation issues the next, and the store forgets the look-up of the last.
   */
  issue(reportId: string, generation = 0): Receipt {
    const mac = createHmac('sha256', this.#issueKey).update(generation === 0 ? reportId : `${reportId}#rotation-${generation}`).digest();
    // 80 bits reduced mod 10^16: the bias (< 1e-8) is far below anything guessable.
    const value = BigInt(`0x${mac.subarray(0, 10).toString('hex')}`) % 10n ** BigInt(RECEIPT_DIGITS);
    const digits = value.toString().padStart(RECEIPT_DIGITS, '0');
    return digits.replace(/(\d{4})(?=\d)/g, '$1 ') as Receipt;
  }

  /** The keyed hash under which a receipt's look-up item is stored. */
  lookupKey(receipt: Receipt): string {
    return createHmac('sha256', this.#lookupKey).update(receipt.replace(/ /g, '')).digest('hex');
  }

  /**
   * An opaque key for a caller of the receipt look-up, so guessing can be
   * throttled per caller without ever storing the caller's address.
   */
  clientKey(sourceAddress: string): string {
    return createHmac('sha256', this.#lookupKey).update(`client:${sourceAddress}`).digest('base64url');
  }

  /** True when `receipt` is the one issued for `reportId` (constant time). */
  matches(receipt: Receipt, reportId: string): boolean {
    return timingSafeEqual(Buffer.from(this.issue(reportId)), Buffer.from(receipt));
  }
}
