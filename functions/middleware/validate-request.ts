/**
 * Validates path and query parameters against zod contracts, with the same
 * never-echo messages as body validation.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { ValidationProblem } from './problems';
import { fieldProblems } from '../../schemas/field-problems';

export interface ValidateRequestOptions {
  path?: z.ZodType;
  query?: z.ZodType;
}

/**
 * Replaces `pathParameters` / `queryStringParameters` with the values the
 * schemas accept, or answers 400 naming the parameters at fault.
 *
 * @example
 * middy(handler).use(validateRequest({ path: ReportIdPathSchema, query: QueueListQuerySchema }));
 */
export const validateRequest = (options: ValidateRequestOptions = {}): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: async ({ event }) => {
    const problems = [];
    for (const [part, schema] of [['pathParameters', options.path], ['queryStringParameters', options.query]] as const) {
      if (!schema) continue;
      const result = schema.safeParse(event[part] ?? {});
      if (result.success) (event as unknown as Record<string, unknown>)[part] = result.data;
      else problems.push(...fieldProblems(result.error));
    }
    if (problems.length) throw new ValidationProblem(problems, 'The request has parameters that are not valid');
  },
});
