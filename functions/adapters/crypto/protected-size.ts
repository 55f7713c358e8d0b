/**
 * The one size every sealed protected section is padded to, derived from the
 * contract: the JSON of the largest section the contract allows. Every text
 * field at its maximum length in characters that JSON escapes to six bytes
 * each (control characters, lone surrogates: `\u0000`), every enum at its
 * longest member. No allowed input serialises larger, so no section's sealed
 * size differs from another's: size reveals neither presence nor length.
 */
import type * as z from 'zod';
import { ImmigrationSchema } from '../../../schemas/report';

/** The most bytes one UTF-16 code unit can take in JSON (`\uXXXX`). */
const WORST_BYTES_PER_UNIT = 6;

function extreme(field: z.ZodType): unknown {
  const inner = (field as unknown as { unwrap?: () => z.ZodType }).unwrap?.() ?? field;
  const def = inner._zod.def as { type: string; entries?: Record<string, string> };
  if (def.type === 'enum' && def.entries) return Object.values(def.entries).reduce((a, b) => (b.length > a.length ? b : a), '');
  if (def.type === 'string') {
    const max = (inner as z.ZodString).maxLength;
    if (max === null) throw new Error('a protected text field without a maximum length cannot be padded to one size');
    return '\u0000'.repeat(max);
  }
  throw new Error(`unsupported protected field type ${def.type}: derive its extreme here`);
}

/**
 * The largest protected section the contract allows, as the cipher serialises it.
 *
 * @example
 * JSON.stringify({ section: largestProtectedSection() }).length; // === PROTECTED_SECTION_BYTES
 */
export function largestProtectedSection(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(ImmigrationSchema.shape).map(([key, field]) => [key, extreme(field as z.ZodType)]));
}

/** Bytes of the largest allowed section's serialisation (`{"section":…}`), the one padded size. */
export const PROTECTED_SECTION_BYTES = Buffer.byteLength(JSON.stringify({ section: largestProtectedSection() }), 'utf8');

// Sanity: the worst case really is six bytes per unit.
if (JSON.stringify('\u0000').length !== 2 + WORST_BYTES_PER_UNIT) throw new Error('JSON escaping changed: re-derive the protected size');
