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

/** Counts failed look-ups per client per time window. */
export interface FailureCounter {
  failures(clientKey: string, window: number): Promise<number>;
  recordFailure(clientKey: string, window: number, expiresAt: number): Promise<void>;
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
  if ((await deps.failures.failures(clientKey, window)) >= deps.maxFailures) {
    return { kind: 'throttled', retryAfterSeconds };
  }
  const receipt = parseReceipt(receiptInput);
  const status = receipt ? await deps.reader.statusByReceipt(deps.receipts.lookupKey(receipt)) : undefined;
  if (status) return { kind: 'found', status };
  await deps.failures.recordFailure(clientKey, window, (window + 2) * deps.windowSeconds);
  return { kind: 'not-found' };
}
