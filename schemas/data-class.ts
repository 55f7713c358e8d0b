/**
 * Data classes: every field of a report carries exactly one. The class — not
 * the field name — decides where a value may flow (see functions/domain/policy),
 * how long it is kept, and under which key it is encrypted.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';

// Only ZodType is extended: passing the whole namespace would keep every
// zod module (all locales, JSON Schema conversion) in each function bundle.
extendZodWithOpenApi({ ZodType: z.ZodType } as unknown as Parameters<typeof extendZodWithOpenApi>[0]);

export const DATA_CLASSES = [
  'routing',
  'incident',
  'account',
  'identity',
  'contact',
  'risk',
  'special',
  'support',
  'consent',
  'suspect',
  'protected-immigration',
  // The victim's receipt channel: what staff write to the victim.
  'staff-message',
] as const;

export type DataClass = (typeof DATA_CLASSES)[number];

/** What each class holds, in words a data-protection officer can check. */
export const DATA_CLASS_DESCRIPTIONS: Record<DataClass, string> = {
  routing: 'Metadata the queue needs in plaintext: force, grade, priority, status, times. Never reveals anything protected.',
  incident: 'Structured facts of what happened: kind of abuse, when, whether it is ongoing.',
  account: 'Free text in the victim’s or reporter’s own words (the account, the suspect description), and where it happened.',
  identity: 'Who the victim or the reporter is: names, date of birth, postcode, organisation.',
  contact: 'The safe-contact plan: channels, numbers, times, safe word, device monitoring.',
  risk: 'Raw answers to the risk indicator questions, including "don’t know".',
  special: 'Sensitive processing under DPA 2018 s.35: health, disability, accessibility needs.',
  support: 'Language and interpreter needs, kept apart from nationality.',
  consent: 'Which kinds of support service the victim agreed may receive a referral.',
  suspect: 'Structured suspect identifiers: name, relationship, whether they live with the victim. Never free text the victim wrote.',
  'protected-immigration':
    'Immigration status and its proxies: visa, dependency, documents, NRPF, nationality, country of birth, related notes. Encrypted under the separate safeguarding key; never reaches enforcement.',
  'staff-message':
    'What force staff write to the victim through the receipt channel. Sealed under the report key; the victim’s own replies are `account`.',
};

/** The registry that binds zod schemas to their data class. */
export const dataClassRegistry = z.registry<{ dataClass: DataClass }>();

/**
 * Marks a field schema with its data class (and documents it in OpenAPI as
 * `x-data-class`). Wrappers such as `.optional()` keep the class of the
 * schema they wrap.
 *
 * @example
 * const name = classified('identity', z.string().max(200));
 * const schema = z.object({ name: name.optional() });
 */
export function classified<T extends z.ZodType>(dataClass: DataClass, schema: T): T {
  const documented = schema.openapi({ 'x-data-class': dataClass } as Record<string, unknown>) as T;
  dataClassRegistry.add(documented, { dataClass });
  return documented;
}

/** The data class of a schema, looking through optional/nullable/default wrappers. */
export function dataClassOf(schema: z.ZodType): DataClass | undefined {
  let current: z.ZodType | undefined = schema;
  while (current) {
    const found = dataClassRegistry.get(current);
    if (found) return found.dataClass;
    current = unwrap(current);
  }
  return undefined;
}

/** The schema inside an optional/nullable/default/… wrapper, or undefined for a bare schema. */
export function unwrapSchema(schema: z.ZodType): z.ZodType | undefined {
  return unwrap(schema);
}

function unwrap(schema: z.ZodType): z.ZodType | undefined {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return def.innerType;
    default:
      return undefined;
  }
}

/** A leaf field of an object schema with the class it carries (if any). */
export interface ClassifiedField {
  /** Dotted path; array elements appear as `[]`, record values as `{}`. */
  path: string;
  dataClass: DataClass | undefined;
  /** The leaf's schema as declared (wrappers included). */
  schema: z.ZodType;
}

/**
 * Lists every leaf field of an object schema with its data class. A leaf is
 * anything that is not an object; arrays and records are leaves when their
 * element is a leaf, and are walked into otherwise.
 */
export function classifiedFields(schema: z.ZodType, prefix = ''): ClassifiedField[] {
  let current: z.ZodType = schema;
  for (let inner = unwrap(current); inner; inner = unwrap(current)) current = inner;
  const def = current._zod.def as {
    type: string;
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    valueType?: z.ZodType;
  };
  if (def.type === 'object' && def.shape) {
    return Object.entries(def.shape).flatMap(([key, child]) =>
      classifiedFields(child, prefix ? `${prefix}.${key}` : key),
    );
  }
  const nested = def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
  if (nested && isObject(nested)) {
    return classifiedFields(nested, `${prefix}${def.type === 'array' ? '[]' : '{}'}`);
  }
  return [{ path: prefix, dataClass: dataClassOf(schema), schema }];
}

function isObject(schema: z.ZodType): boolean {
  let current: z.ZodType = schema;
  for (let inner = unwrap(current); inner; inner = unwrap(current)) current = inner;
  return (current._zod.def as { type: string }).type === 'object';
}
