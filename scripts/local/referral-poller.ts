/**
 * Locally, the referral dispatcher runs as a poller inside each force's API
 * process: the same sweep the scheduled Lambda runs in AWS, every few seconds.
 */
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { logger } from '../../functions/adapters/observability';
import { startPoller } from './poller';

/**
 * @example
 * const stop = startReferralPoller(2000);
 */
export function startReferralPoller(intervalMs: number): () => void {
  return startPoller(intervalMs, 'referral sweep', async () => {
    const { dispatcher, force } = await firewallRuntime();
    for (const result of await dispatcher.sweep(force.config.FORCE_ID)) {
      logger.info('referral delivery', { referralId: result.referralId, outcome: result.outcome, attempts: result.attempts, failure: result.failure });
    }
  });
}
