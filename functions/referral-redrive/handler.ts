/**
 * POST /reports/{reportId}/referrals/{referralId}/redrive — supervisor only:
 * a referral parked after too many failed deliveries goes back to work once
 * the charity's endpoint is fixed. Touches no key: ids and states only.
 */
import { DynamoReferralOutbox } from '../adapters/dynamodb/referral-outbox';
import { redriveReferral } from '../domain/referrals/redrive';
import { ReferralPathSchema } from '../../schemas/firewall';
import { json } from '../middleware/json';
import { supervisorHandler } from '../staff/staff-handler';

export const handler = supervisorHandler({
  action: 'referral:redrive',
  path: ReferralPathSchema,
  run: async (event, { audit, config, dynamo }) => {
    const ref = { reportId: event.pathParameters?.reportId as string, referralId: event.pathParameters?.referralId as string };
    await redriveReferral({ outbox: new DynamoReferralOutbox(dynamo.document, config.TABLE_NAME), audit }, event.staff, ref);
    return json(202, { referralId: ref.referralId, state: 'pending' });
  },
});
