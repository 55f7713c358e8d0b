/**
 * Every request's work is bounded by the function's remaining time.
 * {@link boundedByRemainingTime} gives each request a deadline (its remaining
 * time less a margin to answer) that every DynamoDB and KMS call and every
 * webhook of the request obeys (functions/adapters/request-deadline.ts), and
 * that is also aborted once the request is answered, so nothing it started
 * keeps running (or writing) after the answer. Work done outside the handler
 * (a middleware's own store call, such as the audit record of a refusal) is
 * outside middy's early timeout: {@link withinRemainingTime} answers it in
 * time all the same.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { enterDeadline } from '../domain/request-deadline';

/** Time kept back for answering once the work is given up. */
const ANSWER_MARGIN_MS = 100;

/** Raised when the work did not finish in the remaining time; it maps to 503 like any store timeout. */
export class OutOfTimeError extends Error {
  constructor() {
    super('the work did not finish within the function’s remaining time');
    this.name = 'TimeoutError';
  }
}

/**
 * Resolves as `work` does, or rejects with {@link OutOfTimeError} when the
 * function's remaining time (less a margin to answer) runs out first.
 *
 * @example
 * await withinRemainingTime(audit.record(refusal), request.context);
 */
export async function withinRemainingTime<T>(work: Promise<T>, context: Pick<Context, 'getRemainingTimeInMillis'> | undefined): Promise<T> {
  const remaining = context?.getRemainingTimeInMillis?.();
  if (remaining === undefined || !Number.isFinite(remaining)) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OutOfTimeError()), Math.max(0, remaining - ANSWER_MARGIN_MS));
  });
  try {
    return await Promise.race([work, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Raised into the request's remaining work once it has been answered: nobody waits for it any more. */
export class RequestAnsweredError extends Error {
  constructor() {
    super('the request was answered; its remaining work is abandoned');
    this.name = 'RequestAnsweredError';
  }
}

/**
 * Puts a deadline on the request: `getRemainingTimeInMillis()` less a margin
 * to answer. Every AWS SDK call and webhook the request makes from here on is
 * aborted when it passes ({@link OutOfTimeError}: 503), and whatever is still
 * running when the request is answered (middy's early timeout answered over
 * the handler, or an error did) is aborted then. Use it first, before any
 * middleware that calls the store (authorise's refusal audit).
 *
 * @example
 * middy().use(boundedByRemainingTime()).use(safeHeaders()).use(httpProblems()).handler(run);
 */
export const boundedByRemainingTime = (): MiddlewareObj[] => {
  const requests = new WeakMap<object, { controller: AbortController; timer?: NodeJS.Timeout }>();
  const settle = (request: object) => {
    const bound = requests.get(request);
    if (!bound) return;
    requests.delete(request);
    clearTimeout(bound.timer);
    if (!bound.controller.signal.aborted) bound.controller.abort(new RequestAnsweredError());
  };
  return [
    // An asynchronous step first, so the deadline below enters the request's own continuation, not the caller's
    // synchronous stack (where AsyncLocalStorage.enterWith would leak it into whatever the caller does next).
    { before: async () => undefined },
    {
      // Synchronous on purpose: the deadline must enter the request's own asynchronous context (AsyncLocalStorage.enterWith).
      before: (request) => {
        const controller = new AbortController();
        const remaining = (request.context as Partial<Context> | undefined)?.getRemainingTimeInMillis?.();
        let timer: NodeJS.Timeout | undefined;
        if (remaining !== undefined && Number.isFinite(remaining)) {
          timer = setTimeout(() => controller.abort(new OutOfTimeError()), Math.max(0, remaining - ANSWER_MARGIN_MS));
          timer.unref();
        }
        requests.set(request, { controller, timer });
        enterDeadline(controller.signal);
      },
      after: settle,
      onError: settle,
    },
  ];
};
