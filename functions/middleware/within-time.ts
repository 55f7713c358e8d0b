/**
 * Work done outside the handler (a middleware's own store call, such as the
 * audit record of a refusal) is outside middy's early timeout: this bounds it
 * by the function's remaining time all the same, so a hanging store answers
 * 503 in time instead of holding the caller past the function's timeout.
 */
import type { Context } from 'aws-lambda';

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
