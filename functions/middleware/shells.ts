/**
 * The middy shell of each kind of route, so every route of a kind logs,
 * counts, refuses and fails the same way. Every HTTP shell: Powertools
 * logger context, metrics flushed per invocation, security headers, problems
 * (counted as `RequestRefused` / `RequestFailed`) with domain errors mapped
 * by the one table (./problem-table.ts), normalised headers; then its own
 * guards, body parsing and validation.
 *
 * - {@link intakeShell}: public, JSON or the web form's urlencoded posts (POST /reports, status look-up);
 * - {@link receiptShell}: the victim's receipt routes (the receipt travels in the body);
 * - {@link pageShell}: the server-rendered web form's own pages (HTML answers);
 * - {@link staffShell}: signed-in staff, authorised (and refusals audited) before validation;
 * - `workerShell` (./worker-shell.ts, kept apart so a worker's bundle holds no HTTP code):
 *   functions that are not HTTP routes (streams, schedules, the enforcement dispatcher).
 *
 * The supervisor routes use the staff shell with a supervisor-only action
 * (functions/staff/staff-handler.ts `supervisorHandler`).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { authorise, type AuthoriseOptions } from './authorise';
import type { FormPostMiddlewares } from './lazy-form-posts';
import { domainProblems } from './problem-table';
import { httpProblems, INTAKE_OUTCOME_UNKNOWN } from './problems';
import { bodyLimit, limitNesting, REPORT_BODY_MAX_BYTES, requireContentType } from './request-guards';
import { safeHeaders } from './safe-headers';
import { boundedByRemainingTime } from './within-time';
import { validateBody } from './validate-body';
import { validateRequest } from './validate-request';
import type { Observability } from './worker-shell';

export { workerShell, type Observability } from './worker-shell';


type HttpShell = middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;

interface HttpShellOptions {
  /** Middlewares that must see the final answer and every error first (the web form's pages), outermost first. */
  outer?: readonly (MiddlewareObj<APIGatewayProxyEventV2> | undefined)[];
  /** Titles of a 500 and a 503 where the route must say more than "try again". */
  failureTitle?: string;
  unavailableTitle?: string;
  /**
   * Off (0) for routes that bound their own time and must answer with a written outcome (the claim): for them
   * neither middy's early timeout nor the request deadline of `boundedByRemainingTime` runs, since cutting a
   * lease write off mid-flight would leave its outcome unknown.
   */
  timeoutEarlyInMillis?: number;
}

/** The part every HTTP shell shares. */
function httpShell({ logger, metrics }: Observability, options: HttpShellOptions = {}): HttpShell {
  const boundsItsOwnTime = options.timeoutEarlyInMillis === 0;
  const shell = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>(options.timeoutEarlyInMillis === undefined ? {} : { timeoutEarlyInMillis: options.timeoutEarlyInMillis });
  // First: every store, KMS and webhook call of the request (the refusal audit included) stops at its deadline.
  if (!boundsItsOwnTime) shell.use(boundedByRemainingTime());
  shell
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics));
  for (const middleware of options.outer ?? []) if (middleware) shell.use(middleware);
  return shell
    .use(safeHeaders())
    .use(httpProblems({ logger, metrics, failureTitle: options.failureTitle, unavailableTitle: options.unavailableTitle }))
    .use(domainProblems({ logger, metrics }))
    .use(httpHeaderNormalizer());
}

export interface PublicBodyOptions {
  body: z.ZodType;
  /** The largest body the route takes; the intake's default is {@link formBodyMaxBytes}. */
  maxBytes?: number;
  /** The pages' posts to this route, loaded only for a form post (./lazy-form-posts.ts around ./form-posts.ts or ./channel-posts.ts). */
  form?: FormPostMiddlewares;
}

/** The largest report body (or form step): `MAX_BODY_BYTES` where the stack sets it, else {@link REPORT_BODY_MAX_BYTES}. */
function formBodyMaxBytes(): number {
  return Number(process.env.MAX_BODY_BYTES ?? REPORT_BODY_MAX_BYTES);
}

/** A public route's body: JSON or the web form's urlencoded post, one validation for both. */
function publicBody(shell: HttpShell, options: PublicBodyOptions & { maxBytes: number }): HttpShell {
  shell
    .use(bodyLimit({ maxBytes: options.maxBytes }))
    .use(requireContentType({ accepted: ['application/json', 'application/x-www-form-urlencoded'] }))
    .use(limitNesting())
    .use(httpJsonBodyParser({ disableContentTypeError: true }))
    .use(httpUrlencodeBodyParser({ disableContentTypeError: true }));
  if (options.form) shell.use(options.form.mapBody);
  return shell.use(validateBody({ schema: options.body })) as unknown as HttpShell;
}

/**
 * Public intake: a report or a status look-up, as JSON or the web form's post.
 * With `outcomeUnknown`, a 500 or 503 says the report may have been stored and that a retry with the same key is safe.
 *
 * @example
 * export const handler = intakeShell(observability, { body: ReportSubmissionSchema, outcomeUnknown: true }).handler(submit);
 */
export function intakeShell(observability: Observability, options: PublicBodyOptions & { outcomeUnknown?: boolean }): HttpShell {
  // A form post from another website is refused before its body is read (./cross-site.ts).
  const shell = httpShell(observability, { outer: [options.form?.crossSite, options.form?.pages], ...(options.outcomeUnknown ? INTAKE_OUTCOME_UNKNOWN : {}) });
  return publicBody(shell, { ...options, maxBytes: options.maxBytes ?? formBodyMaxBytes() });
}

/**
 * The victim's receipt routes: the receipt is in the POSTed body, never the URL.
 *
 * @example
 * export const handler = receiptShell(observability, { body: ReceiptRequestSchema }).handler(thread);
 */
export function receiptShell(observability: Observability, options: PublicBodyOptions): HttpShell {
  const shell = httpShell(observability, { outer: [options.form?.crossSite, options.form?.pages] });
  return publicBody(shell, { ...options, maxBytes: options.maxBytes ?? 16 * 1024 });
}

/**
 * The web form's own pages: GET renders, POST (urlencoded only) takes a step.
 * `pages` turns every answer and failure into a page; `crossSite` refuses another website's posts first.
 *
 * @example
 * export const handler = pageShell(observability, { crossSite: refuseCrossSiteForms(), pages: htmlPages() }).handler(serveForm);
 */
export function pageShell(observability: Observability, options: { crossSite: MiddlewareObj<APIGatewayProxyEventV2>; pages: MiddlewareObj<APIGatewayProxyEventV2>; maxBytes?: number }): HttpShell {
  return httpShell(observability, { outer: [options.crossSite, options.pages] })
    .use(forPosts(bodyLimit({ maxBytes: options.maxBytes ?? formBodyMaxBytes() })))
    .use(forPosts(requireContentType({ accepted: ['application/x-www-form-urlencoded'] })))
    .use(forPosts(httpUrlencodeBodyParser() as MiddlewareObj<APIGatewayProxyEventV2>));
}

/** Only POSTs carry a body; GET has none to check. */
function forPosts(middleware: MiddlewareObj<APIGatewayProxyEventV2>): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: async (request) => {
      if (request.event.requestContext.http.method === 'POST') await middleware.before?.(request as never);
    },
  };
}

export interface StaffShellOptions extends AuthoriseOptions {
  path?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The largest JSON body the route takes; defaults to 4 KiB. */
  maxBytes?: number;
  boundsItsOwnTime?: boolean;
}

/**
 * Signed-in staff: authorisation first (a refused caller learns nothing from validation), then path, query and body.
 *
 * @example
 * export const handler = staffShell(observability, { action: 'queue:claim', context: staffRuntime }).handler(claim);
 */
export function staffShell(observability: Observability, options: StaffShellOptions): HttpShell {
  const shell = httpShell(observability, options.boundsItsOwnTime ? { timeoutEarlyInMillis: 0 } : {})
    .use(authorise({ action: options.action, context: options.context }))
    .use(validateRequest({ path: options.path, query: options.query }));
  if (!options.body) return shell;
  return shell
    .use(bodyLimit({ maxBytes: options.maxBytes ?? 4 * 1024 }))
    .use(requireContentType({ accepted: ['application/json'] }))
    .use(limitNesting())
    .use(httpJsonBodyParser())
    .use(validateBody({ schema: options.body })) as unknown as HttpShell;
}
