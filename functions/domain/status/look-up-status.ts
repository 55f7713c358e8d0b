/**
 * The victim's status look-up by receipt. Wrong and unknown receipts are one
 * indistinguishable answer. Limits count FAILURES, never successes, so they
 * never lock a victim out of a right receipt (a refuge's shared address where
 * others mistyped theirs):
 *
 * - per source: `maxFailures` failed look-ups per window; past that, the
 *   source's look-ups are still checked, but each check spends one of the
 *   force-wide budget below, and a wrong receipt answers 429;
 * - per guess space (the force's whole receipt space): at most
 *   `maxThrottledChecks` such checks per window across every throttled
 *   source. Only when a distributed attack has spent it are throttled sources
 *   refused unchecked (429) until the window ends; sources under their own
 *   limit are never affected.
 *
 * So one window lets an attacker check at most `maxFailures` guesses per
 * source plus `maxThrottledChecks` in all (README, "Receipt look-up limits").
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
  /** Checks of throttled sources' look-ups allowed per window across the whole force (the guess-space budget). */
  maxThrottledChecks?: number;
  windowSeconds: number;
  now?: () => Date;
}

export type StatusLookupResult =
  | { kind: 'found'; status: ReportStatus }
  | { kind: 'not-found' }
  | { kind: 'throttled'; retryAfterSeconds: number };

export const STATUS_LOOKUP_DEFAULTS = { maxFailures: 10, maxThrottledChecks: 1_000, windowSeconds: 900 } as const;

/** The counter key of the force-wide guess-space budget (client keys are keyed hashes, so it cannot collide). */
export const GUESS_SPACE_KEY = 'guess-space';

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
  const expiresAt = (window + 2) * deps.windowSeconds;
  // Count first, look up after: checking then counting let parallel guesses all through.
  const underOwnLimit = await deps.failures.reserveAttempt(clientKey, window, deps.maxFailures, expiresAt);
  // A throttled source is still checked, against the force-wide budget; only a spent budget refuses unchecked.
  const maxThrottledChecks = deps.maxThrottledChecks ?? STATUS_LOOKUP_DEFAULTS.maxThrottledChecks;
  if (!underOwnLimit && !(await deps.failures.reserveAttempt(GUESS_SPACE_KEY, window, maxThrottledChecks, expiresAt))) {
    return { kind: 'throttled', retryAfterSeconds };
  }
  const receipt = parseReceipt(receiptInput);
  const status = receipt ? await deps.reader.statusByReceipt(deps.receipts.lookupKey(receipt)) : undefined;
  if (status) {
    // Successes never count, against the source or the guess space.
    await deps.failures.forgiveAttempt(underOwnLimit ? clientKey : GUESS_SPACE_KEY, window);
    return { kind: 'found', status };
  }
  return underOwnLimit ? { kind: 'not-found' } : { kind: 'throttled', retryAfterSeconds };
}
