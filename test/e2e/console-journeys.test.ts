/**
 * Two more console journeys end to end, in headless Debian Chromium against
 * the local system, and the queue's language column (issues 16, 17):
 * - a supervisor re-drives a referral parked after a real local charity
 *   webhook server failed, once it has recovered, and sees it delivered on the
 *   report's audit trail;
 * - the queue shows the language in its own script and an Interpreter tag,
 *   and "Not shown" for an entry whose sealed hint has gone;
 * - a signed-in session whose access token expires (the local OpenID Connect
 *   provider issues 25-second tokens to one force here) is signed out cleanly:
 *   nothing of the report is left on the page, and the API refuses the token.
 * axe on every new page state, screenshots into test-results/.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClients } from '../../functions/adapters/dynamodb/client';
import { removeNeedsHint } from '../../functions/adapters/dynamodb/needs-hint';
import { mintStaffToken } from '../../scripts/local/dev-issuer';
import { startLocalSystem, type LocalSystem, type RunningForce } from '../../scripts/local/system';
import { consoleSubmission, postReport } from '../support/reports';
import { axeViolations, launchChromium, screenshot } from './browser';

let system: LocalSystem;
/** Hour-long tokens; its charity fails until told to recover. */
let north: RunningForce;
/** 25-second tokens, to see a session expire. */
let south: RunningForce;
let browser: Browser;

const TOKEN_SECONDS = 25;
const CANARY = 'Canary-5519 he waits outside the school';

/** The local charity webhook server's health, per force: down answers 503 to every delivery. */
const charityDown = new Set<string>();
/** Each delivery the receiver answered: its path and the status it got. */
const answered: { path: string; deliveryId: string; status: number }[] = [];

/** A report with a red flag, an interpreter need in Arabic and contact only through a charity. */
async function submitReport(force: RunningForce, account: string): Promise<void> {
  await postReport(force.url, consoleSubmission(account));
}

async function signIn(force: RunningForce, username: string): Promise<{ page: Page; accessToken: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(force.consoleUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('#username');
  await page.fill('#username', username);
  const user = system.issuer.users.find((candidate) => candidate.forceId === force.forceId && candidate.username === username);
  await page.fill('#password', user?.password ?? '');
  const tokenResponse = page.waitForResponse((response) => response.url().endsWith('/token') && response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const { access_token: accessToken } = (await (await tokenResponse).json()) as { access_token: string };
  await page.waitForSelector('#page-heading');
  return { page, accessToken };
}

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `console-${name}`);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  system = await startLocalSystem({
    forces: [{ forceId: 'exampleshire' }, { forceId: 'demoshire', accessTokenSeconds: TOKEN_SECONDS }],
    keyDir: mkdtempSync(join(tmpdir(), 'safe-pathway-console-journeys-keys-')),
    // Two attempts, a second apart, before a referral is parked: the dead letter arrives in seconds, not hours.
    env: { REFERRAL_MAX_ATTEMPTS: '2', REFERRAL_BASE_DELAY_SECONDS: '1' },
    dynamoStartTimeoutMs: 150_000,
  });
  [north, south] = system.forces as [RunningForce, RunningForce];
  const receiver = system.webhooks!;
  receiver.respond = (delivery) => {
    const force = delivery.path.split('/')[1] ?? '';
    const status = charityDown.has(force) ? 503 : 200;
    answered.push({ path: delivery.path, deliveryId: delivery.deliveryId, status });
    return status;
  };
  browser = await launchChromium();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('call-handler console journeys', () => {
  it('lets a supervisor re-drive a referral parked while the charity was down, and shows it delivered once the charity is back', async () => {
    charityDown.add(north.forceId);
    const supervisorToken = await mintStaffToken({ keyDir: system.keyDir, forceId: north.forceId, role: 'supervisor' });
    await submitReport(north, 'Referral that meets a charity outage.');
    // The referral dispatcher (every 2 s locally) tries twice, gets 503 twice, and parks it.
    const parked = await until('the referral to be parked', async () => {
      const response = await fetch(`${north.url}/referrals/dead-letters`, { headers: { authorization: `Bearer ${supervisorToken}` } });
      const list = (await response.json()) as { referrals: { referralId: string; reportId: string; charityId: string; attempts: number; lastFailure?: string }[] };
      return list.referrals[0];
    });
    expect(parked).toMatchObject({ attempts: 2, lastFailure: 'http-503' });
    // Both tries reached the charity's own webhook path on the local server, and both were answered 503.
    const failedTries = answered.filter((entry) => entry.deliveryId === parked.referralId);
    expect(failedTries).toEqual([503, 503].map((status) => ({ path: `/${north.forceId}/${parked.charityId}`, deliveryId: parked.referralId, status })));

    const { page } = await signIn(north, 'supervisor-1');
    await page.getByRole('link', { name: 'Referral dead letters' }).click();
    await page.waitForSelector('text=Parked referrals (1)');
    const row = (await page.locator('main table tbody tr').first().textContent()) ?? '';
    expect(row).toContain(parked.referralId.slice(0, 8));
    expect(row).toContain(parked.charityId);
    expect(row).toContain('http-503');
    await checkPage(page, '13-dead-letter-parked');

    // The charity is back; the supervisor re-drives.
    charityDown.delete(north.forceId);
    await page.getByRole('button', { name: `Re-drive referral ${parked.referralId.slice(0, 8)}` }).click();
    await page.waitForSelector('#redrive-result .govuk-notification-banner');
    expect(await page.locator('#redrive-result').textContent()).toContain('back to work');
    expect(await page.locator('main table tbody tr').first().textContent()).toContain('Back to work');
    await checkPage(page, '14-dead-letter-redriven');

    // The next sweep delivers it with the same delivery id, and the charity answers 200.
    await until('the re-driven delivery', async () => (answered.some((entry) => entry.deliveryId === parked.referralId && entry.status === 200) ? true : undefined));
    // Nothing is parked any more, and the report's audit trail shows the referral disclosed to the charity.
    // (Pages are changed by their address's hash: a reload would sign out, the tokens being in the page's memory only.)
    await page.getByRole('link', { name: 'Queue' }).click();
    await page.waitForSelector('#page-heading:has-text("Queue")');
    await page.getByRole('link', { name: 'Referral dead letters' }).click();
    await page.waitForSelector('text=No referral is parked.');
    const delivered = await until('the delivery on the audit trail', async () => {
      await page.evaluate('location.hash = "#/queue"');
      await page.waitForSelector('#page-heading:has-text("Queue")');
      await page.evaluate(`location.hash = "#/audit?reportId=${parked.reportId}"`);
      const trail = await page.locator('#audit-timeline').textContent({ timeout: 10_000 }).catch(() => '');
      return trail?.includes(`Recipient: idva ${parked.charityId}`) ? trail : undefined;
    });
    expect(delivered).toContain('referral (disclosure)');
    expect(delivered).toContain('referral redrive');
    await checkPage(page, '15-referral-delivered-audit');
    await page.context().close();
  });

  it('signs a session out cleanly when its access token expires: the page keeps nothing of the report, and the API refuses the token', async () => {
    await submitReport(south, CANARY);
    await submitReport(south, 'A second report, whose support needs have left.');
    // The second report's hint is removed, as removing its support class does: the queue must say "Not shown" for it.
    const minted = await mintStaffToken({ keyDir: system.keyDir, forceId: south.forceId, role: 'call-handler' });
    const listed = (await (await fetch(`${south.url}/queue`, { headers: { authorization: `Bearer ${minted}` } })).json()) as { entries: { reportId: string }[] };
    const dynamo = dynamoClients({ endpoint: system.dynamo.endpoint });
    expect(await removeNeedsHint(dynamo.document, south.tableName, listed.entries[1]!.reportId)).toBe('removed');
    dynamo.client.destroy();

    const { page, accessToken } = await signIn(south, 'handler-1');
    await page.waitForSelector('text=Reports waiting');
    // The queue shows the language in its own script and the interpreter need, opened from the sealed hint.
    const rows = page.locator('main table tbody tr');
    const queueRow = (await rows.first().textContent()) ?? '';
    expect(queueRow).toContain('العربية (Arabic)');
    expect(queueRow).toContain('Interpreter');
    expect(await rows.first().locator('span[lang="ar"][dir="rtl"]').count()).toBe(1);
    const withoutHint = (await rows.nth(1).textContent()) ?? '';
    expect(withoutHint).toContain('Not shown');
    expect(withoutHint).not.toContain('Interpreter');
    await checkPage(page, '16-queue-language');

    await page.getByRole('button', { name: 'Claim next report' }).click();
    await page.waitForSelector('#safe-contact');
    expect(await page.locator('#report-account').textContent()).toContain(CANARY);
    const reportUrl = page.url();

    // No activity needed: the token's own expiry ends the session.
    await page.waitForSelector('#signed-out-reason', { timeout: (TOKEN_SECONDS + 20) * 1000 });
    expect(await page.locator('#signed-out-reason').textContent()).toContain('Your session has ended');
    const html = await page.content();
    expect(html).not.toContain('Canary-5519');
    expect(html).not.toContain('Noor');
    expect(html).not.toContain(accessToken);
    expect(page.url()).not.toContain('#/reports/');
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(JSON.stringify(await page.evaluate('Object.values(sessionStorage)'))).not.toMatch(/eyJ|Canary-5519/);
    expect(await page.locator('#account').textContent()).toBe('');
    await checkPage(page, '17-token-expired');

    // The API refuses the expired token too, and the report's address shows only the sign-in page.
    expect((await fetch(`${south.url}/queue`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(401);
    await page.goto(reportUrl);
    await page.waitForSelector('#page-heading');
    expect(await page.locator('#page-heading').textContent()).toContain('Sign in');
    expect(await page.content()).not.toContain('Canary-5519');
    await page.context().close();
  });
});
