/**
 * The victim's receipt channel end to end, in headless Chromium
 * against the local system (DynamoDB Local, the force API running the Lambda
 * handlers, the development issuer): the victim reports choosing "messages on
 * this site", a call handler claims and writes, the victim reads and replies
 * through the form, pauses contact, the handler's phone attempt is refused,
 * the victim swaps the receipt, and the old one answers like a wrong one.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mintStaffToken } from '../../scripts/local/dev-issuer';
import { axeViolations, openPage, screenshot, useE2eSystem } from './browser';

const e2e = useE2eSystem('safe-pathway-e2e-channel-keys-');

async function api(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${e2e.force.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
}

async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

/** Opens the thread from the form's footer, typing the receipt as a person would. */
async function openThread(page: Page, receipt: string): Promise<void> {
  await page.goto(`${e2e.force.url}/form`);
  await press(page, 'Check on a report you have made');
  await page.waitForSelector('input[name="receipt"]:not([type="hidden"])');
  await page.locator('input[name="receipt"]:not([type="hidden"])').fill(receipt);
  await press(page, 'Check on or update your report');
}

describe('the receipt channel in Chromium', () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`carries the whole loop with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      const label = javaScriptEnabled ? 'channel-js-on' : 'channel-js-off';
      // The victim reports, choosing messages on this site (and phone calls).
      const reported = await api('POST', '/reports', {
        reporter: { type: 'victim' },
        incident: { kind: 'domestic-abuse', account: 'He took my phone.' },
        risk: { answers: { strangulation: 'yes' } },
        safeContact: { channels: ['phone', 'site-messages'], phone: '07700 900123', devicesMayBeMonitored: 'no' },
      });
      expect(reported.status).toBe(201);
      const receipt = reported.body.receipt as string;

      // A call handler claims it (red flag: first in the queue) and writes.
      const token = await mintStaffToken({ keyDir: e2e.system.keyDir, forceId: e2e.force.forceId, role: 'call-handler', sub: `e2e-${label}` });
      const claimed = await api('POST', '/queue/claim', undefined, token);
      expect(claimed.status).toBe(200);
      const reportId = claimed.body.report.reportId as string;
      const written = await api('POST', `/reports/${reportId}/messages`, { text: 'We have read your report. <b>Reply</b> here when it is safe.' }, token);
      expect(written.status).toBe(201);

      // The victim reads it through the form: plain text, never HTML, and the receipt never in an address.
      const { context, page } = await openPage(e2e.browser, { javaScriptEnabled });
      await openThread(page, receipt);
      await page.waitForSelector('#thread');
      expect(await page.locator('#thread').textContent()).toContain('We have read your report. <b>Reply</b> here when it is safe.');
      expect(await page.locator('#thread b').count()).toBe(0);
      expect(page.url()).not.toContain(receipt.replace(/ /g, ''));
      expect(await page.locator('.govuk-exit-this-page').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `${label}-01-thread`);

      // … replies …
      await page.locator('textarea[name="text"]').fill('Evenings are safest. Please do not call in the morning.');
      await press(page, 'Send message');
      await page.waitForSelector('#back-to-report');
      expect(await axeViolations(page)).toEqual([]);
      await press(page, 'Back to your report');
      await page.waitForSelector('#thread');
      expect(await page.locator('#thread').textContent()).toContain('Evenings are safest.');
      const thread = await api('GET', `/reports/${reportId}/messages`, undefined, token);
      expect(thread.body.messages.map((message: { from: string }) => message.from)).toEqual(['force', 'victim']);

      // … pauses all contact …
      await page.locator('select[name="pause.days"]').selectOption('3');
      await press(page, 'Pause all contact');
      await page.waitForSelector('#back-to-report');
      await press(page, 'Back to your report');
      await page.waitForSelector('#paused-until');
      await screenshot(page, `${label}-02-paused`);

      // … and the handler's phone call is refused, naming the pause.
      const refused = await api('POST', `/reports/${reportId}/contact-attempts`, { channel: 'phone', result: 'no-answer' }, token);
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('contact-paused');

      // The victim swaps the receipt: the new one is shown once.
      await press(page, 'Get a new receipt code');
      await page.waitForSelector('#receipt');
      const fresh = ((await page.locator('#receipt').textContent()) ?? '').trim();
      expect(fresh).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(fresh).not.toBe(receipt);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `${label}-03-new-receipt`);
      await press(page, 'Back to your report');
      await page.waitForSelector('#thread');

      // The old receipt now answers exactly like a wrong one, in the form and through the API.
      await openThread(page, receipt);
      await page.waitForSelector('.govuk-error-summary');
      const oldPage = await page.locator('main').innerHTML();
      await openThread(page, '1234 5678 9012 3456');
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.locator('main').innerHTML()).toBe(oldPage);
      const [oldAnswer, wrongAnswer] = [await api('POST', '/reports/thread', { receipt }), await api('POST', '/reports/thread', { receipt: '1234 5678 9012 3457' })];
      expect([oldAnswer.status, oldAnswer.text]).toEqual([404, wrongAnswer.text]);
      await context.close();
    }, 120_000);
  }
});
