/**
 * Webhook signatures, sender and receiver side. The scheme follows the
 * Standard Webhooks specification (https://www.standardwebhooks.com):
 *
 *   webhook-id:        the delivery id (stable across retries: dedupe on it)
 *   webhook-timestamp: Unix seconds when this attempt was signed
 *   webhook-signature: v1,<base64 HMAC-SHA256(secret, `${id}.${timestamp}.${body}`)>
 *
 * A receiver verifies the signature over the raw body bytes, refuses stale
 * timestamps (replay), and processes each delivery id once.
 * docs/webhooks.md documents it for charities.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors';

export const WEBHOOK_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

/** Seconds either side of now a timestamp may be, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookVerificationReason = 'missing-header' | 'stale-timestamp' | 'bad-signature';

/** Raised by {@link verifyWebhook}; says why, never echoes the body. */
export class WebhookVerificationError extends DomainError {
  constructor(readonly reason: WebhookVerificationReason) {
    super(`webhook not verified: ${reason}`);
    this.name = 'WebhookVerificationError';
  }
}

function signature(secret: Uint8Array, id: string, timestamp: string, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${id}.${timestamp}.`);
  mac.update(body);
  return mac.digest('base64');
}

/**
 * The headers for one delivery attempt.
 *
 * @example
 * const headers = signWebhook(secret, { id: deliveryId, body, now: new Date() });
 */
export function signWebhook(secret: Uint8Array, options: { id: string; body: string; now?: Date }): Record<string, string> {
  const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
  return {
    [WEBHOOK_HEADERS.id]: options.id,
    [WEBHOOK_HEADERS.timestamp]: timestamp,
    [WEBHOOK_HEADERS.signature]: `v1,${signature(secret, options.id, timestamp, options.body)}`,
  };
}

/**
 * Receiver side: verifies a delivery and returns its id (for deduplication).
 * Header names are matched case-insensitively; several space-separated
 * signatures are accepted (secret rotation).
 *
 * @example
 * const deliveryId = verifyWebhook(secret, request.headers, rawBody);
 * if (alreadyProcessed(deliveryId)) return respond(200);
 */
export function verifyWebhook(
  secret: Uint8Array,
  headers: Record<string, string | string[] | undefined>,
  body: string | Uint8Array,
  options: { now?: Date; toleranceSeconds?: number } = {},
): string {
  const header = (name: string): string | undefined => {
    const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
    const value = entry?.[1];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header(WEBHOOK_HEADERS.id);
  const timestamp = header(WEBHOOK_HEADERS.timestamp);
  const signatures = header(WEBHOOK_HEADERS.signature);
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing-header');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    throw new WebhookVerificationError('stale-timestamp');
  }
  const expected = Buffer.from(signature(secret, id, timestamp, body), 'base64');
  const matches = signatures.split(' ').some((candidate) => {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('bad-signature');
  return id;
}
