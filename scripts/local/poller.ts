/**
 * The one shape of the local pollers (referral dispatch, retention): a job
 * run every `intervalMs` inside a force's API process, as a schedule runs its
 * Lambda in AWS. Never two runs at once (a slow run makes the next tick skip);
 * a failed run is logged by its error's name only (a message could carry
 * content); the timer never keeps the process alive.
 */
import { logger } from '../../functions/adapters/observability';

/**
 * @example
 * const stop = startPoller(2_000, 'referral sweep', async () => { await dispatcher.sweep(forceId); });
 */
export function startPoller(intervalMs: number, job: string, run: (startedAt: number) => Promise<void>): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await run(Date.now());
    } catch (error) {
      logger.error(`${job} failed`, { error: (error as Error).name });
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
