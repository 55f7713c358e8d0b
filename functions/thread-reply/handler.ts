/**
 * POST /reports/thread/replies — the victim replies in the thread; staff see
 * an unread reply in the queue. The text is sealed as `account`.
 */
import { ReplyRequestSchema } from '../../schemas/channel';
import { json } from '../middleware/json';
import { channelHandler } from '../channel/channel-handler';

export const handler = channelHandler({
  // The "Check on or update your report" pages post here too (urlencoded); only such a post loads their code.
  page: 'reply',
  body: ReplyRequestSchema,
  run: async (body, { runtime, clientKey }) => json(201, await runtime.channel.reply(body.receipt, clientKey, body.text)),
});
