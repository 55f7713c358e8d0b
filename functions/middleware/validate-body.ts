/**
 * Validates a parsed body against a zod contract and replaces it with the
 * validated value. Messages are written here from the issue code, so they
 * state the rule broken and never repeat what was submitted.
 */
import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { ValidationProblem, type FieldProblem } from './problems';

/** A path segment that is one of our own field names or an array index; anything else is masked. */
const SAFE_SEGMENT = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;

function pathOf(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : SAFE_SEGMENT.test(String(segment)) ? String(segment) : '*'))
    .join('.')
    .replace(/\.\[/g, '[');
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${issue.expected}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1
        ? 'must not be empty'
        : `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      // Our regexes carry their own message; built-in formats are named.
      return issue.format === 'regex' ? issue.message : `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return 'has fields that are not accepted';
    case 'invalid_key':
      return 'has a key that is not accepted';
    case 'invalid_union':
      return 'does not match any accepted form';
    case 'custom':
      return issue.message;
    default:
      return 'is not valid';
  }
}

/**
 * Turns zod issues into field problems (one per path and rule), with
 * messages that never include input.
 *
 * @example
 * const result = schema.safeParse(body);
 * if (!result.success) throw new ValidationProblem(fieldProblems(result.error));
 */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const problem = { path: pathOf(issue.path), message: describe(issue) };
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems.slice(0, 50);
}

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
