/**
 * Enforcement dispatcher (purpose `enforcement`), invoked asynchronously by
 * the suspect-check route with a screened payload. Its role has no rights on
 * the table or either key (the CDK firewall aspect checks it). Not an HTTP route.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { localSigningSecrets, readIntegrationDirectory, secretsManagerSigningSecrets } from '../adapters/integrations';
import { logger, metrics } from '../adapters/observability';
import { fetchWebhookSender } from '../adapters/webhook-sender';
import { dispatchSuspectCheck } from '../domain/enforcement/suspect-check';
import { boundedByRemainingTime } from '../middleware/within-time';

function deps() {
  const env = process.env;
  return {
    directory: readIntegrationDirectory(env),
    secrets:
      env.KEY_SOURCE === 'local' && env.LOCAL_KEY_DIR
        ? localSigningSecrets(env.LOCAL_KEY_DIR)
        : secretsManagerSigningSecrets(env.INTEGRATION_SECRET_PREFIX ?? `safe-pathway/${env.FORCE_ID}/integrations/`),
    sender: fetchWebhookSender(),
  };
}

async function dispatch(event: unknown): Promise<void> {
  try {
    await dispatchSuspectCheck(deps(), event);
    metrics.addMetric('SuspectCheckDelivered', MetricUnit.Count, 1);
    logger.info('suspect check delivered');
  } catch (error) {
    metrics.addMetric('SuspectCheckFailed', MetricUnit.Count, 1);
    // Name only: a validation error's message could quote the payload.
    logger.error('suspect check not delivered', { error: (error as Error).name });
    throw error;
  }
}

export const handler = middy<unknown, void>()
  // First: every store, KMS and webhook call of the request stops at its deadline (remaining time less a margin).
  .use(boundedByRemainingTime())
  .use(injectLambdaContext(logger, { logEvent: false }))
  .use(logMetrics(metrics))
  .handler(dispatch);
