/**
 * The shell of every function that is not an HTTP route (stream consumers,
 * schedules, the enforcement dispatcher): Powertools logger context and
 * metrics flushed per invocation, nothing else. Apart from ./shells.ts so a
 * worker's bundle carries no HTTP middleware.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { boundedByRemainingTime } from './within-time';

/** The function's one logger and metrics emitter (functions/adapters/observability.ts). */
export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/**
 * @example
 * export const handler = workerShell<unknown, SweepResult>({ logger, metrics }).handler(onSchedule);
 */
export function workerShell<Event, Result>({ logger, metrics }: Observability) {
  // First: every store, KMS and webhook call of the invocation stops at its deadline (remaining time less a margin).
  return middy<Event, Result>().use(boundedByRemainingTime()).use(injectLambdaContext(logger, { logEvent: false })).use(logMetrics(metrics));
}
