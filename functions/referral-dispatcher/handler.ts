/**
 * Referral dispatcher (purpose `support-referral`), not an HTTP route:
 * - `handler`: DynamoDB Stream → Lambda, for new referral outbox items
 *   (filter: INSERT with NewImage.type = "referral");
 * - `sweepHandler`: on a schedule, delivers referrals whose retry came due.
 * Locally, scripts/local/referral-poller.ts runs the same sweep in a loop.
 * Logs carry referral ids, outcomes and failure codes only.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { firewallRuntime } from '../wiring/firewall-runtime';
import { logger, metrics } from '../adapters/observability';
import { hasTimeFor, type DeliveryResult } from '../domain/referrals/dispatch';
import { workerShell } from '../middleware/worker-shell';

function observe(result: DeliveryResult): void {
  logger.info('referral delivery', { referralId: result.referralId, outcome: result.outcome, attempts: result.attempts, failure: result.failure });
  metrics.addMetric(`Referral_${result.outcome}`, MetricUnit.Count, 1);
}

async function onStream(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  const { dispatcher } = await firewallRuntime();
  const budget = { remainingMs: () => context.getRemainingTimeInMillis() };
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.type?.S !== 'referral') continue;
    const reportId = image.reportId?.S;
    const referralId = image.referralId?.S;
    if (!reportId || !referralId) continue;
    // Too little time left for a whole delivery: the stream hands it (or the sweep finds it) again.
    if (!hasTimeFor(budget)) {
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      continue;
    }
    try {
      observe(await dispatcher.deliver({ reportId, referralId }));
    } catch (error) {
      // The sweep retries it; the stream only reports the failed record.
      logger.error('referral delivery failed', { referralId, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
}

async function onSchedule(_event: unknown, context: Context): Promise<{ delivered: number; attempted: number }> {
  const { dispatcher, force } = await firewallRuntime();
  const results = await dispatcher.sweep(force.config.FORCE_ID, undefined, { remainingMs: () => context.getRemainingTimeInMillis() });
  results.forEach(observe);
  return { delivered: results.filter((result) => result.outcome === 'delivered').length, attempted: results.length };
}

export const handler = workerShell<DynamoDBStreamEvent, DynamoDBBatchResponse>({ logger, metrics }).handler(onStream);

export const sweepHandler = workerShell<unknown, { delivered: number; attempted: number }>({ logger, metrics }).handler(onSchedule);
