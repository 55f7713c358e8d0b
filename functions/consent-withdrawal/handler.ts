/**
 * POST /reports/{reportId}/consent-withdrawals — the victim told the call handler
 * they no longer agree to (some) referrals: stop those not yet delivered.
 */
import { firewallRuntime } from '../wiring/firewall-runtime';
import { recordConsentWithdrawal } from '../domain/referrals/withdraw';
import { ConsentWithdrawalRequestSchema } from '../../schemas/firewall';
import { ReportIdPathSchema } from '../../schemas/queue';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';

export const handler = staffHandler({
  action: 'report:withdraw-consent',
  path: ReportIdPathSchema,
  body: ConsentWithdrawalRequestSchema,
  run: async (event, { desk, audit }) => {
    const { outbox, targets } = await firewallRuntime();
    const result = await recordConsentWithdrawal({ desk, audit, outbox, targets }, event.staff, event.pathParameters?.reportId as string, event.body.recipientTypes);
    return json(200, result);
  },
});
