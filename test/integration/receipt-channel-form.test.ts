/**
 * The "Check on or update your report" pages through the channel's
 * own API handlers against DynamoDB Local: urlencoded page posts get HTML
 * (no-store, the thread as escaped plain text, the receipt only in hidden
 * fields), JSON clients are unaffected.
 */
import { stringify } from 'node:querystring';
import { beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpEvent, lambdaContext, minimalSubmission } from '../support/reports';
import { call, loadHandler, reportIdOf, setUpStaffForce, staffEvent, asStaff, submit, type Handler, type StaffForce } from '../support/staff';

let force: StaffForce;
const h: Record<string, Handler> = {};
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let ip = 10;

/** Posts a page of the journey; answers are HTML, so they are not parsed. */
async function page(name: string, path: string, fields: Record<string, string | string[]>) {
  const event = httpEvent('POST', path, { headers: FORM, body: stringify({ 'journey.lang': 'en', ...fields }), sourceIp: `198.18.0.${ip++}` });
  const result = (await h[name]!(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 200, headers: (result.headers ?? {}) as Record<string, string>, text: result.body ?? '' };
}

beforeAll(async () => {
  force = await setUpStaffForce();
  for (const name of ['report-thread', 'thread-reply', 'report-pause', 'safe-contact-change', 'consent-change', 'receipt-rotation', 'message-post']) h[name] = await loadHandler(name);
});

describe('the channel pages', () => {
  it('render the thread as escaped plain text, never as HTML, with no-store', async () => {
    const receipt = await submit({ ...minimalSubmission(), safeContact: { channels: ['site-messages'], devicesMayBeMonitored: 'yes' } });
    const reportId = await reportIdOf(force, receipt);
    const hostile = '<script>alert(1)</script><b>bold</b> & "quoted"';
    expect((await call(h['message-post']!, staffEvent('POST', `/reports/${reportId}/messages`, { claims: asStaff(force, ['supervisor'], 'sup-1'), body: { text: hostile } }))).status).toBe(201);
    const answer = await page('report-thread', '/reports/thread', { 'journey.channel': 'thread', receipt });
    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['Cache-Control']).toBe('no-store, max-age=0');
    expect(answer.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(answer.text).not.toContain('<script>alert');
    expect(answer.text).not.toContain('<b>bold');
    expect(answer.text).toContain('Exit this page');
    // The receipt travels only in hidden fields of POSTed forms.
    expect(answer.text).not.toMatch(/action="[^"]*\d{4}/);
  });

  it('take a reply, a pause, a plan, consents and a new receipt, and the old receipt then answers like a wrong one', async () => {
    const receipt = await submit({ ...minimalSubmission(), safeContact: { channels: ['site-messages'], devicesMayBeMonitored: 'yes' } });
    const reply = await page('thread-reply', '/reports/thread/replies', { 'journey.channel': 'reply', receipt, text: 'Evenings are best.' });
    expect([reply.status, reply.text.includes('Your message has been sent')]).toEqual([200, true]);
    const pause = await page('report-pause', '/reports/pause', { 'journey.channel': 'pause', receipt, 'pause.days': '3', action: 'pause' });
    expect([pause.status, pause.text.includes('All contact is paused')]).toEqual([200, true]);
    const thread = await page('report-thread', '/reports/thread', { 'journey.channel': 'thread', receipt });
    expect(thread.text).toMatch(/id="paused-until"/);
    expect(thread.text).toContain('Evenings are best.');
    const plan = await page('safe-contact-change', '/reports/safe-contact', {
      'journey.channel': 'plan',
      receipt,
      'safeContact.channels': ['site-messages', 'phone'],
      'safeContact.phone': '07700 900123',
      'safeContact.devicesMayBeMonitored': 'no',
    });
    expect([plan.status, plan.text.includes('How we can contact you has been changed')]).toEqual([200, true]);
    const consents = await page('consent-change', '/reports/consents', { 'journey.channel': 'consents', receipt, consents: ['idva'] });
    expect(consents.status).toBe(200);
    const refused = await page('thread-reply', '/reports/thread/replies', { 'journey.channel': 'reply', receipt, text: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('govuk-error-summary');
    const rotated = await page('receipt-rotation', '/reports/receipt', { 'journey.channel': 'receipt', receipt });
    const fresh = /id="receipt">([\d ]+)</.exec(rotated.text)?.[1];
    expect(fresh).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const old = await page('report-thread', '/reports/thread', { 'journey.channel': 'thread', receipt });
    const never = await page('report-thread', '/reports/thread', { 'journey.channel': 'thread', receipt: '0101 0202 0303 0404' });
    expect(old.status).toBe(404);
    expect(old.text).toBe(never.text);
    expect((await page('report-thread', '/reports/thread', { 'journey.channel': 'thread', receipt: fresh! })).status).toBe(200);
  });

  it('leave urlencoded clients without journey fields, and JSON clients, on the API', async () => {
    const answer = await call(h['report-thread']!, httpEvent('POST', '/reports/thread', { headers: FORM, body: stringify({ receipt: '0000 0000 0000 0001' }), sourceIp: '198.18.1.1' }));
    expect(answer.status).toBe(404);
    expect(answer.headers['Content-Type']).toBe('application/problem+json');
  });
});
