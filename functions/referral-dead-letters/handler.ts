/**
 * GET /referrals/dead-letters — supervisor only: referrals parked after too
 * many failed deliveries (ids, attempts, failure code, charity). The charity
 * is opened from the sealed target; nothing of the report is shown.
 */
import { firewallRuntime } from '../wiring/firewall-runtime';
import { json } from '../middleware/json';
import { supervisorHandler } from '../staff/staff-handler';

// Supervisors of this force only; refusals are audited (functions/domain/access/staff-access.ts).
export const handler = supervisorHandler({
  action: 'referral:dead-letters',
  run: async () => {
    const runtime = await firewallRuntime();
    const parked = await runtime.outbox.deadLetters(runtime.force.config.FORCE_ID, 100);
    const referrals = await Promise.all(
      // A parked referral always has its target: the retention worker cancels it (off this index) as it removes it.
      parked.flatMap((referral) => (referral.sealedTarget ? [{ ...referral, sealedTarget: referral.sealedTarget }] : [])).map(async (referral) => {
        const target = await runtime.targets.open(referral.sealedTarget, { forceId: referral.forceId, reportId: referral.reportId });
        return {
          referralId: referral.referralId,
          reportId: referral.reportId,
          charityId: target.charityId,
          attempts: referral.attempts,
          lastFailure: referral.lastFailure,
          createdAt: referral.createdAt,
        };
      }),
    );
    return json(200, { referrals });
  },
});
