import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, WebhookVerificationError } from '../../../../functions/domain/webhooks/signature';

const secret = new Uint8Array(randomBytes(32));
const now = new Date('2026-03-01T12:00:00Z');
const body = JSON.stringify({ hello: 'charity' });

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as WebhookVerificationError).reason;
  }
  return undefined;
}

describe('webhook signatures', () => {
  it('verifies its own signature and returns the delivery id', () => {
    const headers = signWebhook(secret, { id: 'd-1', body, now });
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifyWebhook(secret, headers, body, { now })).toBe('d-1');
    expect(verifyWebhook(secret, { 'Webhook-Id': headers['webhook-id'], 'Webhook-Timestamp': headers['webhook-timestamp'], 'Webhook-Signature': headers['webhook-signature'] }, Buffer.from(body), { now })).toBe('d-1');
  });

  it('refuses a changed body, another secret, another id, a stale timestamp, a missing header', () => {
    const headers = signWebhook(secret, { id: 'd-1', body, now });
    expect(reason(() => verifyWebhook(secret, headers, `${body} `, { now }))).toBe('bad-signature');
    expect(reason(() => verifyWebhook(new Uint8Array(randomBytes(32)), headers, body, { now }))).toBe('bad-signature');
    expect(reason(() => verifyWebhook(secret, { ...headers, 'webhook-id': 'd-2' }, body, { now }))).toBe('bad-signature');
    expect(reason(() => verifyWebhook(secret, headers, body, { now: new Date(now.getTime() + 301_000) }))).toBe('stale-timestamp');
    expect(reason(() => verifyWebhook(secret, { 'webhook-id': 'd-1' }, body, { now }))).toBe('missing-header');
  });

  it('accepts any of several signatures (secret rotation)', () => {
    const headers = signWebhook(secret, { id: 'd-1', body, now });
    const rotated = { ...headers, 'webhook-signature': `v1,AAAA ${headers['webhook-signature']}` };
    expect(verifyWebhook(secret, rotated, body, { now })).toBe('d-1');
  });
});
