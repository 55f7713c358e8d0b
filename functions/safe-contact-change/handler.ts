/**
 * POST /reports/safe-contact — the victim replaces their safe-contact plan;
 * every later contact attempt is checked against the new one.
 */
import { SafeContactChangeRequestSchema } from '../../schemas/channel';
import { json } from '../middleware/json';
import { channelHandler } from '../channel/channel-handler';

export const handler = channelHandler({
  // The "Check on or update your report" pages post here too (urlencoded); only such a post loads their code.
  page: 'plan',
  body: SafeContactChangeRequestSchema,
  run: async (body, { runtime, clientKey }) => {
    await runtime.channel.changePlan(body.receipt, clientKey, body.safeContact);
    return json(204, undefined);
  },
});
