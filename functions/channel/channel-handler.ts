/**
 * The handler factory of the victim's receipt routes: the receipt shell
 * (functions/middleware/shells.ts) wired to the channel runtime. The receipt
 * travels in a POSTed body (JSON, or the web form's urlencoded post), never
 * in a URL; wrong, unknown and rotated receipts get one 404 and too many
 * failed look-ups 429 (functions/middleware/problem-table.ts).
 */
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { channelRuntime, type ChannelRuntime } from '../wiring/channel-runtime';
import { logger, metrics } from '../adapters/observability';
import type { FormPostMiddlewares } from '../middleware/lazy-form-posts';
import { receiptShell } from '../middleware/shells';

export interface ChannelRouteOptions<Schema extends z.ZodType> {
  body: Schema;
  run: (body: z.output<Schema>, context: { runtime: ChannelRuntime; clientKey: string }) => Promise<APIGatewayProxyResultV2>;
  /** The web form's middlewares for the route's page posts (web/http/channel-posts.ts). */
  form?: FormPostMiddlewares;
}

/**
 * @example
 * export const handler = channelHandler({ body: ReceiptRequestSchema, run: async (body, { runtime, clientKey }) => json(200, await runtime.channel.thread(body.receipt, clientKey)) });
 */
export function channelHandler<Schema extends z.ZodType>(options: ChannelRouteOptions<Schema>) {
  return receiptShell({ logger, metrics }, { body: options.body, form: options.form }).handler(async (event) => {
    const runtime = await channelRuntime();
    const clientKey = runtime.force.receipts.clientKey(event.requestContext.http.sourceIp);
    return options.run((event as unknown as { body: z.output<Schema> }).body, { runtime, clientKey });
  });
}
