/**
 * The middy shell every victim route of the receipt channel
 * shares: the receipt travels in a POSTed body (JSON, or the web form's
 * urlencoded post), never in a URL; wrong, unknown and rotated receipts get
 * one 404; too many failed look-ups get 429; problems are logged by code only.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { channelRuntime, type ChannelRuntime } from '../wiring/channel-runtime';
import { logger } from '../adapters/observability';
import { ChannelBusyError, PauseOutOfRangeError, ReceiptNotFoundError, ReceiptThrottledError } from '../domain/channel/victim-channel';
import { httpProblems, NotFoundProblem, ServiceUnavailableProblem, TooManyRequestsProblem, ValidationProblem } from '../middleware/problems';
import { bodyLimit, requireContentType } from '../middleware/request-guards';
import { safeHeaders } from '../middleware/safe-headers';
import { validateBody } from '../middleware/validate-body';
import { PAUSE_MAX_DAYS } from '../../schemas/channel';

/** Maps the channel's domain errors to problems; runs before `httpProblems`. */
const channelProblems = (): MiddlewareObj => ({
  onError: async (request) => {
    const error = request.error;
    // One answer for wrong, unknown and rotated receipts, word for word the status look-up's.
    if (error instanceof ReceiptNotFoundError) request.error = new NotFoundProblem('No report matches that receipt');
    else if (error instanceof ReceiptThrottledError) {
      logger.warn('receipt look-up throttled');
      request.error = new TooManyRequestsProblem(error.retryAfterSeconds);
    } else if (error instanceof PauseOutOfRangeError) request.error = new ValidationProblem([{ path: 'until', message: `must be in the future and at most ${PAUSE_MAX_DAYS} days ahead` }]);
    else if (error instanceof ChannelBusyError) request.error = new ServiceUnavailableProblem(1);
  },
});

/** The web form's middlewares for a route's page posts (functions/middleware/channel-posts.ts). */
export interface FormPosts {
  mapBody: MiddlewareObj;
  pages: MiddlewareObj;
}

export interface ChannelRouteOptions<Schema extends z.ZodType> {
  body: Schema;
  run: (body: z.output<Schema>, context: { runtime: ChannelRuntime; clientKey: string }) => Promise<APIGatewayProxyResultV2>;
  form?: FormPosts;
}

/** A JSON answer with the given status. */
export function json(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
}

/**
 * @example
 * export const handler = channelHandler({ body: ReceiptRequestSchema, run: async (body, { runtime, clientKey }) => json(200, await runtime.channel.thread(body.receipt, clientKey)) });
 */
export function channelHandler<Schema extends z.ZodType>(options: ChannelRouteOptions<Schema>) {
  const shell = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(injectLambdaContext(logger, { logEvent: false }));
  if (options.form) shell.use(options.form.pages);
  shell
    .use(safeHeaders())
    .use(httpProblems({ logger }))
    .use(channelProblems())
    .use(httpHeaderNormalizer())
    .use(bodyLimit({ maxBytes: 16 * 1024 }))
    .use(requireContentType({ accepted: ['application/json', 'application/x-www-form-urlencoded'] }))
    .use(httpJsonBodyParser({ disableContentTypeError: true }))
    .use(httpUrlencodeBodyParser({ disableContentTypeError: true }));
  if (options.form) shell.use(options.form.mapBody);
  shell.use(validateBody({ schema: options.body }));
  return shell.handler(async (event) => {
    const runtime = await channelRuntime();
    const clientKey = runtime.force.receipts.clientKey(event.requestContext.http.sourceIp);
    return options.run((event as unknown as { body: z.output<Schema> }).body, { runtime, clientKey });
  });
}
