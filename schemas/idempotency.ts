/**
 * The Idempotency-Key of a submission. A keyed submission claims its key in
 * the same transaction as its report (functions/adapters/dynamodb/report-store.ts),
 * so a retry, a reused key and a race are answered in one round trip; the
 * claim holds a keyed hash of the key, the report id and a keyed body
 * fingerprint, never the receipt or report content.
 */

/** A valid Idempotency-Key: opaque, 16–128 URL-safe characters (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** How long a key names its first report: a retry within this answers with the same receipt. */
export const IDEMPOTENCY_KEY_SECONDS = 24 * 3600;
