/**
 * The form in every language, in headless Chromium against the local system:
 * axe-core (WCAG 2.2 AA) on every page in every language, right to left
 * included; a whole journey with JavaScript off in Arabic and in Polish
 * (screenshots of each step in test-results/screenshots/), its free text
 * stored and shown back intact and its language recorded as
 * `support.language`; the confirmation in every language with the receipt
 * unbroken; choosing a language keeps every answer and never changes the URL.
 *
 * Pages are opened in parallel contexts of one browser. A page reached by
 * POST is opened by routing a unique address to that POST (route.fetch), so
 * each language's pages load with their real stylesheets and fonts.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mintStaffToken } from '../../scripts/local/dev-issuer';
import { INDICATOR_CODES } from '../../schemas/risk-indicators';
import { LANGUAGE_TABLE, LANGUAGES, type Language } from '../../schemas/languages';
import { axeViolations, newContext, openPage, screenshot, useE2eSystem } from './browser';
import { answerStep, type StepAnswers } from './journey';

const e2e = useE2eSystem('safe-pathway-e2e-langs-');

const KEY = '0f6c3a52-7a1b-4c1e-9d7e-5a0b9c2d4e6f';

/** Opens the page the form answers to a POST of `fields`, at a unique address of the same origin. */
let opened = 0;
async function openPosted(page: Page, fields: Record<string, string | string[]>): Promise<void> {
  const path = `/form?posted=${++opened}`;
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
  let failed: unknown;
  await page.route(`${e2e.force.url}${path}`, async (route) => {
    try {
      const response = await route.fetch({ url: `${e2e.force.url}/form`, method: 'POST', postData: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, timeout: 120_000 });
      await route.fulfill({ response });
    } catch (error) {
      // The navigation fails at once with the fetch's own error, rather than waiting out its timeout.
      failed = error;
      await route.abort('failed');
    }
  });
  await page.goto(`${e2e.force.url}${path}`).catch((error: unknown) => {
    throw failed ?? error;
  });
}

async function runInParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

const ANSWERED: Record<string, string | string[]> = {
  'journey.key': KEY,
  'journey.danger': 'no',
  'reporter.type': 'victim',
  'incident.kind': 'domestic-abuse',
  'incident.account': 'Zabrał mi paszport. أخذ جواز سفري. আমার পাসপোর্ট নিয়ে গেছে।',
  'incident.postcode': 'S1 2HE',
  ...Object.fromEntries(INDICATOR_CODES.slice(0, 3).map((code) => [`risk.answers.${code}`, 'no'])),
  'safeContact.devicesMayBeMonitored': 'no',
  'safeContact.channels': 'phone',
  'safeContact.phone': '07700 900123',
  'support.interpreterNeeded': 'yes',
  consent: 'idva',
};

/** Every page a victim can see, as the fields that bring it up. */
function everyPage(lang: Language, receipt: string): { name: string; fields: Record<string, string | string[]> }[] {
  const base = { 'journey.lang': lang, 'journey.key': KEY };
  const step = (name: string, extra: Record<string, string | string[]> = {}) => ({ name, fields: { ...base, 'journey.danger': 'no', ...extra, 'journey.step': name, action: `change:${name}` } });
  return [
    { name: 'danger', fields: { ...base, action: 'resume' } },
    { name: 'danger-errors', fields: { ...base, 'journey.step': 'danger', action: 'continue' } },
    { name: 'emergency', fields: { ...base, 'journey.danger': 'yes', 'journey.step': 'emergency', action: 'resume' } },
    step('who'),
    step('what'),
    step('risk'),
    step('contact'),
    { name: 'contact-errors', fields: { ...base, 'journey.danger': 'no', 'journey.step': 'contact', 'safeContact.devicesMayBeMonitored': 'yes', 'safeContact.channels': 'phone', action: 'continue' } },
    step('support'),
    step('immigration-notice'),
    step('immigration', { 'journey.immigration': 'yes' }),
    step('check', { ...ANSWERED, 'journey.immigration': 'no' }),
    { name: 'confirmation', fields: { 'journey.lang': 'en', 'journey.step': 'confirmation', 'journey.receipt': receipt, 'journey.urgent': 'yes', action: `language:${lang}` } },
    { name: 'safety', fields: { ...base, 'journey.step': 'danger', action: 'safety' } },
    { name: 'status', fields: { ...base, 'journey.step': 'danger', action: 'status' } },
    { name: 'languages', fields: { ...base, 'journey.step': 'danger', action: 'languages' } },
  ];
}

async function press(page: Page, text: string): Promise<void> {
  await page.locator('main').getByRole('button', { name: text, exact: true }).click();
}

/** Strings of each journey language the test presses or reads, from its locale. */
const WORDS = {
  ar: { continue: 'متابعة', send: 'إرسال البلاغ', account: 'أخذ جواز سفري ودفعني.\nيحدث هذا كل أسبوع تقريبًا.' },
  pl: { continue: 'Dalej', send: 'Wyślij zgłoszenie', account: 'Zabrał mi paszport i mnie popchnął.\nZdarza się to prawie co tydzień — żółć, łódź.' },
} as const;

/** The whole journey with JavaScript off, in one language, a screenshot per step. */
async function journey(context: BrowserContext, lang: 'ar' | 'pl'): Promise<{ receipt: string; violations: unknown[]; steps: string[] }> {
  const page = await context.newPage();
  const words = WORDS[lang];
  const violations: unknown[] = [];
  const steps: string[] = [];
  const shot = async (step: string) => {
    steps.push(step);
    violations.push(...(await axeViolations(page)).map((violation) => ({ lang, step, ...violation })));
    await screenshot(page, `${lang}-${String(steps.length).padStart(2, '0')}-${step}`);
  };
  const at = (step: string) => page.waitForSelector(`main form input[name="journey.step"][value="${step}"]`, { state: 'attached' });

  await page.goto(`${e2e.force.url}/form`);
  // Chromium asks for English: the language page is one press away from the first page.
  await page.locator('#change-language').click();
  await page.waitForSelector('#language-ar');
  await shot('languages');
  await page.locator(`#language-${lang}`).click();
  await page.waitForSelector(`html[lang="${lang}"]`);
  expect(page.url()).toBe(`${e2e.force.url}/form`);

  const answered: readonly StepAnswers[] = [
    { step: 'danger', choose: { 'journey.danger': 'no' } },
    { step: 'who', choose: { 'reporter.type': 'victim' } },
    { step: 'what', choose: { 'incident.kind': 'domestic-abuse' }, fill: { 'incident.account': words.account, 'incident.postcode': 'S1 2HE' } },
    { step: 'risk', choose: { 'risk.answers.strangulation': 'yes' } },
    { step: 'contact', choose: { 'safeContact.devicesMayBeMonitored': 'no', 'safeContact.channels': 'phone' }, fill: { 'safeContact.phone': '07700 900123' } },
    { step: 'support', choose: { 'support.interpreterNeeded': 'yes' } },
    { step: 'immigration-notice', choose: { 'journey.immigration': 'no' } },
  ];
  for (const answers of answered) {
    await at(answers.step);
    // The language the form was filled in is offered as the language to use.
    if (answers.step === 'support') expect(await page.locator('select[name="support.language"]').inputValue()).toBe(lang);
    await answerStep(page, answers);
    await shot(answers.step);
    await press(page, words.continue);
  }
  await at('check');
  await shot('check');
  // Shown back intact, line break and all, in its own direction.
  expect(await page.locator('.sp-multiline').textContent()).toBe(words.account);
  expect(await page.locator('.sp-multiline').getAttribute('dir')).toBe('auto');
  await page.locator('#send-report').click();
  await page.waitForSelector('#receipt');
  await shot('confirmation');
  const receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
  await page.close();
  return { receipt, violations, steps };
}

/** Claims every waiting report and reads each body, as a call handler would. */
async function readEveryReport(): Promise<Record<string, unknown>[]> {
  const token = await mintStaffToken({ keyDir: e2e.system.keyDir, forceId: e2e.force.forceId, role: 'call-handler', sub: 'e2e-langs' });
  const bodies: Record<string, unknown>[] = [];
  for (let claims = 0; claims < 10; claims++) {
    const claim = await fetch(`${e2e.force.url}/queue/claim`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (claim.status !== 200) break;
    const { report } = (await claim.json()) as { report: { reportId: string } };
    const read = await fetch(`${e2e.force.url}/reports/${report.reportId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    bodies.push((await read.json()) as Record<string, unknown>);
  }
  return bodies;
}

describe('languages', () => {
  let receipts: Record<'ar' | 'pl', string>;

  it('completes the whole journey with JavaScript off in Arabic and in Polish, storing the account intact and the language as support.language', async () => {
    const contexts = await Promise.all([newContext(e2e.browser, { javaScriptEnabled: false }), newContext(e2e.browser, { javaScriptEnabled: false })]);
    const [arabic, polish] = await Promise.all([journey(contexts[0] as BrowserContext, 'ar'), journey(contexts[1] as BrowserContext, 'pl')]);
    await Promise.all(contexts.map((context) => context.close()));
    receipts = { ar: arabic.receipt, pl: polish.receipt };

    for (const result of [arabic, polish]) {
      expect(result.receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(result.steps).toEqual(['languages', 'danger', 'who', 'what', 'risk', 'contact', 'support', 'immigration-notice', 'check', 'confirmation']);
    }
    expect([...arabic.violations, ...polish.violations]).toEqual([]);

    const bodies = await readEveryReport();
    const stored = (account: string) => bodies.find((body) => JSON.stringify(body).includes(JSON.stringify(account).slice(1, -1)));
    for (const lang of ['ar', 'pl'] as const) {
      const report = (stored(WORDS[lang].account) as { report?: { body?: { incident: { account: string }; support: { language: string; interpreterNeeded: boolean } } } } | undefined)?.report?.body;
      expect(report?.incident?.account).toBe(WORDS[lang].account);
      expect(report?.support).toMatchObject({ language: lang, interpreterNeeded: true });
    }
  }, 600_000);

  it('shows every page in every language with no axe violations (WCAG 2.2 AA), right to left included, and the receipt unbroken on every confirmation', async () => {
    const receipt = receipts?.ar ?? '3145 1022 8895 2004';
    const failures: unknown[] = [];
    const receiptsShown: Record<string, string> = {};
    await runInParallel(LANGUAGES, 3, async (lang) => {
      const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: true });
      const dir = LANGUAGE_TABLE.find((entry) => entry.code === lang)?.dir;
      for (const { name, fields } of everyPage(lang, receipt)) {
        await openPosted(page, fields);
        await page.waitForSelector(`html[lang="${lang}"][dir="${dir}"]`, { state: 'attached' });
        for (const violation of await axeViolations(page)) failures.push({ lang, page: name, ...violation });
        if (name === 'confirmation') {
          receiptsShown[lang] = ((await page.locator('#receipt').textContent()) ?? '').trim();
          expect(await page.locator('#receipt').getAttribute('dir')).toBe('ltr');
          // Unbroken: the four groups sit on one line, in order, left to right, even in a right-to-left page.
          const lines = await page.evaluate<number>("document.getElementById('receipt').getClientRects().length");
          expect(lines, lang).toBe(1);
          await screenshot(page, `confirmation-${lang}`);
        }
        if (lang === 'ar' && name === 'check') await screenshot(page, 'ar-rtl-check');
      }
      await context.close();
    });
    expect(failures).toEqual([]);
    expect(receiptsShown).toEqual(Object.fromEntries(LANGUAGES.map((lang) => [lang, receipt])));
  }, 600_000);

  it('puts Exit this page on the right in left-to-right pages and on the left in right-to-left pages', async () => {
    const { context, page } = await openPage(e2e.browser, { javaScriptEnabled: true });
    const sides: Record<string, string> = {};
    for (const lang of ['en', 'ar', 'ur', 'fa', 'bn'] as const) {
      await openPosted(page, { 'journey.lang': lang, action: 'resume' });
      const box = await page.locator('.govuk-exit-this-page__button').boundingBox();
      const width = page.viewportSize()?.width ?? 1024;
      sides[lang] = box && box.x + box.width / 2 > width / 2 ? 'right' : 'left';
    }
    expect(sides).toEqual({ en: 'right', ar: 'left', ur: 'left', fa: 'left', bn: 'right' });
    await context.close();
  });

  it('switches language from any page without changing the address, keeping every answer, with JavaScript on and off', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page } = await openPage(e2e.browser, { javaScriptEnabled, url: `${e2e.force.url}/form` });
      await page.locator('input[name="journey.danger"][value="no"]').check();
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.locator('input[type="radio"][name="reporter.type"][value="victim"]').check();
      await page.locator('input[name="victim.name"]').fill('Ayesha');
      // The footer's safety page, then the language page from there: it comes back to the safety page.
      await page.locator('footer').getByRole('button').first().click();
      await page.waitForSelector('input[name="journey.view"][value="safety"]', { state: 'attached' });
      await page.locator('#change-language').click();
      await page.waitForSelector('#language-ur');
      // Each language is named in its own script and marked with its own language and direction.
      expect(await page.locator('#language-ur').textContent()).toBe('اردو');
      expect(await page.locator('#language-ur').getAttribute('lang')).toBe('ur');
      expect(await page.locator('#language-ur').getAttribute('dir')).toBe('rtl');
      await page.locator('#language-ur').click();
      await page.waitForSelector('html[lang="ur"][dir="rtl"]');
      expect(await page.locator('h1').first().textContent()).toBe('آن لائن محفوظ کیسے رہیں');
      expect(page.url()).toBe(`${e2e.force.url}/form`);
      expect(await page.locator('link[href="/assets/govuk-frontend.rtl.min.css"]').count()).toBe(1);
      // Back to the form: the step and both answers are still there, now in Urdu.
      await page.locator('main').getByRole('button', { name: 'فارم پر واپس جائیں', exact: true }).click();
      // The safety page also carries `journey.step=who` (to come back to): wait for the step's own radio.
      const victimRadio = page.locator('input[type="radio"][name="reporter.type"][value="victim"]');
      await victimRadio.waitFor({ state: 'attached' });
      expect(await victimRadio.isChecked()).toBe(true);
      expect(await page.locator('input[name="victim.name"]').inputValue()).toBe('Ayesha');
      expect(await context.cookies()).toEqual([]);
      await context.close();
    }
  });

  it('follows Accept-Language on the first visit', async () => {
    const context = await e2e.browser.newContext({ locale: 'pl-PL', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e2e.force.url}/form`);
    expect(await page.locator('html').getAttribute('lang')).toBe('pl');
    expect(await page.locator('h1').first().textContent()).toBe('Czy jesteś teraz w niebezpieczeństwie?');
    await screenshot(page, 'pl-accept-language-danger');
    await context.close();
  });
});
