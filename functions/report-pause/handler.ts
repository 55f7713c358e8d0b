/**
 * POST /reports/pause — "not safe now": every contact attempt is refused
 * until the time the victim chose (at most 30 days ahead), or until they
 * lift the pause. Messages can still be left for them.
 */
import { PauseRequestSchema } from '../../schemas/channel';
import { json } from '../middleware/json';
import { channelHandler } from '../channel/channel-handler';

export const handler = channelHandler({
  // The "Check on or update your report" pages post here too (urlencoded); only such a post loads their code.
  page: 'pause',
  body: PauseRequestSchema,
  run: async (body, { runtime, clientKey }) =>
    json(200, await runtime.channel.pause(body.receipt, clientKey, body.action === 'pause' ? new Date(body.until) : undefined)),
});
