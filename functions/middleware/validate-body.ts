/**
 * Validates a parsed body against a zod contract and replaces it with the
 * validated value. Messages come from schemas/field-problems.ts, so they
 * state the rule broken and never repeat what was submitted.
 */
import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { fieldProblems } from '../../schemas/field-problems';
import { ValidationProblem } from './problems';

/**
 * Replaces `event.body` with the value `schema` accepts, or answers 400.
 *
 * @example
 * middy(handler).use(httpJsonBodyParser()).use(validateBody({ schema: ReportSubmissionSchema }));
 */
export const validateBody = <S extends z.ZodType>(options: { schema: S }): MiddlewareObj<{ body: unknown }> => ({
  before: async (request) => {
    const result = options.schema.safeParse(request.event.body);
    if (!result.success) throw new ValidationProblem(fieldProblems(result.error));
    request.event.body = result.data;
  },
});
