/**
 * The answers so far, as the browser posts them: field name → values. They
 * travel between steps in hidden fields of one POSTed form, so nothing is
 * kept on the server or in the browser between requests.
 */
import { FORM_FIELDS } from '../../schemas/form-fields';

export type FormState = Record<string, string[]>;

/** The fields the form knows (schemas/form-fields.ts); anything else a client posts is dropped. */
const KNOWN = new Set(FORM_FIELDS);
/**
 * Longer than any field the contract accepts (10 000 characters as a person
 * sees them, up to 4 UTF-16 units each), so the contract stays the judge of length.
 */
const MAX_VALUE_LENGTH = 40_000;
const MAX_VALUES_PER_FIELD = 10;

/**
 * Builds a form state from a parsed urlencoded body (`node:querystring`
 * shape: repeated names become arrays), keeping only known fields.
 *
 * @example
 * const state = formStateFrom(parse('reporter.type=victim&consent=idva&consent=victimCareUnit'));
 */
export function formStateFrom(body: Record<string, unknown> | undefined | null): FormState {
  const state: FormState = {};
  for (const [name, raw] of Object.entries(body ?? {})) {
    if (!KNOWN.has(name)) continue;
    const values = (Array.isArray(raw) ? raw : [raw])
      .filter((value): value is string => typeof value === 'string')
      .map((value) => value.slice(0, MAX_VALUE_LENGTH).replace(/\r\n/g, '\n'))
      .slice(0, MAX_VALUES_PER_FIELD);
    if (values.length) state[name] = values;
  }
  return state;
}

/** The first value of a field, trimmed; undefined when blank. */
export function text(state: FormState, name: string): string | undefined {
  const value = state[name]?.[0]?.trim();
  return value ? value : undefined;
}

/** Every non-blank value of a field. */
export function values(state: FormState, name: string): string[] {
  return (state[name] ?? []).map((value) => value.trim()).filter(Boolean);
}

/** A copy without the named fields. */
export function without(state: FormState, names: readonly string[]): FormState {
  const drop = new Set(names);
  return Object.fromEntries(Object.entries(state).filter(([name]) => !drop.has(name)));
}
