/**
 * The last-line guard: before a payload leaves for a purpose, its serialised
 * form is scanned for every value the report holds in a class that purpose
 * may never receive (for enforcement: the protected section, victim and
 * reporter identity, contact details, the account…), and for a configured
 * list of canaries. A hit refuses the send. It does not trust the projection
 * or the schema before it: it looks at the bytes that would go out.
 *
 * The error names the class that matched, never the value.
 */
import { unwrapSchema, type DataClass } from '../../../schemas/data-class';
import { ReportSubmissionSchema } from '../../../schemas/report';
import type { z } from 'zod';
import type { Purpose } from '../../../schemas/purpose';
import { excludedClasses } from './flow-table';
import { classifiedLeaves } from './projection';
import { DomainError } from '../errors';

/** One value the payload must not contain, and the class it came from. */
export interface ForbiddenValue {
  dataClass: DataClass | 'canary';
  value: string;
}

/** Raised when a payload holds a forbidden value; carries the class only. */
export class ProtectedValueLeakError extends DomainError {
  constructor(
    readonly purpose: Purpose,
    readonly dataClasses: ReadonlyArray<DataClass | 'canary'>,
  ) {
    super(`payload for ${purpose} refused: it holds a value of ${dataClasses.join(', ')}`);
    this.name = 'ProtectedValueLeakError';
  }
}

/** The configured canaries as forbidden values. */
export function canaryValues(canaries: readonly string[]): ForbiddenValue[] {
  return canaries.filter((canary) => canary.trim().length > 0).map((value) => ({ dataClass: 'canary', value }));
}

/** Answers that are vocabulary, not information about a person: matching them would refuse everything. */
const VOCABULARY = new Set(['yes', 'no', 'dont-know', 'true', 'false']);
/** Shorter values than this are matched as whole words only (e.g. a nationality "UK"). */
const SHORT = 4;

/**
 * The values of `report` in classes `purpose` may never receive. Enum answers
 * are vocabulary and skipped, except in the protected class, where the status
 * itself ("spouse-or-partner-visa") is the secret.
 *
 * @example
 * const forbidden = forbiddenValues(report, 'enforcement', ['CANARY-7f3a']);
 */
export function forbiddenValues(
  report: unknown,
  purpose: Purpose,
  canaries: readonly string[] = [],
  schema: z.ZodType = ReportSubmissionSchema,
): ForbiddenValue[] {
  return [...canaryValues(canaries), ...valuesOfClasses(report, excludedClasses(purpose), schema)];
}

/**
 * The values `report` holds in the given classes, as forbidden values (enum
 * answers skipped as vocabulary, except in the protected class).
 *
 * @example
 * screenTypedText({ reason }, valuesOfClasses({ immigration: section }, ['protected-immigration']));
 */
export function valuesOfClasses(report: unknown, classes: readonly DataClass[], schema: z.ZodType = ReportSubmissionSchema): ForbiddenValue[] {
  const wanted = new Set(classes);
  const found: ForbiddenValue[] = [];
  for (const leaf of classifiedLeaves(schema)) {
    const dataClass = leaf.dataClass as DataClass;
    if (!wanted.has(dataClass)) continue;
    if (isEnum(leaf.schema) && dataClass !== 'protected-immigration') continue;
    for (const value of stringsAt(report, leaf.path.split('.'))) {
      const normal = normalise(value);
      if (normal.length === 0 || VOCABULARY.has(normal)) continue;
      found.push({ dataClass, value });
    }
  }
  return found;
}

/**
 * Refuses a serialised payload that holds any forbidden value. Both the raw
 * bytes and the decoded strings are scanned, so JSON escaping cannot hide a
 * value; matching ignores case and runs of white space.
 *
 * @example
 * assertNoForbiddenValues(JSON.stringify(payload), forbidden, 'enforcement');
 */
export function assertNoForbiddenValues(serialised: string, forbidden: readonly ForbiddenValue[], purpose: Purpose): void {
  const hits = matchingClasses(serialised, forbidden);
  if (hits.size > 0) throw new ProtectedValueLeakError(purpose, [...hits]);
}

/** Raised when text a member of staff typed holds a value it may not; names the fields and classes, never the value. */
export class TypedTextRefusedError extends DomainError {
  constructor(
    readonly fields: readonly string[],
    readonly dataClasses: ReadonlyArray<DataClass | 'canary'>,
  ) {
    super(`typed text refused in ${fields.join(', ')}: it holds a value of ${dataClasses.join(', ')}`);
    this.name = 'TypedTextRefusedError';
  }
}

/**
 * Screens what a member of staff typed, field by field, against forbidden
 * values: a field equal to or containing one is refused before anything is
 * stored or sent. Field names are paths such as `suspect.aliases.1`.
 *
 * @example
 * screenTypedText({ justification: request.justification }, forbiddenValues(report, 'enforcement', canaries));
 */
export function screenTypedText(fields: Readonly<Record<string, string | undefined>>, forbidden: readonly ForbiddenValue[]): void {
  const { fields: refused, dataClasses } = typedTextHits(fields, forbidden);
  if (refused.length > 0) throw new TypedTextRefusedError(refused, dataClasses);
}

/**
 * What {@link screenTypedText} would refuse, without refusing: the fields
 * (in the order given) that equal or contain a forbidden value, and the
 * classes they matched. Never a value.
 *
 * @example
 * typedTextHits({ 'suspect.name': 'Amina' }, forbidden); // { fields: ['suspect.name'], dataClasses: ['identity'] }
 */
export function typedTextHits(
  fields: Readonly<Record<string, string | undefined>>,
  forbidden: readonly ForbiddenValue[],
): { fields: string[]; dataClasses: (DataClass | 'canary')[] } {
  const refused: string[] = [];
  const classes = new Set<DataClass | 'canary'>();
  for (const [field, text] of Object.entries(fields)) {
    if (text === undefined) continue;
    const hits = matchingClasses(JSON.stringify(text), forbidden);
    if (hits.size === 0) continue;
    refused.push(field);
    for (const hit of hits) classes.add(hit);
  }
  return { fields: refused, dataClasses: [...classes] };
}

/**
 * A serialised payload as typed-text fields, so a screen that only screens
 * typed text covers what {@link assertNoForbiddenValues} scans: `payload`
 * holds the raw bytes, `payload.decoded` the decoded strings (JSON escaping
 * cannot hide a value from either).
 *
 * @example
 * await screen.screen(reportId, payloadFields(JSON.stringify(payload)));
 */
export function payloadFields(serialised: string): { payload: string; 'payload.decoded': string } {
  return { payload: serialised, 'payload.decoded': decodedStrings(serialised) };
}

function matchingClasses(serialised: string, forbidden: readonly ForbiddenValue[]): Set<DataClass | 'canary'> {
  const haystacks = [normalise(serialised), normalise(decodedStrings(serialised))];
  const hits = new Set<DataClass | 'canary'>();
  for (const { dataClass, value } of forbidden) {
    const needle = normalise(value);
    if (needle.length === 0) continue;
    const matcher = needle.length < SHORT ? new RegExp(`(^|[^\\p{L}\\p{N}])${escape(needle)}($|[^\\p{L}\\p{N}])`, 'u') : undefined;
    if (haystacks.some((haystack) => (matcher ? matcher.test(haystack) : haystack.includes(needle)))) hits.add(dataClass);
  }
  return hits;
}

function decodedStrings(serialised: string): string {
  try {
    const strings: string[] = [];
    JSON.parse(serialised, (key, value: unknown) => {
      strings.push(key);
      if (typeof value === 'string') strings.push(value);
      return value;
    });
    return strings.join('\n');
  } catch {
    return serialised;
  }
}

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isEnum(schema: z.ZodType): boolean {
  let current: z.ZodType = schema;
  for (let inner = unwrapSchema(current); inner; inner = unwrapSchema(current)) current = inner;
  const def = current._zod.def as { type: string; element?: z.ZodType; valueType?: z.ZodType };
  // Arrays and records of enum members (channels, days, risk answers) are vocabulary too.
  if (def.type === 'array' && def.element) return isEnum(def.element);
  if (def.type === 'record' && def.valueType) return isEnum(def.valueType);
  return def.type === 'enum' || def.type === 'boolean' || def.type === 'literal';
}

function stringsAt(source: unknown, path: readonly string[]): string[] {
  let current: unknown = source;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return [];
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current === 'string') return [current];
  if (Array.isArray(current)) return current.filter((member): member is string => typeof member === 'string');
  if (current && typeof current === 'object') return Object.values(current).filter((member): member is string => typeof member === 'string');
  return [];
}
