/**
 * One logger and one metrics emitter per function. Log lines carry ids,
 * codes and reasons only: never an event, a body or an error's `cause`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'safe-pathway' });

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SafePathway',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'safe-pathway',
});
