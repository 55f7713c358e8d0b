/**
 * POST /reports/thread — with the receipt (in the body, never the URL), the
 * victim reads their report's status, pause, when staff last read it, their
 * consents and the thread of messages. Recorded as the victim's look.
 */
import { ReceiptRequestSchema } from '../../schemas/channel';
import { json } from '../middleware/json';
import { channelHandler } from '../channel/channel-handler';

export const handler = channelHandler({
  // The "Check on or update your report" pages post here too (urlencoded); only such a post loads their code.
  page: 'thread',
  body: ReceiptRequestSchema,
  run: async (body, { runtime, clientKey }) => json(200, await runtime.channel.thread(body.receipt, clientKey)),
});
