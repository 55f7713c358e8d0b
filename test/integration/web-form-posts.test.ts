/**
 * The web form's posts through the JSON API's own handlers against DynamoDB
 * Local: the same contract and acceptance, HTML answers for form posts, and
 * JSON clients unaffected.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { stringify } from 'node:querystring';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanTable } from '../support/scan';
import { setUpForce, type ForceFixture } from '../support/force-fixture';
import { httpEvent, lambdaContext, minimalSubmission } from '../support/reports';

type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
let submit: Handler;
let status: Handler;
let webForm: Handler;
let force: ForceFixture;

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const answers = (key: string) => ({
  'journey.lang': 'en',
  'journey.key': key,
  'journey.step': 'check',
  'reporter.type': 'victim',
  'incident.kind': 'domestic-abuse',
  'incident.account': 'He pushed me CANARY-account',
  'safeContact.devicesMayBeMonitored': 'yes',
  'safeContact.channels': 'none',
  consent: ['idva', 'localDaService'],
});

beforeAll(async () => {
  force = await setUpForce();
  ({ handler: submit } = (await import('../../functions/submit-report/handler')) as unknown as { handler: Handler });
  ({ handler: status } = (await import('../../functions/report-status/handler')) as unknown as { handler: Handler });
  ({ handler: webForm } = (await import('../../functions/web-form/handler')) as unknown as { handler: Handler });
});

describe('form posts to POST /reports', () => {
  it('accepts the urlencoded form and answers the confirmation page with the receipt', async () => {
    const response = await submit(httpEvent('POST', '/reports', { headers: FORM, body: stringify(answers(randomUUID())) }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.headers?.['Cache-Control']).toBe('no-store, max-age=0');
    expect(response.headers?.['Content-Security-Policy']).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(response.body).toMatch(/<strong class="sp-receipt" id="receipt" dir="ltr">\d{4} \d{4} \d{4} \d{4}<\/strong>/);
    // The confirmation carries no answers back to the browser.
    expect(response.body).not.toContain('CANARY');
  });

  it('accepts the longest account the contract allows in a three-byte script, posted urlencoded', async () => {
    // 10,000 characters of three UTF-16 units each (ক্ষ), nine bytes each unit once urlencoded: ≈ 270 KB.
    const account = 'ক্ষ'.repeat(10_000);
    const body = stringify({ ...answers(randomUUID()), 'incident.account': account });
    expect(body.length).toBeGreaterThan(64 * 1024);
    const response = await submit(httpEvent('POST', '/reports', { headers: FORM, body }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/id="receipt" dir="ltr">\d{4} \d{4} \d{4} \d{4}</);
  });

  it('stores one report for the same journey sent twice (its key is the Idempotency-Key)', async () => {
    const body = stringify(answers(randomUUID()));
    const first = await submit(httpEvent('POST', '/reports', { headers: FORM, body }), lambdaContext());
    const again = await submit(httpEvent('POST', '/reports', { headers: FORM, body }), lambdaContext());
    const receipt = (page: string | undefined) => page?.match(/id="receipt" dir="ltr">([\d ]+)</)?.[1];
    expect(receipt(again.body)).toBe(receipt(first.body));
  });

  it('answers the check page with the GOV.UK error summary when the contract refuses, never echoing values', async () => {
    const { 'incident.account': _dropped, ...rest } = answers(randomUUID());
    const response = await submit(
      httpEvent('POST', '/reports', { headers: FORM, body: stringify({ ...rest, 'safeContact.channels': ['none', 'phone'], 'victim.name': 'CANARY-name' }) }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('<a href="#change-what">Tell us what happened</a>');
    expect(response.body).toContain('<a href="#change-contact">');
    // The answers stay on the page in hidden fields (to correct them), but no error message repeats one.
    expect(response.body?.match(/govuk-error-summary[\s\S]*?<\/div>\s*<\/div>\s*<\/div>/)?.[0]).not.toContain('CANARY');
  });

  it('still answers JSON clients with JSON', async () => {
    const response = await submit(httpEvent('POST', '/reports', { body: JSON.stringify(minimalSubmission()) }), lambdaContext());
    expect(response.statusCode).toBe(201);
    expect(response.headers?.['Content-Type']).toBe('application/json');
  });
});

describe('urlencoded posts that are not our pages', () => {
  it('get the API problem document, not a page', async () => {
    const response = await submit(httpEvent('POST', '/reports', { headers: FORM, body: 'reporter%5Btype%5D=victim&incident%5Bkind%5D=fgm' }), lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['Content-Type']).toBe('application/problem+json');
  });
});

describe('form posts to POST /reports/status', () => {
  it('shows the status of a receipt, and one answer for wrong receipts', async () => {
    const sent = await submit(httpEvent('POST', '/reports', { headers: FORM, body: stringify(answers(randomUUID())) }), lambdaContext());
    const receipt = sent.body?.match(/id="receipt" dir="ltr">([\d ]+)</)?.[1] ?? '';
    const found = await status(httpEvent('POST', '/reports/status', { headers: FORM, body: stringify({ receipt, 'journey.lang': 'cy' }) }), lambdaContext());
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('<html lang="cy"');
    expect(found.body).toContain('id="status-result"');
    const wrong = await status(httpEvent('POST', '/reports/status', { headers: FORM, body: stringify({ receipt: '0000 0000 0000 0000', 'journey.lang': 'en' }) }), lambdaContext());
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toContain('No report matches that receipt code');
    expect(wrong.body).not.toContain('0000 0000 0000 0000');
  });
});

describe('GET and POST /form', () => {
  it('serves the first step with the page CSP and no-store', async () => {
    const response = await webForm(httpEvent('GET', '/form', { headers: { 'accept-language': 'cy' } }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="cy"');
    expect(response.headers?.['Cache-Control']).toBe('no-store, max-age=0');
    expect(response.headers?.['Content-Security-Policy']).toContain("form-action 'self'");
    expect(response.headers?.['Set-Cookie']).toBeUndefined();
  });

  it('moves the journey on from a POST', async () => {
    const response = await webForm(httpEvent('POST', '/form', { headers: FORM, body: stringify({ 'journey.step': 'danger', 'journey.danger': 'yes', action: 'continue' }) }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Get help now');
  });

  it('refuses other content types with a page, not a stack trace', async () => {
    const response = await webForm(httpEvent('POST', '/form', { body: '{}' }), lambdaContext());
    expect(response.statusCode).toBe(415);
    expect(response.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('govuk-exit-this-page');
  });
});

describe('form posts from another website', () => {
  const itemCount = async () => (await scanTable(force.dynamo.document, force.tableName)).length;
  const SITE = { host: 'report.test.local' };
  // What a hostile page's auto-submitting form makes the victim's browser send.
  const HOSTILE = [
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'https://forum.test.local' }],
    ['only Origin, of another site', { origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed frame)', { origin: 'null' }],
  ] as const;

  it.each(HOSTILE)('refuses POST /reports (%s) with 403 and a start-again page, storing nothing', async (_label, headers) => {
    const before = await itemCount();
    const response = await submit(httpEvent('POST', '/reports', { headers: { ...FORM, ...SITE, ...headers }, body: stringify(answers(randomUUID())) }), lambdaContext());
    expect(response.statusCode).toBe(403);
    expect(response.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.headers?.['Cache-Control']).toBe('no-store, max-age=0');
    expect(response.body).toContain('Start your report again');
    expect(response.body).toMatch(/<a href="\/form" role="button"[^>]*class="govuk-button"/);
    // Nothing posted comes back: no answer, no hidden state, no receipt.
    expect(response.body).not.toContain('CANARY');
    // The only hidden input is the language switch's action: no journey state.
    expect(response.body).not.toMatch(/type="hidden" name="(?!action")/);
    expect(response.body).not.toContain('id="receipt"');
    expect(await itemCount()).toBe(before);
  });

  it('refuses a form step posted from another website, so its hidden fields cannot pre-fill the journey', async () => {
    const prefill = stringify({
      'journey.lang': 'en',
      'journey.key': randomUUID(),
      'journey.step': 'contact',
      'safeContact.devicesMayBeMonitored': 'no',
      'safeContact.channels': 'phone',
      'safeContact.phone': '07700 900666',
    });
    const response = await webForm(httpEvent('POST', '/form', { headers: { ...FORM, ...SITE, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, body: prefill }), lambdaContext());
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Start your report again');
    expect(response.body).not.toContain('07700 900666');
    expect(response.body).not.toMatch(/type="hidden" name="(?!action")/);
    // Starting afresh is a plain GET of the form: an empty journey.
    const fresh = await webForm(httpEvent('GET', '/form', { headers: SITE }), lambdaContext());
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).not.toContain('07700 900666');
  });

  it('refuses a receipt look-up posted from another website', async () => {
    const response = await status(
      httpEvent('POST', '/reports/status', { headers: { ...FORM, ...SITE, 'sec-fetch-site': 'cross-site' }, body: stringify({ 'journey.lang': 'en', receipt: '1234 5678 9012 3456' }) }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Start your report again');
  });

  it('accepts the same posts from the site itself (by Sec-Fetch-Site, or by Origin alone)', async () => {
    const own: Record<string, string>[] = [{ 'sec-fetch-site': 'same-origin', origin: 'https://report.test.local' }, { origin: 'https://report.test.local' }];
    for (const headers of own) {
      const response = await submit(httpEvent('POST', '/reports', { headers: { ...FORM, ...SITE, ...headers }, body: stringify(answers(randomUUID())) }), lambdaContext());
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatch(/id="receipt"[^>]*>\d{4} \d{4} \d{4} \d{4}</);
    }
    const step = await webForm(
      httpEvent('POST', '/form', { headers: { ...FORM, ...SITE, 'sec-fetch-site': 'same-origin' }, body: stringify({ 'journey.step': 'danger', 'journey.danger': 'yes', action: 'continue' }) }),
      lambdaContext(),
    );
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain('Get help now');
  });

  it('leaves JSON clients alone, with or without browser headers', async () => {
    const plain = await submit(httpEvent('POST', '/reports', { body: JSON.stringify(minimalSubmission()) }), lambdaContext());
    expect(plain.statusCode).toBe(201);
    // A cross-origin JSON post needs CORS, which only the configured origins get: not a form post, not refused here.
    const cors = await submit(httpEvent('POST', '/reports', { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://partner.example' }, body: JSON.stringify(minimalSubmission()) }), lambdaContext());
    expect(cors.statusCode).toBe(201);
  });
});
