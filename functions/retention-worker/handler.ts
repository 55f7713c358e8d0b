/**
 * Retention worker, not an HTTP route: on a schedule, removes each
 * data class whose retention date has passed (crypto-shredding: its
 * ciphertext is deleted), one conditional transaction per removal, with its
 * erasure record. It stops with time to spare; the next run resumes from the
 * schedule. Locally, scripts/local/system.ts runs the same sweep on an interval.
 * Logs carry counts, report ids and error names only.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { builtOnce } from '../adapters/built-once';
import { logger, metrics } from '../adapters/observability';
import { workerShell } from '../middleware/worker-shell';
import { retentionRuntime } from '../wiring/retention-runtime';
import { sweepRetention, type SweepResult } from '../domain/retention/sweep';

const runtime = builtOnce(async () => retentionRuntime(process.env));

async function onSchedule(_event: unknown, context: Context): Promise<SweepResult> {
  const deps = await runtime.get();
  const result = await sweepRetention(
    { ...deps, onFailure: (removal, error) => logger.error('retention removal failed', { reportId: removal.reportId, dataClass: removal.dataClass, error: (error as Error).name }) },
    { remainingMs: () => context.getRemainingTimeInMillis() },
  );
  logger.info('retention sweep', { ...result });
  metrics.addMetric('Retention_removed', MetricUnit.Count, result.removed);
  metrics.addMetric('Retention_failed', MetricUnit.Count, result.failed);
  return result;
}

export const handler = workerShell<unknown, SweepResult>({ logger, metrics }).handler(onSchedule);
