/**
 * Field problems: which field of a request is at fault and which rule it
 * broke, as a 400's `errors` and the web form's error summary name them.
 * Messages are written here from the zod issue code, so they state the rule
 * broken and never repeat what was submitted.
 */
import type { z } from 'zod';

/**
 * One field at fault: where it is and what rule it broke.
 *
 * @example
 * const problem: FieldProblem = { path: 'victim.name', message: 'must not be empty' };
 */
export interface FieldProblem {
  path: string;
  message: string;
}

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
