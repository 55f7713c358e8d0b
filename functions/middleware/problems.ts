/**
 * HTTP problems (RFC 9457) and the middleware that turns any error into one.
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

export class ValidationProblem extends HttpProblem {
  constructor(errors: FieldProblem[], title = 'The request has fields that are not valid') {
    super(400, title, 'validation-failed', errors);
    this.name = 'ValidationProblem';
  }
}

export class MalformedBodyProblem extends HttpProblem {
  constructor() {
    super(400, 'The request body is not well-formed', 'malformed-body', [{ path: '', message: 'must be a well-formed document of the declared content type' }]);
    this.name = 'MalformedBodyProblem';
  }
}

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
