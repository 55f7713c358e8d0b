/**
 * Projections: every outbound payload is BUILT from an allow-list of field
 * paths, never made by copying a report and deleting fields. A field that is
 * not on the allow-list cannot appear, however the report schema grows.
 *
 * A projection is checked once, when it is defined:
 * - the source schema must give every leaf field a data class (a field added
 *   without one makes every projection of that schema throw);
 * - every allowed path must exist;
 * - every class an allowed path carries must be allowed for the purpose by
 *   the flow table.
 */
import { classifiedFields, type ClassifiedField, type DataClass } from '../../../schemas/data-class';
import type { z } from 'zod';
import type { Purpose } from '../../../schemas/purpose';
import { mayFlow } from './flow-table';
import { DomainError } from '../errors';

/** Raised when a schema has fields without a data class: nothing may be projected from it. */
export class UnclassifiedFieldError extends DomainError {
  constructor(readonly paths: string[]) {
    super(`fields without a data class: ${paths.join(', ')}`);
    this.name = 'UnclassifiedFieldError';
  }
}

/** Raised when a projection asks for a class its purpose may not receive, or for a path that does not exist. */
export class PolicyViolationError extends DomainError {
  constructor(
    readonly purpose: Purpose,
    readonly path: string,
    readonly reason: 'class-not-allowed' | 'unknown-path' | 'unsupported-path',
    readonly dataClass?: DataClass,
  ) {
    super(`projection for ${purpose} may not include ${path}: ${reason}${dataClass ? ` (${dataClass})` : ''}`);
    this.name = 'PolicyViolationError';
  }
}

export interface ProjectionSpec {
  /** The purpose the payload serves; the flow table decides which classes it may hold. */
  purpose: Purpose;
  /** A name for logs and audit records, e.g. `suspect-check@v2`. */
  name: string;
  /** Dotted paths of fields (or whole sections) to copy, e.g. `suspect` or `support.language`. */
  allow: readonly string[];
}

/** A checked projection: copies exactly the allowed leaf fields, nothing else. */
export interface Projection {
  readonly purpose: Purpose;
  readonly name: string;
  /** The leaf fields it copies. */
  readonly fields: readonly ClassifiedField[];
  /** The data classes it can carry. */
  readonly dataClasses: readonly DataClass[];
  /** Builds a fresh object holding only the allowed fields present in `source`. */
  apply(source: unknown): Record<string, unknown>;
}

const leafCache = new WeakMap<z.ZodType, ClassifiedField[]>();

/** Every leaf of `schema` with its class; throws if any leaf has none. */
export function classifiedLeaves(schema: z.ZodType): ClassifiedField[] {
  let leaves = leafCache.get(schema);
  if (!leaves) {
    leaves = classifiedFields(schema);
    leafCache.set(schema, leaves);
  }
  const unclassified = leaves.filter((field) => field.dataClass === undefined).map((field) => field.path);
  if (unclassified.length > 0) throw new UnclassifiedFieldError(unclassified);
  return leaves;
}

/**
 * Defines a projection of `schema` for one purpose.
 *
 * @example
 * const suspectOnly = defineProjection(ReportSubmissionSchema, { purpose: 'enforcement', name: 'suspect-check@v2', allow: ['suspect'] });
 * const payload = suspectOnly.apply(report); // { suspect: { name, relationship, … } }
 */
export function defineProjection(schema: z.ZodType, spec: ProjectionSpec): Projection {
  const leaves = classifiedLeaves(schema);
  const fields: ClassifiedField[] = [];
  for (const path of spec.allow) {
    const matched = leaves.filter((leaf) => leaf.path === path || leaf.path.startsWith(`${path}.`));
    if (matched.length === 0) throw new PolicyViolationError(spec.purpose, path, 'unknown-path');
    for (const leaf of matched) {
      // Array-of-object and record-of-object leaves would need per-element copying; none is allowed until needed.
      if (leaf.path.includes('[]') || leaf.path.includes('{}')) throw new PolicyViolationError(spec.purpose, leaf.path, 'unsupported-path');
      const dataClass = leaf.dataClass as DataClass;
      if (!mayFlow(spec.purpose, dataClass)) throw new PolicyViolationError(spec.purpose, leaf.path, 'class-not-allowed', dataClass);
      if (!fields.some((field) => field.path === leaf.path)) fields.push(leaf);
    }
  }
  const segments = fields.map((field) => field.path.split('.'));
  return {
    purpose: spec.purpose,
    name: spec.name,
    fields,
    dataClasses: [...new Set(fields.map((field) => field.dataClass as DataClass))],
    apply(source: unknown): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const path of segments) {
        const value = readPath(source, path);
        if (value !== undefined) writePath(out, path, copyLeaf(value));
      }
      return out;
    },
  };
}

function readPath(source: unknown, path: readonly string[]): unknown {
  let current: unknown = source;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function writePath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      current[segment] = value;
      return;
    }
    current[segment] ??= {};
    current = current[segment] as Record<string, unknown>;
  });
}

/**
 * Leaves are primitives, arrays of primitives or records of primitives
 * (risk answers). Copy them so the payload shares nothing with the report,
 * and keep only primitive members, so a leaf can never smuggle a nested object.
 */
function copyLeaf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.filter(isPrimitive);
  return Object.fromEntries(Object.entries(value).filter(([, member]) => isPrimitive(member)));
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
