/**
 * How a sealed report body is stored on the report item: the `body`
 * attribute is a map of one binary Encryption SDK message per part
 * (functions/domain/retention/parts.ts), so the retention worker removes a
 * part with `REMOVE body.<part>` — the ciphertext and its data key are
 * gone, the other parts untouched. A report sealed before parts holds one
 * binary `body`; it reads as the single legacy part.
 */
import { frameParts, LEGACY_BODY_PART, unframeParts } from '../../domain/retention/sealed-body';

/** The report item attribute holding the body's parts. */
export const BODY_ATTRIBUTE = 'body';

/**
 * The attribute value for a framed sealed body.
 *
 * @example
 * const item = { ...keys.report(reportId), body: bodyAttribute(report.sealedBody) };
 */
export function bodyAttribute(framed: Uint8Array): Record<string, Uint8Array> {
  return Object.fromEntries(unframeParts(framed).map(({ part, sealed }) => [part, sealed]));
}

/**
 * The framed sealed body of a stored `body` attribute (empty once every part is removed).
 *
 * @example
 * const sealedBody = sealedBodyOf(item.body);
 */
export function sealedBodyOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return frameParts([{ part: LEGACY_BODY_PART, sealed: value }]);
  if (value === undefined || value === null || typeof value !== 'object') return new Uint8Array();
  return frameParts(
    Object.entries(value as Record<string, unknown>)
      .filter((entry): entry is [string, Uint8Array] => entry[1] instanceof Uint8Array)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([part, sealed]) => ({ part, sealed })),
  );
}
