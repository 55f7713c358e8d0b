/**
 * The victim's status look-up by receipt. Wrong and unknown receipts are one
 * indistinguishable answer; repeated failures from one client are throttled.
 */
import type { ReportStatus } from '../report';
import { parseReceipt, type ReceiptBook } from '../receipts/receipt';

/** Reads a report's coarse status by receipt look-up key. */
export interface StatusReader {
  statusByReceipt(lookupKey: string): Promise<ReportStatus | undefined>;
}

/**
 * Counts look-up attempts per client per time window. Reserving is one atomic
 * step (count and check together), so a burst of parallel guesses cannot all
 * pass the check before any of them is counted.
 */
export interface FailureCounter {
  /** Counts one attempt unless `max` are already counted; false when the caller is at the limit. */
  reserveAttempt(clientKey: string, window: number, max: number, expiresAt: number): Promise<boolean>;
  /** Takes back a reserved attempt that found a report: only failures count. */
  forgiveAttempt(clientKey: string, window: number): Promise<void>;
}

export interface StatusLookupDeps {
  receipts: ReceiptBook;
  reader: StatusReader;
  failures: FailureCounter;
  /** Failed look-ups allowed per client per window before answering 429. */
  maxFailures: number;
  windowSeconds: number;
  now?: () => Date;
}

export type StatusLookupResult =
  | { kind: 'found'; status: ReportStatus }
  | { kind: 'not-found' }
  | { kind: 'throttled'; retryAfterSeconds: number };

export const STATUS_LOOKUP_DEFAULTS = { maxFailures: 10, windowSeconds: 900 } as const;

/**
 * Looks up a report's coarse status.
 *
 * @param clientKey an opaque, already-hashed identifier of the caller (never a raw IP).
 * @example
 * const result = await lookUpStatus(deps, '0387 1123 5582 9021', clientKey);
 * if (result.kind === 'found') show(result.status);
 */
export async function lookUpStatus(
  deps: StatusLookupDeps,
  receiptInput: string,
  clientKey: string,
): Promise<StatusLookupResult> {
  const nowSeconds = Math.floor((deps.now ?? (() => new Date()))().getTime() / 1000);
  const window = Math.floor(nowSeconds / deps.windowSeconds);
  const retryAfterSeconds = (window + 1) * deps.windowSeconds - nowSeconds;
  // Count first, look up after: checking then counting let parallel guesses all through.
  if (!(await deps.failures.reserveAttempt(clientKey, window, deps.maxFailures, (window + 2) * deps.windowSeconds))) {
    return { kind: 'throttled', retryAfterSeconds };
  }
  const receipt = parseReceipt(receiptInput);
  const status = receipt ? await deps.reader.statusByReceipt(deps.receipts.lookupKey(receipt)) : undefined;
  if (status) {
    await deps.failures.forgiveAttempt(clientKey, window);
    return { kind: 'found', status };
  }
  return { kind: 'not-found' };
}
