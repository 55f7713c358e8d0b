/**
 * The reference web form end to end, in headless Chromium against the local
 * system (DynamoDB Local and a force API running the Lambda handlers): the
 * whole journey with JavaScript on and off, axe on every page, the receipt,
 * the report in the force queue, the status look-up, Exit this page, Welsh,
 * validation errors, and the journey by keyboard alone.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readLocalSecret } from '../../functions/adapters/crypto/keyrings';
import { dynamoClients } from '../../functions/adapters/dynamodb/client';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { parseReceipt, ReceiptBook } from '../../functions/domain/receipts/receipt';
import { mintStaffToken } from '../../scripts/local/dev-issuer';
import { axeViolations, openPage, screenshot, useE2eSystem } from './browser';
import { answerStep, choose, fill, type StepAnswers } from './journey';

const e2e = useE2eSystem('safe-pathway-e2e-keys-');

/** Where the journey is: the step the main form will post, or "confirmation". */
async function waitForStep(page: Page, step: string): Promise<void> {
  const selector = step === 'confirmation' ? '#receipt' : `main form input[name="journey.step"][value="${step}"]`;
  await page.waitForSelector(selector, { state: 'attached', timeout: 10_000 });
}

async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

interface Visit {
  step: string;
  violations: Awaited<ReturnType<typeof axeViolations>>;
}

/** Checks axe, takes the screenshot, remembers the page. */
async function visit(page: Page, label: string, step: string, visits: Visit[]): Promise<void> {
  await waitForStep(page, step);
  visits.push({ step, violations: await axeViolations(page) });
  await screenshot(page, `${label}-${String(visits.length).padStart(2, '0')}-${step}`);
}

/** Switches the confirmation page to `lang` and back: the receipt must stay on screen. */
async function switchLanguageOnConfirmation(page: Page, receipt: string): Promise<void> {
  for (const lang of ['cy', 'en']) {
    await page.locator('#change-language').click();
    await page.locator(`#language-${lang}`).click();
    await page.waitForSelector(`html[lang="${lang}"]`);
    expect(((await page.locator('#receipt').textContent()) ?? '').trim()).toBe(receipt);
    expect(await axeViolations(page)).toEqual([]);
  }
}

/** A victim in danger-free circumstances with some red-flag answers, step by step. */
const JOURNEY: readonly StepAnswers[] = [
  { step: 'danger', choose: { 'journey.danger': 'no' } },
  { step: 'who', choose: { 'reporter.type': 'victim' } },
  {
    step: 'what',
    choose: { 'incident.kind': 'domestic-abuse', 'incident.ongoing': 'yes', 'suspect.relationship': 'partner' },
    fill: { 'incident.account': 'He took my passport and pushed me.\nIt happens most weeks.', 'incident.postcode': 's1 2he' },
  },
  { step: 'risk', choose: { 'risk.answers.strangulation': 'yes', 'risk.answers.very-frightened': 'dont-know' } },
  {
    step: 'contact',
    choose: { 'safeContact.devicesMayBeMonitored': 'no', 'safeContact.channels': 'phone', 'safeContact.days': 'mon', 'safeContact.times': 'morning', 'safeContact.voicemailOk': 'no' },
    fill: { 'safeContact.phone': '07700 900123', 'safeContact.safeWord': 'bluebell' },
  },
  { step: 'support', select: { 'support.language': 'pl' }, choose: { 'support.interpreterNeeded': 'yes', consent: 'idva' } },
  { step: 'immigration-notice', choose: { 'journey.immigration': 'yes' } },
  { step: 'immigration', choose: { 'immigration.status': 'spouse-or-partner-visa', 'immigration.documentsHeldByAbuser': 'yes' } },
];

/** Fills in every step of {@link JOURNEY}, and sends. */
async function completeJourney(page: Page, label: string): Promise<{ receipt: string; visits: Visit[] }> {
  const visits: Visit[] = [];
  await page.goto(`${e2e.force.url}/form`);
  for (const answers of JOURNEY) {
    await visit(page, label, answers.step, visits);
    await answerStep(page, answers);
    await press(page, 'Continue');
  }

  await visit(page, label, 'check', visits);
  await press(page, 'Send report');

  await waitForStep(page, 'confirmation');
  visits.push({ step: 'confirmation', violations: await axeViolations(page) });
  await screenshot(page, `${label}-${String(visits.length).padStart(2, '0')}-confirmation`);
  const receipt = (await page.locator('#receipt').textContent())?.trim() ?? '';
  return { receipt, visits };
}

/**
 * The queue entry of the report behind a receipt, as a call handler sees it
 * through the staff API (`GET /queue`). Only the receipt-to-report step reads
 * the table: staff never see receipts, so no API maps one to the other.
 */
async function queueEntryFor(receipt: string): Promise<Record<string, unknown> | undefined> {
  const { document } = dynamoClients({ endpoint: e2e.system.dynamo.endpoint });
  const book = new ReceiptBook(readLocalSecret(e2e.force.env.LOCAL_KEY_DIR as string, 'receipt.secret'));
  const parsed = parseReceipt(receipt);
  if (!parsed) return undefined;
  const lookup = await document.send(new GetCommand({ TableName: e2e.force.tableName, Key: keys.receipt(book.lookupKey(parsed)) }));
  const reportId = lookup.Item?.reportId as string | undefined;
  const token = await mintStaffToken({ keyDir: e2e.system.keyDir, forceId: e2e.force.forceId, role: 'call-handler', sub: 'e2e-call-handler' });
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ state: 'all', limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${e2e.force.url}/queue?${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { entries: Record<string, unknown>[]; cursor?: string };
    const entry = page.entries.find((candidate) => candidate.reportId === reportId);
    if (entry) return entry;
    cursor = page.cursor;
  } while (cursor);
  return undefined;
}

describe('web form', () => {
  it('completes the journey with JavaScript on, in one history entry, with no axe violations', async () => {
    const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: true });
    const responses: { url: string; cacheControl: string | undefined }[] = [];
    page.on('response', (response) => responses.push({ url: response.url(), cacheControl: response.headers()['cache-control'] }));

    const { receipt, visits } = await completeJourney(page, 'js-on');

    expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(visits.map((entry) => entry.step)).toEqual(['danger', 'who', 'what', 'risk', 'contact', 'support', 'immigration-notice', 'immigration', 'check', 'confirmation']);
    expect(visits.filter((entry) => entry.violations.length)).toEqual([]);
    // Strangulation is a red flag: the confirmation shows the 999 / Silent Solution prompt.
    await expect(page.locator('.sp-urgent').textContent()).resolves.toMatch(/999.*55/s);
    // Steps were fetched and swapped in: the address never changed and history holds one entry for the whole journey.
    expect(page.url()).toBe(`${e2e.force.url}/form`);
    expect(await page.evaluate<number>('history.length')).toBe(2);
    expect(responses.filter((response) => response.url.startsWith(e2e.force.url)).every((response) => response.cacheControl?.includes('no-store'))).toBe(true);
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate<number>('localStorage.length + sessionStorage.length')).toBe(0);

    await switchLanguageOnConfirmation(page, receipt);
    expect(page.url()).toBe(`${e2e.force.url}/form`);

    const entry = await queueEntryFor(receipt);
    expect(entry).toMatchObject({ priority: 3, grade: 'high', status: 'received', lease: null });
    await context.close();
  });

  it('completes the journey with JavaScript off, posting plain forms, with no axe violations', async () => {
    const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: false });
    const { receipt, visits } = await completeJourney(page, 'js-off');
    expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(visits.filter((entry) => entry.violations.length)).toEqual([]);
    expect(page.url()).toBe(`${e2e.force.url}/reports`);
    expect(await queueEntryFor(receipt)).toMatchObject({ priority: 3, grade: 'high', status: 'received' });
    await switchLanguageOnConfirmation(page, receipt);

    // The receipt is checked by POST: it never appears in an address.
    await press(page, 'Check on a report you have made');
    await page.waitForSelector('input[name="receipt"]');
    expect((await axeViolations(page)).length).toBe(0);
    await fill(page, 'receipt', receipt);
    await press(page, 'Check report');
    await page.waitForSelector('#status-result');
    await screenshot(page, 'js-off-11-status');
    expect(await page.locator('#status-result').textContent()).toContain('Received');
    expect(page.url()).not.toContain(receipt.replace(/ /g, ''));
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows the GOV.UK error summary linking to each field at fault', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page } = await openPage(e2e.browser, { javaScriptEnabled, url: `${e2e.force.url}/form` });
      await press(page, 'Continue');
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.title()).toMatch(/^Error: Are you in danger now\?/);
      const link = page.locator('.govuk-error-summary a');
      expect(await link.textContent()).toBe('Select whether you are in danger now');
      expect(await link.getAttribute('href')).toBe('#journey-danger');
      expect(await page.locator('#journey-danger').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await choose(page, 'journey.danger', 'no');
      await press(page, 'Continue');
      await choose(page, 'reporter.type', 'third-party');
      await press(page, 'Continue');
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#reporter-thirdParty-name');
      if (javaScriptEnabled) {
        // GOV.UK Frontend focuses the summary so screen readers announce it.
        expect(await page.evaluate<boolean>("document.activeElement?.classList.contains('govuk-error-summary') ?? false")).toBe(true);
        await screenshot(page, 'errors-who');
      }
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('leaves through Exit this page to the neutral site, replacing the history entry', async () => {
    const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: true, url: `${e2e.force.url}/form` });
    await choose(page, 'journey.danger', 'no');
    await press(page, 'Continue');
    await waitForStep(page, 'who');
    const exit = page.locator('.govuk-exit-this-page__button');
    expect(await exit.getAttribute('rel')).toBe('nofollow noreferrer');
    await exit.click();
    await page.waitForURL('https://www.bbc.co.uk/weather');
    expect(await page.title()).toBe('Weather');
    // The form's entry was replaced, not left behind: Back does not return to it.
    expect(await page.evaluate<number>('history.length')).toBe(2);
    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await context.close();
  });

  it('leaves when Shift is pressed three times', async () => {
    const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: true, url: `${e2e.force.url}/form` });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await page.waitForURL('https://www.bbc.co.uk/weather');
    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await context.close();
  });

  it('without JavaScript, Exit this page is a plain link to the neutral site', async () => {
    const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: false, url: `${e2e.force.url}/form` });
    await page.locator('.govuk-exit-this-page__button').click();
    await page.waitForURL('https://www.bbc.co.uk/weather');
    expect(await page.title()).toBe('Weather');
    await context.close();
  });

  it('switches to Welsh without changing the address, keeping the answers', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page } = await openPage(e2e.browser, { javaScriptEnabled, url: `${e2e.force.url}/form` });
      await choose(page, 'journey.danger', 'no');
      await press(page, 'Continue');
      await waitForStep(page, 'who');
      await choose(page, 'reporter.type', 'victim');
      await page.locator('#change-language').click();
      await page.locator('#language-cy').click();
      await page.waitForSelector('html[lang="cy"]');
      expect(await page.locator('h1').first().textContent()).toBe("Pwy sy'n gwneud yr adroddiad hwn?");
      expect(page.url()).toMatch(/\/form$/);
      expect(await page.locator('main input[name="journey.danger"][type="hidden"]').getAttribute('value')).toBe('no');
      expect(await axeViolations(page)).toEqual([]);
      if (javaScriptEnabled) await screenshot(page, 'welsh-who');
      await page.locator('#change-language').click();
      await page.locator('#language-en').click();
      await page.waitForSelector('html[lang="en"]');
      await context.close();
    }
  });

  it('shows the safety page and returns to the same step', async () => {
    const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: true, url: `${e2e.force.url}/form` });
    await page.locator('main').getByRole('button', { name: 'How to stay safe online' }).click();
    await page.waitForSelector('text=Use private browsing');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'safety');
    await press(page, 'Return to the form');
    await waitForStep(page, 'danger');
    await context.close();
  });

  it('can be completed by keyboard alone', async () => {
    const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: true, url: `${e2e.force.url}/form` });

    /** Tabs until `selector` has focus (proving it is reachable in order), within a bound. */
    const tabTo = async (selector: string) => {
      for (let presses = 0; presses < 200; presses++) {
        if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`could not reach ${selector} by keyboard`);
    };
    const select = async (name: string, value: string) => {
      await tabTo(`input[name="${name}"]`);
      // Arrow keys move between radios in a group; Space ticks a checkbox.
      const type = await page.evaluate<string>('document.activeElement.type');
      if (type === 'radio') {
        for (let moves = 0; moves < 12; moves++) {
          const current = await page.evaluate<string>('document.activeElement.value');
          if (current === value) break;
          await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Space');
      } else {
        await tabTo(`input[name="${name}"][value="${value}"]`);
        await page.keyboard.press('Space');
      }
    };
    const type = async (name: string, text: string) => {
      await tabTo(`[name="${name}"]:not([type="hidden"])`);
      await page.keyboard.type(text);
    };
    const next = async (step: string) => {
      await tabTo('main button[value="continue"], #send-report');
      await page.keyboard.press('Enter');
      await waitForStep(page, step);
    };

    await select('journey.danger', 'no');
    await next('who');
    await select('reporter.type', 'victim');
    await next('what');
    await select('incident.kind', 'stalking-harassment');
    await type('incident.account', 'He follows me to work.');
    await next('risk');
    await select('risk.answers.stalking-harassment', 'yes');
    await next('contact');
    await select('safeContact.devicesMayBeMonitored', 'yes');
    await select('safeContact.channels', 'none');
    await next('support');
    await next('immigration-notice');
    await select('journey.immigration', 'no');
    await next('check');
    await tabTo('#send-report');
    await page.keyboard.press('Enter');
    await waitForStep(page, 'confirmation');
    const receipt = (await page.locator('#receipt').textContent())?.trim() ?? '';
    expect(await queueEntryFor(receipt)).toMatchObject({ status: 'received' });
    await context.close();
  });
});
