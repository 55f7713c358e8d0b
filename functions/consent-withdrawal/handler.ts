/**
 * POST /reports/{reportId}/consent-withdrawals — the victim told the call handler
 * they no longer agree to (some) referrals: clear those consents in the sealed
 * body and stop the referrals not yet delivered.
 */
import { withdrawalRuntime } from '../wiring/withdrawal-runtime';
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
    const result = await recordConsentWithdrawal({ desk, audit, ...(await withdrawalRuntime()) }, event.staff, event.pathParameters?.reportId as string, event.body.recipientTypes);
    return json(200, result);
  },
});
