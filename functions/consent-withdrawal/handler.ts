/**
 * POST /reports/{reportId}/consent-withdrawals — the victim told the call handler
 * they no longer agree to (some) referrals: clear those consents in the sealed
 * body and stop the referrals not yet delivered.
 */
import { firewallRuntime } from '../wiring/firewall-runtime';
import { recordConsentWithdrawal } from '../domain/referrals/withdraw';
import { ConsentWithdrawalRequestSchema } from '../../schemas/firewall';
import { ReportIdPathSchema } from '../../schemas/queue';
import { DynamoChannelStore } from '../adapters/dynamodb/channel-store';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';

export const handler = staffHandler({
  action: 'report:withdraw-consent',
  path: ReportIdPathSchema,
  body: ConsentWithdrawalRequestSchema,
  run: async (event, { desk, audit }) => {
    const { outbox, targets, force } = await firewallRuntime();
    // The receipt channel's store, for its conditional body write; the cipher seals under the report key only.
    const store = new DynamoChannelStore(force.dynamo.document, force.config.TABLE_NAME);
    const result = await recordConsentWithdrawal({ desk, audit, outbox, targets, store, cipher: force.cipher }, event.staff, event.pathParameters?.reportId as string, event.body.recipientTypes);
    return json(200, result);
  },
});
