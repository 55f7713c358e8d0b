/**
 * POST /reports/receipt — the victim swaps their receipt for a new one: the
 * old one stops at once for every route and then answers exactly like a
 * receipt that never existed; the new one is shown in this answer only.
 */
import { ReceiptRequestSchema } from '../../schemas/channel';
import { json } from '../middleware/json';
import { channelHandler } from '../channel/channel-handler';

export const handler = channelHandler({
  // The "Check on or update your report" pages post here too (urlencoded); only such a post loads their code.
  page: 'receipt',
  body: ReceiptRequestSchema,
  run: async (body, { runtime, clientKey }) => json(201, { receipt: await runtime.channel.rotateReceipt(body.receipt, clientKey) }),
});
