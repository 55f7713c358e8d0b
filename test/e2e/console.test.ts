/**
 * The call-handler console end to end, in headless Debian Chromium against
 * the local system: sign-in through the local OpenID Connect provider
 * (authorisation code + PKCE), a report worked from claim to outcome, a
 * contact attempt the plan refuses shown with its reasons, the protected
 * section behind a reason that lands in the audit trail, supervisor pages
 * hidden from call handlers and refused by the API anyway, another force's
 * user refused at sign-in, idle time-out, nothing left after sign-out, the
 * security headers, axe on every page, keyboard only and 200 % zoom.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintStaffToken } from '../../scripts/local/dev-issuer';
import type { LocalStaffUser } from '../../scripts/local/oidc-issuer';
import { startLocalSystem, type LocalSystem, type RunningForce } from '../../scripts/local/system';
import { consoleSubmission, postReport } from '../support/reports';
import { axeViolations, launchChromium, screenshot, SCREENSHOTS } from './browser';

let system: LocalSystem;
let north: RunningForce;
let south: RunningForce;
let browser: Browser;

const CANARY = '<img src=x onerror="window.__pwned=1">Canary-7731';
const DOCS_SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

function user(force: RunningForce, username: string): LocalStaffUser {
  const found = system.issuer.users.find((candidate) => candidate.forceId === force.forceId && candidate.username === username);
  if (!found) throw new Error(`no seeded user ${username}`);
  return found;
}

/** A report whose plan allows a charity but refuses the phone (devices may be monitored), with an immigration section. */
async function submitReport(force: RunningForce, account: string): Promise<void> {
  await postReport(
    force.url,
    consoleSubmission(account, {
      risk: { answers: { 'threat-to-kill': 'yes', strangulation: 'yes' } },
      safeContact: { channels: ['phone', 'via-charity'], phone: '07700 900123', viaCharityName: 'Local refuge', devicesMayBeMonitored: 'dont-know', nameToUse: 'Sam' },
      support: { language: 'pl', interpreterNeeded: true },
      immigration: { status: 'spouse-or-partner-visa', visaDependentOnAbuser: 'yes' },
    }),
  );
}

/** Fills in the report page's contact-attempt form and sends it. */
async function recordAttempt(page: Page, attempt: { channel: string; leaveVoicemail: boolean; result: string }): Promise<void> {
  await page.locator(`#contact-form input[name="channel"][value="${attempt.channel}"]`).check();
  await page.locator('#contact-form input[name="leaveVoicemail"]').setChecked(attempt.leaveVoicemail);
  await page.locator(`#contact-form input[name="result"][value="${attempt.result}"]`).check();
  await page.getByRole('button', { name: 'Record attempt' }).click();
}

beforeAll(async () => {
  system = await startLocalSystem({ forces: [{ forceId: 'exampleshire' }, { forceId: 'demoshire' }], keyDir: mkdtempSync(join(tmpdir(), 'safe-pathway-console-keys-')), dynamoStartTimeoutMs: 150_000 });
  [north, south] = system.forces as [RunningForce, RunningForce];
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

interface Signed {
  page: Page;
  accessToken: string;
}

/** Signs in through the local provider's page, as a person would; answers the page and the access token the browser received. */
async function signIn(force: RunningForce, username: string, options: { viewport?: { width: number; height: number }; clock?: boolean } = {}): Promise<Signed> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (options.clock) await page.clock.install();
  await page.goto(force.consoleUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('#username');
  expect(await axeViolations(page)).toEqual([]);
  await page.fill('#username', username);
  await page.fill('#password', user(force, username).password);
  const tokenResponse = page.waitForResponse((response) => response.url().endsWith('/token') && response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const { access_token: accessToken } = (await (await tokenResponse).json()) as { access_token: string };
  await page.waitForSelector('#page-heading');
  return { page, accessToken };
}

async function checkPage(page: Page, name: string, forDocs = false): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `console-${name}`);
  if (forDocs) {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    copyFileSync(join(SCREENSHOTS, `console-${name}.png`), join(DOCS_SCREENSHOTS, `console-${name}.png`));
  }
}

const supervisorLinks = ['Audit trail', 'Referral dead letters', 'Transparency figures'];

describe('call-handler console', () => {
  it('is served with a strict CSP, no framing, no caching and Trusted Types required', async () => {
    const response = await fetch(north.consoleUrl);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toContain(`connect-src 'self' ${system.issuer.baseUrl}`);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(await response.text()).not.toMatch(/<script>|style=/);
  });

  it('works a report from claim to outcome: plan first, a refused attempt with its reasons, the protected section behind a reason, then signs out leaving nothing', async () => {
    await submitReport(north, `He took my phone. ${CANARY}`);
    const { page } = await signIn(north, 'handler-1');
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(JSON.stringify(await page.evaluate('Object.values(sessionStorage)'))).not.toMatch(/eyJ/);
    await page.waitForSelector('text=Reports waiting');
    for (const name of supervisorLinks) expect(await page.getByRole('link', { name }).count()).toBe(0);
    expect(await page.locator('table').first().textContent()).toContain('Red flag');
    // MOJ Frontend's sort buttons made it through the one Trusted Types policy; any other markup from a string is refused.
    expect(await page.locator('table th button').count()).toBeGreaterThan(0);
    expect(await page.evaluate("(() => { try { document.body.insertAdjacentHTML('beforeend', '<b id=injected>x</b>'); return 'inserted'; } catch (error) { return error.name; } })()")).toBe('TypeError');
    await checkPage(page, '01-queue', true);

    await page.getByRole('button', { name: 'Claim next report' }).click();
    await page.waitForSelector('#safe-contact');
    // The plan comes first: allowed now, and refused with reasons.
    const sections = await page.locator('main section h2').allTextContents();
    expect(sections[0]).toBe('Safe contact: what is allowed now');
    expect(await page.locator('#allowed-now').textContent()).toContain('Through the charity they named');
    const refused = (await page.locator('#refused-now').textContent()) ?? '';
    expect(refused).toContain('Phone call');
    expect(refused).toContain('may be monitored');
    // Report values are text, never markup.
    expect(await page.locator('#report-account').textContent()).toContain(CANARY);
    expect(await page.locator('#report-account img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await checkPage(page, '02-report', true);

    // A refused attempt shows every reason the API gave.
    await recordAttempt(page, { channel: 'phone', leaveVoicemail: true, result: 'no-answer' });
    await page.waitForSelector('#contact-result .govuk-error-summary');
    const refusal = (await page.locator('#contact-result').textContent()) ?? '';
    expect(refusal).toContain('does not allow this contact');
    expect(refusal).toContain('may be monitored');
    expect(refusal).toContain('voicemail');
    await checkPage(page, '03-contact-refused', true);

    await recordAttempt(page, { channel: 'via-charity', leaveVoicemail: false, result: 'message-left-with-charity' });
    await page.waitForSelector('#contact-result .govuk-notification-banner');

    // The protected section needs a deliberate step and a reason.
    await page.locator('#protected-details summary').click();
    expect(await page.locator('#protected-details').textContent()).toContain('recorded in the audit trail');
    await page.getByRole('button', { name: 'Open the protected section' }).click();
    await page.waitForSelector('#protected-result .govuk-error-summary');
    expect(await page.locator('#protected-details').textContent()).not.toContain('spouse or partner visa');
    await page.getByLabel('Planning a referral to support').check();
    await page.fill('#reason', 'Signposting to immigration advice for a spouse visa holder');
    await page.getByRole('button', { name: 'Open the protected section' }).click();
    await page.waitForSelector('#protected-result .govuk-notification-banner');
    expect(await page.locator('#protected-details').textContent()).toContain('spouse or partner visa');
    await checkPage(page, '04-protected');

    // The victim withdraws consent to the IDVA referral.
    await page.locator('#consent-form input[name="recipientTypes"][value="idva"]').check();
    await page.getByRole('button', { name: 'Withdraw consent' }).click();
    await page.waitForSelector('#consent-result .govuk-notification-banner');
    expect(await page.locator('#consent-result').textContent()).toContain('Consent withdrawn');

    await page.locator('#outcome-form input[name="outcome"][value="referred-to-support"]').check();
    await page.getByRole('button', { name: 'Record outcome and close' }).click();
    await page.waitForSelector('#outcome-result .govuk-notification-banner');
    const reportUrl = page.url();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /Sign out of/ }).click();
    await page.waitForSelector('#signed-out-reason');
    expect(await page.locator('#signed-out-reason').textContent()).toContain('signed out');
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain('Canary-7731');
    expect(text).not.toContain('Sam');
    await checkPage(page, '05-signed-out');
    // Back at the report's address: nothing shows without signing in again.
    await page.goto(reportUrl);
    await page.waitForSelector('#page-heading');
    expect(await page.locator('#page-heading').textContent()).toContain('Sign in');
    await page.context().close();
  });

  it('shows a supervisor the audit trail with the protected read and its reason, dead letters and transparency figures', async () => {
    const { page } = await signIn(north, 'supervisor-1');
    for (const name of supervisorLinks) expect(await page.getByRole('link', { name }).count()).toBe(1);
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.fill('#who', 'handler-1');
    await page.getByRole('button', { name: 'Show audit trail' }).click();
    await page.waitForSelector('#audit-timeline');
    const trail = (await page.locator('#audit-timeline').textContent()) ?? '';
    expect(trail).toContain('read protected');
    expect(trail).toContain('Signposting to immigration advice');
    await checkPage(page, '06-audit', true);

    await page.getByRole('link', { name: 'Referral dead letters' }).click();
    await page.waitForSelector('text=Charity referrals parked');
    await checkPage(page, '07-dead-letters');

    await page.getByRole('link', { name: 'Transparency figures' }).click();
    await page.waitForSelector('.sp-console-chart');
    expect(await page.locator('table').textContent()).toContain('Total');
    await checkPage(page, '08-transparency', true);

    // A supervisor claims a report and hands it to a call handler.
    await submitReport(north, 'Report for reassignment.');
    await page.getByRole('link', { name: 'Queue' }).click();
    await page.getByRole('button', { name: 'Claim next report' }).click();
    await page.waitForSelector('#reassign-form');
    await page.fill('#to', 'handler-2');
    await page.getByRole('button', { name: 'Reassign' }).click();
    await page.waitForSelector('#reassign-result .govuk-notification-banner');
    expect(await page.locator('#reassign-result').textContent()).toContain('handler-2');

    await page.getByRole('link', { name: 'Claimed reports' }).click();
    await page.waitForSelector('text=Claimed by others');
    expect(await page.locator('main table').textContent()).toContain('handler-2');
    await checkPage(page, '09-claimed');
    await page.context().close();
  });

  it('hides supervisor pages from a call handler, and the API refuses them that token anyway', async () => {
    const { page, accessToken } = await signIn(north, 'handler-2');
    for (const name of supervisorLinks) expect(await page.getByRole('link', { name }).count()).toBe(0);
    await page.evaluate('location.hash = "#/audit"');
    await page.waitForSelector('text=Supervisors only');
    await checkPage(page, '10-supervisors-only');
    for (const path of ['/audit?actor=handler-1', '/referrals/dead-letters', '/transparency?from=2026-01-01&to=2026-02-01']) {
      const response = await fetch(`${north.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(response.status, path).toBe(403);
    }
    // The same token carries the call-handler group and is accepted where a call handler may go.
    expect((await fetch(`${north.url}/queue`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
    // `npm run token` still signs tokens the API accepts: same issuer, same key.
    const minted = await mintStaffToken({ keyDir: system.keyDir, forceId: north.forceId, role: 'call-handler' });
    expect((await fetch(`${north.url}/queue`, { headers: { authorization: `Bearer ${minted}` } })).status).toBe(200);
    await page.context().close();
  });

  it("refuses another force's user at sign-in, and that force's API refuses this force's token", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(south.consoleUrl);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#username');
    await page.fill('#username', 'handler-1');
    await page.fill('#password', user(north, 'handler-1').password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#error');
    expect(await page.locator('#error').textContent()).toContain('Incorrect username or password');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'console-11-other-force-refused');
    await context.close();
    const { page: northPage, accessToken } = await signIn(north, 'handler-1');
    expect((await fetch(`${south.url}/queue`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(401);
    await northPage.context().close();
  });

  it('forgets the session after 15 idle minutes and asks for the password again', async () => {
    const { page } = await signIn(north, 'handler-1', { clock: true });
    await page.waitForSelector('#page-heading:has-text("Queue")');
    await page.clock.fastForward('16:00');
    await page.waitForSelector('#signed-out-reason');
    expect(await page.locator('#signed-out-reason').textContent()).toContain('not used for a while');
    expect(await page.locator('#account').textContent()).toBe('');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#username');
    await page.context().close();
  });

  it('claims and works by keyboard alone, and fits a 200 % zoom without scrolling sideways', async () => {
    await submitReport(north, 'Keyboard journey report.');
    const { page } = await signIn(north, 'handler-2', { viewport: { width: 640, height: 800 } });
    await page.waitForSelector('text=Reports waiting');
    // After each page change the focus is on its heading, so the page is read from the top.
    expect(await page.evaluate('document.activeElement?.id')).toBe('page-heading');
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate('document.activeElement?.textContent')) === 'Claim next report';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#safe-contact');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'console-12-report-200-percent');
    await page.context().close();
  });
});
