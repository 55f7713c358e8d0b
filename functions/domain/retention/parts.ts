/**
 * Which classes of the report body are sealed together: one part
 * per distinct retention period, so that every class leaves on its own date by
 * deleting its part's ciphertext and nothing else. Classes with equal
 * retention share a part; a force with uniform retention gets one part. A
 * part's id names its classes (`account+identity`), so a stored report says
 * what each of its parts holds whatever the force config says later.
 */
import { classifiedFields } from '../../../schemas/data-class';
import { ReportSubmissionSchema, type ReportBody } from '../../../schemas/report';
import { BODY_CLASSES, type BodyClass } from '../../../schemas/retention';

export { BODY_CLASSES, type BodyClass } from '../../../schemas/retention';

/** One sealed part of the body: its id, the classes it holds, and how long they are kept. */
export interface PartPlan {
  part: string;
  dataClasses: BodyClass[];
  days: number;
}

const SEPARATOR = '+';
const isBodyClass = (value: string): value is BodyClass => (BODY_CLASSES as readonly string[]).includes(value);

/**
 * The id of the part holding `classes` (in the order of BODY_CLASSES, so equal sets have equal ids).
 *
 * @example
 * partId(['identity', 'account']); // 'account+identity'
 */
export function partId(classes: readonly BodyClass[]): string {
  return BODY_CLASSES.filter((dataClass) => classes.includes(dataClass)).join(SEPARATOR);
}

/**
 * The classes a part id names, or undefined for an id that is not one.
 *
 * @example
 * classesOfPart('account+identity'); // ['account', 'identity']
 */
export function classesOfPart(part: string): BodyClass[] | undefined {
  const classes = part.split(SEPARATOR);
  return classes.length > 0 && classes.every(isBodyClass) && partId(classes) === part ? classes : undefined;
}

/**
 * The body's parts for a force's retention: one per distinct number of days, longest first.
 *
 * @example
 * bodyParts({ incident: 730, account: 365, identity: 365, contact: 60, risk: 730, special: 180, support: 180, consent: 730, suspect: 730 });
 * // [{ part: 'incident+risk+consent+suspect', days: 730, … }, { part: 'account+identity', days: 365, … }, …]
 */
export function bodyParts(retentionDays: Readonly<Record<BodyClass, number>>): PartPlan[] {
  const byDays = new Map<number, BodyClass[]>();
  for (const dataClass of BODY_CLASSES) {
    const days = retentionDays[dataClass];
    byDays.set(days, [...(byDays.get(days) ?? []), dataClass]);
  }
  return [...byDays.entries()]
    .sort(([a], [b]) => b - a)
    .map(([days, dataClasses]) => ({ part: partId(dataClasses), dataClasses, days }));
}

/** The part holding every body class: what a force with uniform retention (or a caller naming no parts) seals. */
export const WHOLE_BODY_PART = partId(BODY_CLASSES);

/** Every leaf field of the body with its class (paths of the submission contract, the protected section left out). */
const BODY_FIELDS: { path: string[]; dataClass: BodyClass }[] = classifiedFields(ReportSubmissionSchema).flatMap((field) => {
  if (field.dataClass === 'protected-immigration') return [];
  if (!field.dataClass || !isBodyClass(field.dataClass) || /[[{]/.test(field.path)) {
    throw new Error(`report body field ${field.path} has no class a part can hold`);
  }
  return [{ path: field.path.split('.'), dataClass: field.dataClass }];
});

/**
 * The body cut into the given parts: each holds exactly the fields of its
 * classes. Throws when a class of the body is in none of them (it would be lost).
 *
 * @example
 * splitBody(body, ['incident+risk+consent+suspect', 'account+identity', 'special+support', 'contact']);
 */
export function splitBody(body: Partial<ReportBody>, parts: readonly string[]): Map<string, Record<string, unknown>> {
  const owner = new Map<BodyClass, string>();
  for (const part of parts) for (const dataClass of classesOfPart(part) ?? []) owner.set(dataClass, part);
  const pieces = new Map(parts.map((part) => [part, {} as Record<string, unknown>]));
  for (const { path, dataClass } of BODY_FIELDS) {
    const value = valueAt(body, path);
    if (value === undefined) continue;
    const part = owner.get(dataClass);
    if (!part) throw new Error(`no part holds the ${dataClass} class`);
    setAt(pieces.get(part)!, path, value);
  }
  return pieces;
}

/**
 * The body put back together from the parts still held (fields of a removed part are absent).
 *
 * @example
 * const body = mergeBody([...splitBody(body, parts).values()]);
 */
export function mergeBody(pieces: readonly Record<string, unknown>[]): ReportBody {
  const body: Record<string, unknown> = {};
  for (const piece of pieces) {
    for (const { path } of BODY_FIELDS) {
      const value = valueAt(piece, path);
      if (value !== undefined) setAt(body, path, value);
    }
  }
  return body as ReportBody;
}

function valueAt(source: unknown, path: readonly string[]): unknown {
  let current = source;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (const key of path.slice(0, -1)) {
    current[key] ??= {};
    current = current[key] as Record<string, unknown>;
  }
  current[path.at(-1)!] = value;
}
