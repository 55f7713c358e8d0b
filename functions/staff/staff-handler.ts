/**
 * The middy shell every staff route shares, so each handler is only its own
 * few lines: problems and security headers, authorisation (403 + audited
 * refusal), then request validation, then the route's function.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { StaffAction } from '../domain/access/staff-access';
import { logger } from '../adapters/observability';
import { staffRuntime, type CipherSource, type StaffRuntime } from '../wiring/staff-runtime';
import { authorise, type StaffEvent } from '../middleware/authorise';
import { httpProblems } from '../middleware/problems';
import { bodyLimit, limitNesting, requireContentType } from '../middleware/request-guards';
import { safeHeaders } from '../middleware/safe-headers';
import { validateBody } from '../middleware/validate-body';
import { validateRequest } from '../middleware/validate-request';
import { staffProblems } from './staff-problems';

export interface StaffRouteOptions<Body extends z.ZodType | undefined> {
  action: StaffAction;
  path?: z.ZodType;
  query?: z.ZodType;
  body?: Body;
  /** Only routes that open a report (e.g. `reportCipherFrom`); the rest never load the Encryption SDK. */
  cipher?: CipherSource;
  /**
   * The route bounds its own work by the remaining time and must answer with
   * the outcome of a write once it is issued (the claim): middy's early
   * timeout, which would answer 503 over a written lease, is off for it.
   */
  boundsItsOwnTime?: boolean;
  run: (event: StaffEvent<Body extends z.ZodType ? z.output<Body> : undefined>, runtime: StaffRuntime, context: Context) => Promise<APIGatewayProxyResultV2>;
}

/** A JSON answer with the given status. */
export function json(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * @example
 * export const handler = staffHandler({ action: 'queue:claim', run: async (event, { desk }) => json(200, await desk.claimNext(event.staff)) });
 */
export function staffHandler<Body extends z.ZodType | undefined = undefined>(options: StaffRouteOptions<Body>) {
  const runtime = () => staffRuntime(options.cipher);
  const shell = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>(options.boundsItsOwnTime ? { timeoutEarlyInMillis: 0 } : {})
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(safeHeaders())
    .use(httpProblems({ logger }))
    .use(staffProblems())
    .use(httpHeaderNormalizer())
    // Authorisation first: a refused caller learns nothing from validation.
    .use(authorise({ action: options.action, context: runtime }))
    .use(validateRequest({ path: options.path, query: options.query }));
  if (options.body) {
    shell
      .use(bodyLimit({ maxBytes: 4 * 1024 }))
      .use(requireContentType({ accepted: ['application/json'] }))
      .use(limitNesting())
      .use(httpJsonBodyParser())
      .use(validateBody({ schema: options.body }));
  }
  return shell.handler(async (event, context) => {
    return options.run(event as unknown as Parameters<typeof options.run>[0], await runtime(), context);
  });
}
