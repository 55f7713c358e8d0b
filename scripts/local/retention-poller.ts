/**
 * Locally, the retention worker runs as a poller inside each force's API
 * process: the same sweep the scheduled Lambda runs in AWS (every 15 minutes
 * there), on a shorter interval.
 */
import { logger } from '../../functions/adapters/observability';
import { retentionRuntime } from '../../functions/wiring/retention-runtime';
import { sweepRetention } from '../../functions/domain/retention/sweep';
import { startPoller } from './poller';

/**
 * @example
 * const stop = startRetentionPoller(60_000);
 */
export function startRetentionPoller(intervalMs: number): () => void {
  const deps = retentionRuntime(process.env);
  return startPoller(intervalMs, 'retention sweep', async (startedAt) => {
    // Each run stops well inside the interval; the next one carries on.
    const result = await sweepRetention(
      { ...deps, onFailure: (removal, error) => logger.error('retention removal failed', { reportId: removal.reportId, error: (error as Error).name }) },
      { remainingMs: () => intervalMs - (Date.now() - startedAt), reserveMs: Math.min(5_000, intervalMs / 2) },
    );
    if (result.removed + result.failed > 0) logger.info('retention sweep', { ...result });
  });
}
