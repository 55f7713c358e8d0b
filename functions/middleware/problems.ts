/**
 * HTTP problems (RFC 9457): every problem class the API answers with, in this
 * one module, and the middleware that turns any error into one. Domain errors
 * become problems through one table (./problem-table.ts).
 *
 * The answer names the fields at fault and the rule they broke, never the
 * value submitted; an unexpected error answers a bare 500 and is logged by
 * name only, because error messages and causes may carry request content.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { FieldProblem } from '../../schemas/field-problems';
import { SECTION_OF } from '../../schemas/retention';
import { CONTACT_REFUSAL_REASONS, type ContactRefusalReason } from '../domain/contact-policy/contact-policy';
import type { ClassRetention } from '../domain/retention/retention';

export type { FieldProblem } from '../../schemas/field-problems';

/** An error that answers with a given HTTP status and a problem document. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly code: string,
    readonly errors?: FieldProblem[],
    readonly headers: Record<string, string> = {},
    /** RFC 9457 `detail`: this occurrence, in words (codes and dates only, never request content). */
    readonly detail?: string,
  ) {
    super(title);
    this.name = 'HttpProblem';
  }
}

/**
 * A problem class whose every occurrence says the same thing, so it takes no arguments: `new ForbiddenProblem()`.
 * The class name is given, not derived: the bundles are minified.
 *
 * @example
 * export const ForbiddenProblem = fixedProblem('ForbiddenProblem', 403, 'forbidden', 'You may not do this');
 */
function fixedProblem(name: string, status: number, code: string, title: string, fixed: { errors?: readonly FieldProblem[]; headers?: Record<string, string> } = {}) {
  return class extends HttpProblem {
    constructor() {
      super(status, title, code, fixed.errors?.map((error) => ({ ...error })), { ...fixed.headers });
      this.name = name;
    }
  };
}

export class ValidationProblem extends HttpProblem {
  constructor(errors: FieldProblem[], title = 'The request has fields that are not valid') {
    super(400, title, 'validation-failed', errors);
    this.name = 'ValidationProblem';
  }
}

export const MalformedBodyProblem = fixedProblem('MalformedBodyProblem', 400, 'malformed-body', 'The request body is not well-formed', {
  errors: [{ path: '', message: 'must be a well-formed document of the declared content type' }],
});

export class PayloadTooLargeProblem extends HttpProblem {
  constructor(maxBytes: number) {
    super(413, 'The request body is too large', 'payload-too-large', [{ path: '', message: `must be at most ${maxBytes} bytes` }]);
    this.name = 'PayloadTooLargeProblem';
  }
}

export class UnsupportedMediaTypeProblem extends HttpProblem {
  constructor(accepted: readonly string[]) {
    super(415, 'The request content type is not supported', 'unsupported-media-type', [
      { path: 'Content-Type', message: `must be one of: ${accepted.join(', ')}` },
    ]);
    this.name = 'UnsupportedMediaTypeProblem';
  }
}

export class NotFoundProblem extends HttpProblem {
  constructor(title = 'Not found') {
    super(404, title, 'not-found');
    this.name = 'NotFoundProblem';
  }
}

export class ConflictProblem extends HttpProblem {
  constructor(code: string, title: string, headers: Record<string, string> = {}) {
    super(409, title, code, undefined, headers);
    this.name = 'ConflictProblem';
  }
}

export class TooManyRequestsProblem extends HttpProblem {
  constructor(retryAfterSeconds: number) {
    super(429, 'Too many attempts; try again later', 'too-many-requests', undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
    this.name = 'TooManyRequestsProblem';
  }
}

export class ServiceUnavailableProblem extends HttpProblem {
  constructor(retryAfterSeconds = 5, title = 'The service is briefly unavailable; please try again') {
    super(503, title, 'service-unavailable', undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
    this.name = 'ServiceUnavailableProblem';
  }
}

export const ForbiddenProblem = fixedProblem('ForbiddenProblem', 403, 'forbidden', 'You may not do this');

export const UnauthorizedProblem = fixedProblem('UnauthorizedProblem', 401, 'unauthorized', 'Sign in first', { headers: { 'WWW-Authenticate': 'Bearer' } });

/** Raised when a JSON body nests objects or arrays deeper than any contract does. */
export class NestingTooDeepProblem extends HttpProblem {
  constructor(maxDepth: number) {
    super(400, 'The request body nests too deeply', 'nesting-too-deep', [{ path: '', message: `must not nest objects or arrays more than ${maxDepth} levels deep` }]);
    this.name = 'NestingTooDeepProblem';
  }
}

/** A form post from another website; answered with the start-again page, never with the posted answers. */
export const CrossSitePostProblem = fixedProblem('CrossSitePostProblem', 403, 'cross-site-post', 'This form was sent from another website; nothing was kept');

/**
 * 422: text a member of staff typed holds a value it may not (a protected
 * value of the report; for enforcement, any detail of the victim). Names the
 * fields, never the value; nothing was stored or sent.
 */
export class TypedTextRefusedProblem extends HttpProblem {
  constructor(fields: readonly string[]) {
    super(
      422,
      'Refused: a field you typed quotes details of the victim that may not be kept or sent there. Describe the reason without them.',
      'typed-text-refused',
      fields.map((path) => ({ path, message: 'must not contain the victim’s details, contact details, account or immigration details' })),
    );
    this.name = 'TypedTextRefusedProblem';
  }
}

/** 422: the firewall refused the payload: said plainly, with no value and no class detail beyond the rule. */
export const FirewallRefusalProblem = fixedProblem(
  'FirewallRefusalProblem',
  422,
  'firewall-refused',
  'Refused by the immigration firewall: the check would carry data an enforcement integration may never receive',
);

/** 409: the safe-contact plan does not allow this attempt; `errors` gives every reason, by code. */
export class ContactNotAllowedProblem extends HttpProblem {
  constructor(reasons: readonly ContactRefusalReason[], pausedUntil?: string) {
    super(
      409,
      'The victim’s safe-contact plan does not allow this contact',
      'contact-not-allowed',
      reasons.map((reason) => ({
        path: reason === 'voicemail-not-allowed' ? 'leaveVoicemail' : 'channel',
        message: `${reason}: ${CONTACT_REFUSAL_REASONS[reason]}${reason === 'contact-paused' && pausedUntil ? ` (paused until ${pausedUntil})` : ''}`,
      })),
    );
    this.name = 'ContactNotAllowedProblem';
  }
}

export class WorkConflictProblem extends HttpProblem {
  constructor(code: string, title: string) {
    super(409, title, code);
    this.name = 'WorkConflictProblem';
  }
}

/** 410: the section asked for was removed under the force's retention policy; says which, and when. */
export class ClassRemovedProblem extends HttpProblem {
  constructor(retention: Required<Pick<ClassRetention, 'dataClass' | 'dueAt' | 'removedAt'>>) {
    const { dataClass, dueAt, removedAt } = retention;
    const section = SECTION_OF[dataClass];
    super(
      410,
      'This part of the report has been removed under the force’s retention policy',
      'class-removed',
      [{ path: section, message: `removed ${removedAt} (scheduled for ${dueAt})` }],
      {},
      `The ${section} section was deleted on ${removedAt.slice(0, 10)} (due ${dueAt.slice(0, 10)}); no copy is kept that the service can open. The rest of the report is unaffected.`,
    );
    this.name = 'ClassRemovedProblem';
  }
}

/** Errors of the storage layer that mean "try again", not "bug". */
const UNAVAILABLE = new Set([
  'IdempotencyPersistenceLayerError',
  'TimeoutError',
  'RequestTimeout',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'KMSInternalException',
  'KeyUnavailableException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

function isUnavailable(error: Error & { code?: string; cause?: unknown }): boolean {
  if (UNAVAILABLE.has(error.name) || (error.code && NETWORK_CODES.has(error.code))) return true;
  const cause = error.cause;
  return cause instanceof Error ? isUnavailable(cause) : false;
}

/** What a 500 says unless the route says more (the intake: that the outcome is unknown). */
export const DEFAULT_FAILURE_TITLE = 'Something went wrong; please try again';

/**
 * What the intake's 500 and 503 say: a failure after the write started may
 * have stored the report, so the answer says so, and says how to retry safely.
 */
export const INTAKE_OUTCOME_UNKNOWN = {
  failureTitle: 'Something went wrong. Your report may have been stored: sending it again with the same Idempotency-Key is safe and will not store it twice',
  unavailableTitle:
    'The service is briefly unavailable. Your report may have been stored: sending it again with the same Idempotency-Key is safe and will not store it twice',
} as const;

/** Maps an error to the problem it answers with. Middy's own HTTP errors keep their status. */
export function problemFor(error: unknown, failureTitle: string = DEFAULT_FAILURE_TITLE, unavailableTitle?: string): HttpProblem {
  if (error instanceof ServiceUnavailableProblem && unavailableTitle) return new ServiceUnavailableProblem(Number(error.headers['Retry-After'] ?? 5), unavailableTitle);
  if (error instanceof HttpProblem) return error;
  const failure = error as Error & { statusCode?: number; expose?: boolean };
  if (failure?.statusCode === 415) return new UnsupportedMediaTypeProblem(['application/json']);
  if (failure?.statusCode === 422 || failure instanceof SyntaxError) return new MalformedBodyProblem();
  if (failure instanceof Error && isUnavailable(failure)) return new ServiceUnavailableProblem(5, unavailableTitle);
  return new HttpProblem(500, failureTitle, 'internal-error');
}

/** Serialises a problem as an API Gateway v2 response. */
export function problemResponse(problem: HttpProblem): APIGatewayProxyResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': 'application/problem+json', ...problem.headers },
    body: JSON.stringify({
      type: `https://safe-pathway.invalid/problems/${problem.code}`,
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
    }),
  };
}

export interface HttpProblemsOptions {
  logger?: Logger;
  /** Counts refusals (4xx) and failures (5xx): codes only, never content. */
  metrics?: Metrics;
  /** The title of a 500; defaults to {@link DEFAULT_FAILURE_TITLE}. */
  failureTitle?: string;
  /** The title of a 503, where the route must say more than "try again" (the intake: the outcome is unknown). */
  unavailableTitle?: string;
}

/**
 * Answers every error with a problem document and logs it by name and code.
 *
 * @example
 * middy(handler).use(httpProblems({ logger }));
 */
export const httpProblems = (options: HttpProblemsOptions = {}): MiddlewareObj => ({
  onError: async (request) => {
    const problem = problemFor(request.error, options.failureTitle, options.unavailableTitle);
    const fields = problem.errors?.map((error) => error.path);
    const entry = { code: problem.code, status: problem.status, error: (request.error as Error | undefined)?.name, fields };
    const failed = problem.status >= 500;
    if (failed) options.logger?.error('request failed', entry);
    else options.logger?.info('request refused', entry);
    options.metrics?.addMetric(failed ? 'RequestFailed' : 'RequestRefused', MetricUnit.Count, 1);
    request.response = problemResponse(problem);
  },
});
