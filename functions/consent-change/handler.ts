/**
 * POST /reports/consents — the victim gives or withdraws consent per kind of
 * service; withdrawal stops the referrals of that kind not yet delivered,
 * as POST /reports/{reportId}/consent-withdrawals does for staff.
 */
import { ConsentChangeRequestSchema } from '../../schemas/channel';
import { json } from '../middleware/json';
import { channelHandler } from '../channel/channel-handler';

export const handler = channelHandler({
  // The "Check on or update your report" pages post here too (urlencoded); only such a post loads their code.
  page: 'consents',
  body: ConsentChangeRequestSchema,
  run: async (body, { runtime, clientKey }) => json(200, await runtime.channel.changeConsents(body.receipt, clientKey, { give: body.give, withdraw: body.withdraw })),
});
