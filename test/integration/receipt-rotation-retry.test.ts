/**
 * A keyed intake retry after the victim replaced the receipt,
 * against DynamoDB Local through the real handlers: the retry stores nothing
 * and hands out no receipt, neither the first (it no longer works) nor the
 * newest (whoever replays the key may be the abuser); a JSON client gets a
 * 409 `receipt-replaced`, the web form a "Report sent" page with no receipt
 * and no answers; still one transaction, one round trip.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { stringify } from 'node:querystring';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpForce, type ForceFixture } from '../support/force-fixture';
import { fullSubmission, httpEvent, lambdaContext } from '../support/reports';
import { call, loadHandler, type Handler } from '../support/staff';

let force: ForceFixture;
const h: Record<string, Handler> = {};
let ip = 1;
const caller = () => `192.0.2.${ip++ % 250}`;

const submit = (body: unknown, key: string) =>
  call(h['submit-report']!, httpEvent('POST', '/reports', { body: JSON.stringify(body), headers: { 'idempotency-key': key } }));
const rotate = (receipt: string) => call(h['receipt-rotation']!, httpEvent('POST', '/reports/receipt', { body: JSON.stringify({ receipt }), sourceIp: caller() }));
const statusOf = (receipt: string) => call(h['report-status']!, httpEvent('POST', '/reports/status', { body: JSON.stringify({ receipt }), sourceIp: caller() }));

async function itemCount() {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await force.dynamo.document.send(new ScanCommand({ TableName: force.tableName, ExclusiveStartKey: start, Select: 'COUNT' }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

beforeAll(async () => {
  force = await setUpForce();
  for (const name of ['submit-report', 'receipt-rotation', 'report-status']) h[name] = await loadHandler(name);
});

describe('a keyed intake retry after the receipt was replaced', () => {
  it('answers 409 receipt-replaced, with neither the dead receipt nor the new one, and stores nothing', async () => {
    const key = randomUUID();
    const first = await submit(fullSubmission('CANARYRETRY'), key);
    expect(first.status).toBe(201);
    const old = first.body.receipt as string;
    // Before any rotation a retry is answered with the same receipt, as ever.
    expect((await submit(fullSubmission('CANARYRETRY'), key)).body.receipt).toBe(old);

    const rotated = await rotate(old);
    expect(rotated.status).toBe(201);
    const fresh = rotated.body.receipt as string;
    const before = await itemCount();

    const retry = await submit(fullSubmission('CANARYRETRY'), key);
    expect(retry.status).toBe(409);
    expect(retry.headers['Content-Type']).toBe('application/problem+json');
    expect(retry.body).toMatchObject({ status: 409, type: 'https://safe-pathway.invalid/problems/receipt-replaced', title: expect.stringMatching(/received.*replaced.*newest receipt/) });
    for (const receipt of [old, fresh]) {
      expect(retry.text).not.toContain(receipt);
      expect(retry.text).not.toContain(receipt.replace(/ /g, ''));
    }
    expect(retry.text).not.toContain('CANARYRETRY');
    expect(await itemCount()).toBe(before);
    // The old receipt is still dead (the retry did not bring its look-up back), the new one still works.
    expect((await statusOf(old)).status).toBe(404);
    expect((await statusOf(fresh)).status).toBe(200);
  });

  it('answers the same after a second rotation, and a reused key with another body is still refused as reused', async () => {
    const key = randomUUID();
    const old = (await submit(fullSubmission('CANARYTWO'), key)).body.receipt as string;
    const second = (await rotate(old)).body.receipt as string;
    expect((await rotate(second)).status).toBe(201);
    const problem = (answer: { body: { type?: unknown } }) => String(answer.body.type).split('/').pop();
    expect(problem(await submit(fullSubmission('CANARYTWO'), key))).toBe('receipt-replaced');
    expect(problem(await submit(fullSubmission('CANARYOTHER'), key))).toBe('idempotency-key-reused');
  });

  it('gives the web form’s resend a "Report sent" page with no receipt and no answers', async () => {
    const key = randomUUID();
    const form = stringify({
      'journey.lang': 'en',
      'journey.key': key,
      'journey.step': 'check',
      'reporter.type': 'victim',
      'incident.kind': 'domestic-abuse',
      'incident.account': 'He pushed me CANARYFORM-account',
      'safeContact.devicesMayBeMonitored': 'yes',
      'safeContact.channels': 'none',
    });
    const page = async () =>
      (await h['submit-report']!(httpEvent('POST', '/reports', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }), lambdaContext())) as {
        statusCode: number;
        body: string;
        headers: Record<string, string>;
      };
    const sent = await page();
    const old = sent.body.match(/id="receipt" dir="ltr">([\d ]+)</)?.[1];
    expect(old).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const fresh = (await rotate(old!)).body.receipt as string;

    const resent = await page();
    expect(resent.statusCode).toBe(409);
    expect(resent.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(resent.headers['Cache-Control']).toBe('no-store, max-age=0');
    expect(resent.body).toContain('Report sent');
    // A way on to check the report with the receipt the victim holds; nothing to resend.
    expect(resent.body).toContain('action="/reports/status"');
    expect(resent.body).not.toContain('action="/reports"');
    for (const receipt of [old!, fresh]) expect(resent.body).not.toContain(receipt);
    expect(resent.body).not.toContain('CANARYFORM');
    expect(resent.body).not.toContain(key);
  });
});
