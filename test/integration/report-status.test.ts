/**
 * POST /reports/status against DynamoDB Local: coarse status by receipt, one
 * indistinguishable 404, and throttling of repeated failures.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpForce } from '../support/force-fixture';
import { httpEvent, lambdaContext, minimalSubmission } from '../support/reports';

type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
let submitHandler: Handler;
let statusHandler: Handler;

async function status(receipt: unknown, sourceIp = '192.0.2.10') {
  const result = await statusHandler(httpEvent('POST', '/reports/status', { body: JSON.stringify({ receipt }), sourceIp }), lambdaContext());
  return { status: result.statusCode, body: result.body ?? '', headers: result.headers ?? {} };
}

beforeAll(async () => {
  await setUpForce({ STATUS_MAX_FAILURES: '3' });
  ({ handler: submitHandler } = (await import('../../functions/submit-report/handler')) as unknown as { handler: Handler });
  ({ handler: statusHandler } = (await import('../../functions/report-status/handler')) as unknown as { handler: Handler });
});

describe('POST /reports/status', () => {
  it('shows the coarse status of a report by its receipt, typed any way', async () => {
    const created = await submitHandler(httpEvent('POST', '/reports', { body: JSON.stringify(minimalSubmission()) }), lambdaContext());
    const { receipt } = JSON.parse(created.body ?? '{}') as { receipt: string };
    const found = await status(receipt);
    expect(found.status).toBe(200);
    expect(JSON.parse(found.body)).toEqual({ status: 'received' });
    expect(found.headers['Cache-Control']).toBe('no-store, max-age=0');
    expect((await status(receipt.replace(/ /g, '-'))).status).toBe(200);
  });

  it('gives wrong and unknown receipts one indistinguishable answer', async () => {
    const unknown = await status('0000 0000 0000 0000', '192.0.2.20');
    const malformed = await status('not a receipt', '192.0.2.21');
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(malformed.body).toBe(unknown.body);
    expect(unknown.body).not.toContain('0000');
  });

  it('throttles a caller’s wrong guesses after repeated failures, but never a right receipt (a refuge’s shared address), nor other callers', async () => {
    const created = await submitHandler(httpEvent('POST', '/reports', { body: JSON.stringify(minimalSubmission()) }), lambdaContext());
    const { receipt } = JSON.parse(created.body ?? '{}') as { receipt: string };
    const guesser = '198.51.100.7';
    for (let i = 0; i < 3; i++) expect((await status(`1111 2222 3333 000${i}`, guesser)).status).toBe(404);
    const throttled = await status('1111 2222 3333 0009', guesser);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['Retry-After'])).toBeGreaterThan(0);
    // The same address, a right receipt: it works, and does not count.
    expect((await status(receipt, guesser)).status).toBe(200);
    expect((await status(receipt, guesser)).status).toBe(200);
    expect((await status('1111 2222 3333 0010', guesser)).status).toBe(429);
    expect((await status(receipt, '198.51.100.8')).status).toBe(200);
  });

  it('throttles a burst of parallel guesses at the limit, not after it (regression: check-then-count race)', async () => {
    const guesser = '198.51.100.9';
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => status(`2222 3333 4444 ${String(i).padStart(4, '0')}`, guesser)));
    expect(burst.filter((answer) => answer.status === 404)).toHaveLength(3);
    expect(burst.filter((answer) => answer.status === 429)).toHaveLength(17);
  });

  it('does not count right receipts against the caller', async () => {
    const created = await submitHandler(httpEvent('POST', '/reports', { body: JSON.stringify(minimalSubmission()) }), lambdaContext());
    const { receipt } = JSON.parse(created.body ?? '{}') as { receipt: string };
    for (let i = 0; i < 6; i++) expect((await status(receipt, '198.51.100.10')).status).toBe(200);
  });

  it('refuses a body without a receipt with 400', async () => {
    const result = await statusHandler(httpEvent('POST', '/reports/status', { body: '{}' }), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '{}').errors).toEqual([{ path: 'receipt', message: 'is required' }]);
  });
});
