/**
 * POST /reports/consents — the victim gives or withdraws consent per kind of
 * service; withdrawal stops the referrals of that kind not yet delivered,
 * as POST /reports/{reportId}/consent-withdrawals does for staff.
 */
import { ConsentChangeRequestSchema } from '../../schemas/channel';
import { json } from '../middleware/json';
import { channelHandler } from '../channel/channel-handler';
import { channelFormPosts } from '../middleware/channel-posts';

export const handler = channelHandler({
  // The "Check on or update your report" pages post here too (urlencoded).
  form: channelFormPosts('consents'),
  body: ConsentChangeRequestSchema,
  run: async (body, { runtime, clientKey }) => json(200, await runtime.channel.changeConsents(body.receipt, clientKey, { give: body.give, withdraw: body.withdraw })),
});
