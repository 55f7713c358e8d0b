/**
 * The guard in front of every receipt look-up of the victim's channel: it
 * counts failed look-ups per caller (a short window shared with
 * POST /reports/status, and a day-long one, so a caller who keeps guessing
 * backs off from minutes to a day) and per receipt value, and answers
 * wrong, unknown and rotated receipts alike. Only failures count: a look-up
 * that finds a report gives its reserved attempts back.
 */
import { parseReceipt, type Receipt, type ReceiptBook } from '../receipts/receipt';
import type { FailureCounter } from '../status/look-up-status';

export interface GateLimit {
  max: number;
  windowSeconds: number;
}

export interface ReceiptGateDeps {
  receipts: ReceiptBook;
  failures: FailureCounter;
  resolve: (lookupKey: string) => Promise<string | undefined>;
  /** Per caller, per window: the same counter and window as the status look-up, so both share one budget. */
  perCaller: GateLimit;
  /** Per caller, per day: the back-off once the short windows keep running out. */
  perCallerDaily: GateLimit;
  /** Per receipt value, per window, whoever asks. */
  perReceipt: GateLimit;
  now?: () => Date;
}

export type GateResult =
  | { kind: 'found'; reportId: string; receipt: Receipt; lookupKey: string }
  | { kind: 'not-found' }
  | { kind: 'throttled'; retryAfterSeconds: number };

const DAY_SECONDS = 86_400;

/**
 * The limits a force's configuration gives the gate.
 *
 * @example
 * gateLimits(10, 900); // 10 per 15 minutes, 40 a day per caller; 10 per 15 minutes per receipt
 */
export function gateLimits(maxFailures: number, windowSeconds: number): Pick<ReceiptGateDeps, 'perCaller' | 'perCallerDaily' | 'perReceipt'> {
  return {
    perCaller: { max: maxFailures, windowSeconds },
    perCallerDaily: { max: maxFailures * 4, windowSeconds: DAY_SECONDS },
    perReceipt: { max: maxFailures, windowSeconds },
  };
}

/**
 * @example
 * const gate = new ReceiptGate({ receipts, failures, resolve: (key) => store.reportIdByReceipt(key), ...gateLimits(10, 900) });
 * const found = await gate.open('0387 1123 5582 9021', receipts.clientKey(sourceIp));
 */
export class ReceiptGate {
  readonly #deps: ReceiptGateDeps;

  constructor(deps: ReceiptGateDeps) {
    this.#deps = deps;
  }

  /** The report behind a receipt, counted against the caller and the receipt unless it is found. */
  async open(receiptInput: string, clientKey: string): Promise<GateResult> {
    const receipt = parseReceipt(receiptInput);
    const lookupKey = receipt ? this.#deps.receipts.lookupKey(receipt) : undefined;
    const nowSeconds = Math.floor((this.#deps.now ?? (() => new Date()))().getTime() / 1000);
    const reserved: { key: string; window: number }[] = [];
    for (const { key, limit } of [
      { key: clientKey, limit: this.#deps.perCaller },
      { key: `${clientKey}:day`, limit: this.#deps.perCallerDaily },
    ]) {
      const window = Math.floor(nowSeconds / limit.windowSeconds);
      // Count first, look up after: a burst of parallel guesses cannot pass a check made before any was counted.
      if (!(await this.#deps.failures.reserveAttempt(key, window, limit.max, (window + 2) * limit.windowSeconds))) {
        return { kind: 'throttled', retryAfterSeconds: (window + 1) * limit.windowSeconds - nowSeconds };
      }
      reserved.push({ key, window });
    }
    const reportId = lookupKey ? await this.#deps.resolve(lookupKey) : undefined;
    if (reportId && receipt && lookupKey) {
      await Promise.all(reserved.map(({ key, window }) => this.#deps.failures.forgiveAttempt(key, window)));
      return { kind: 'found', reportId, receipt, lookupKey };
    }
    // A receipt value is counted only when it fails, so a right receipt is never throttled by it, however many ask at
    // once; parallel tries of one wrong value gain a guesser nothing. Malformed input can never match and has no counter.
    if (lookupKey) {
      const limit = this.#deps.perReceipt;
      const window = Math.floor(nowSeconds / limit.windowSeconds);
      const key = this.#deps.receipts.clientKey(`receipt:${lookupKey}`);
      if (!(await this.#deps.failures.reserveAttempt(key, window, limit.max, (window + 2) * limit.windowSeconds))) {
        return { kind: 'throttled', retryAfterSeconds: (window + 1) * limit.windowSeconds - nowSeconds };
      }
    }
    return { kind: 'not-found' };
  }
}
