/**
 * Opaque page cursors: a query's LastEvaluatedKey as base64url JSON, checked
 * on the way back in against EXACTLY the key attributes of the query it
 * belongs to (the base table's PK/SK, or an index's keys plus the table's),
 * so a forged cursor can neither point a query elsewhere nor reach DynamoDB
 * in a shape it would refuse with a ValidationException (a 500).
 */

import { InvalidCursorError } from '../../domain/errors';

export { InvalidCursorError } from '../../domain/errors';

/** Longest key value a cursor may carry (DynamoDB's own limit on sort keys is 1,024 bytes). */
const MAX_KEY_BYTES = 1024;

/**
 * The key attributes of one query's LastEvaluatedKey: each must be present;
 * a string is the exact value (the query's partition), a RegExp the shape a
 * free attribute (a sort key) must have.
 */
export type CursorShape = Readonly<Record<string, string | RegExp>>;

/**
 * @example
 * const cursor = encodeCursor(result.LastEvaluatedKey);
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

/**
 * Decodes a cursor and checks that it names exactly the attributes of
 * `shape`, each a non-empty string of at most 1,024 bytes, equal to or
 * matching what `shape` says.
 *
 * @example
 * const start = decodeCursor(cursor, { PK: 'QUEUE#example-north', SK: /^P\d#/ });
 */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursorError();
  const record = key as Record<string, unknown>;
  const names = Object.keys(record);
  const wanted = Object.keys(shape);
  if (names.length !== wanted.length || !wanted.every((name) => Object.hasOwn(record, name))) throw new InvalidCursorError();
  for (const [name, rule] of Object.entries(shape)) {
    const value = record[name];
    if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value, 'utf8') > MAX_KEY_BYTES) throw new InvalidCursorError();
    if (typeof rule === 'string' ? value !== rule : !rule.test(value)) throw new InvalidCursorError();
  }
  return record as Record<string, string>;
}
