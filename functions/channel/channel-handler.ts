/**
 * The handler factory of the victim's receipt routes: the receipt shell
 * (functions/middleware/shells.ts) wired to the channel runtime. The receipt
 * travels in a POSTed body (JSON, or the web form's urlencoded post), never
 * in a URL; wrong, unknown and rotated receipts get one 404 and too many
 * failed look-ups 429 (functions/middleware/problem-table.ts). The
 * "Check on or update your report" page that posts to a route is answered
 * with pages (functions/middleware/channel-posts.ts), whose code, pages and
 * locales load on the first urlencoded post only: a JSON request's cold start
 * reads none of web/ (functions/middleware/lazy-form-posts.ts).
 */
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { channelRuntime, type ChannelRuntime } from '../wiring/channel-runtime';
import { logger, metrics } from '../adapters/observability';
import type { ChannelPage } from '../middleware/channel-posts';
import { lazyFormPosts, type FormPostMiddlewares } from '../middleware/lazy-form-posts';
import { receiptShell } from '../middleware/shells';

export interface ChannelRouteOptions<Schema extends z.ZodType> {
  body: Schema;
  run: (body: z.output<Schema>, context: { runtime: ChannelRuntime; clientKey: string }) => Promise<APIGatewayProxyResultV2>;
  /** The "Check on or update your report" page that posts here (urlencoded); only such a post loads its code. */
  page?: ChannelPage;
}

/** The page's form-post middlewares, loaded on the first urlencoded post and never for JSON (a chunk of their own). */
function pagePosts(page: ChannelPage): FormPostMiddlewares {
  return lazyFormPosts(() => import('../middleware/channel-posts').then((web) => web.channelFormPosts(page)));
}

/**
 * @example
 * export const handler = channelHandler({ page: 'thread', body: ReceiptRequestSchema, run: async (body, { runtime, clientKey }) => json(200, await runtime.channel.thread(body.receipt, clientKey)) });
 */
export function channelHandler<Schema extends z.ZodType>(options: ChannelRouteOptions<Schema>) {
  return receiptShell({ logger, metrics }, { body: options.body, form: options.page && pagePosts(options.page) }).handler(async (event) => {
    const runtime = await channelRuntime();
    const clientKey = runtime.force.receipts.clientKey(event.requestContext.http.sourceIp);
    return options.run((event as unknown as { body: z.output<Schema> }).body, { runtime, clientKey });
  });
}
