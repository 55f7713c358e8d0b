/**
 * Opaque page cursors: a query's LastEvaluatedKey as base64url JSON, checked
 * on the way back in so a forged cursor cannot point a query elsewhere.
 */

/** Raised when a cursor was not issued by this API for this listing. */
export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not valid for this listing');
    this.name = 'InvalidCursorError';
  }
}

const KEY_ATTRIBUTES = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK']);

/**
 * @example
 * const cursor = encodeCursor(result.LastEvaluatedKey);
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

/**
 * Decodes a cursor and checks that it names only key attributes, as strings,
 * and that each partition attribute in `expected` has the expected value.
 *
 * @example
 * const start = decodeCursor(cursor, { PK: 'QUEUE#example-north' });
 */
export function decodeCursor(cursor: string | undefined, expected: Record<string, string>): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursorError();
  const entries = Object.entries(key);
  if (entries.length === 0 || entries.some(([name, value]) => !KEY_ATTRIBUTES.has(name) || typeof value !== 'string' || value.length > 1024)) {
    throw new InvalidCursorError();
  }
  const record = key as Record<string, string>;
  for (const [name, value] of Object.entries(expected)) {
    if (record[name] !== value) throw new InvalidCursorError();
  }
  return record;
}
