/**
 * The deadline of the request being served, carried by the request's own
 * asynchronous context (AsyncLocalStorage), so every call the request makes
 * (DynamoDB through any store, KMS through the report key sources, a webhook)
 * can be cut off when the request's time is up or the request is answered,
 * without threading a signal through every port. The same signal names the
 * invocation whose report keys functions/adapters/crypto/report-keys.ts holds. The middy middleware `boundedByRemainingTime`
 * (functions/middleware/within-time.ts) sets it; the adapters obey it
 * (functions/adapters/request-deadline.ts). Outside a request (scripts,
 * tests) there is no deadline and nothing changes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const deadlines = new AsyncLocalStorage<AbortSignal>();

/**
 * The signal of the request being served (aborted when its time is up or it
 * was answered), or undefined outside a request.
 *
 * @example
 * await fetch(url, { signal: currentDeadline() });
 */
export function currentDeadline(): AbortSignal | undefined {
  return deadlines.getStore();
}

/**
 * Makes `signal` the deadline of the rest of the current asynchronous
 * context: the caller's later awaits and everything they start. Called
 * synchronously at the start of a request (a middy `before`).
 *
 * @example
 * enterDeadline(controller.signal);
 */
export function enterDeadline(signal: AbortSignal): void {
  deadlines.enterWith(signal);
}

/**
 * Runs `work` under `signal` (or under no deadline at all, `undefined`):
 * for work that must finish once started whatever the request's time, and for tests.
 *
 * @example
 * await withDeadline(AbortSignal.timeout(1_000), () => store.report(reportId));
 */
export function withDeadline<T>(signal: AbortSignal | undefined, work: () => T): T {
  return signal ? deadlines.run(signal, work) : deadlines.exit(work);
}

/** `signal` and the request's deadline, whichever aborts first (either alone when the other is absent). */
export function boundedSignal(signal?: AbortSignal): AbortSignal | undefined {
  const deadline = currentDeadline();
  if (!deadline) return signal;
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}
