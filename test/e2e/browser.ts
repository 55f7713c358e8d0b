/**
 * Headless Debian Chromium through playwright-core (no downloaded browser),
 * axe-core runs, screenshots, and a stand-in for the neutral exit site.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startLocalSystem, type LocalSystem, type RunningForce } from '../../scripts/local/system';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

/** Raised when Chromium is not installed, with what to install. */
export class ChromiumMissingError extends Error {
  constructor() {
    super('The e2e tests need Debian Chromium at /usr/bin/chromium: apt-get install -y chromium');
    this.name = 'ChromiumMissingError';
  }
}

export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  } catch (error) {
    if (String(error).includes("doesn't exist") || String(error).includes('ENOENT')) throw new ChromiumMissingError();
    throw error;
  }
}

/** The page Exit this page leads to, served locally: the tests never reach the internet. */
export const NEUTRAL_PAGE = '<!DOCTYPE html><html lang="en"><head><title>Weather</title></head><body><h1>Weather</h1></body></html>';

export async function newContext(browser: Browser, options: { javaScriptEnabled: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled, viewport: { width: 1024, height: 800 } });
  // The whole suite shares two cores (CI): a page load queued behind other test files may take longer than
  // Playwright's 30 s default without anything being wrong with the page. Assertions keep their own limits.
  context.setDefaultNavigationTimeout(120_000);
  await context.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: NEUTRAL_PAGE }));
  return context;
}

/**
 * A fresh context (as {@link newContext}) with one page, opened at `url` when given.
 *
 * @example
 * const { context, page } = await openPage(browser, { javaScriptEnabled: false, url: `${force.url}/form` });
 */
export async function openPage(browser: Browser, options: { javaScriptEnabled: boolean; url?: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { javaScriptEnabled: options.javaScriptEnabled });
  const page = await context.newPage();
  if (options.url) await page.goto(options.url);
  return { context, page };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

const AXE_SNAPSHOT_PATH = '/__axe-snapshot';

/**
 * Runs axe-core on the page for WCAG 2.0, 2.1 and 2.2 A and AA, injected
 * through the DevTools protocol (so the page's strict CSP does not block it).
 *
 * axe needs timers, which do not run in a page whose JavaScript is off; such
 * a page's markup is checked instead in a scratch tab of a JavaScript-on
 * context, served from the same origin (so its stylesheets load) with every
 * script removed, i.e. exactly as a browser without JavaScript shows it.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const javaScriptOff = await page.evaluate('!document.body.className.includes("js-enabled")');
  if (!javaScriptOff) return runAxe(page);
  const origin = new URL(page.url()).origin;
  const markup = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const tab = await scratchTab(page, origin);
  snapshots.set(tab, markup);
  await tab.goto(`${origin}${AXE_SNAPSHOT_PATH}`);
  return runAxe(tab);
}

/** One scratch tab per context, reused: opening a context per check is slow, and parallel contexts must not share one. */
const scratchTabs = new WeakMap<BrowserContext, Promise<Page>>();
const snapshots = new WeakMap<Page, string>();

function scratchTab(page: Page, origin: string): Promise<Page> {
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser');
  const owner = page.context();
  let tab = scratchTabs.get(owner);
  if (!tab) {
    tab = (async () => {
      const context = await browser.newContext({ viewport: page.viewportSize() ?? { width: 1024, height: 800 } });
      const scratch = await context.newPage();
      await context.route(`${origin}${AXE_SNAPSHOT_PATH}`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: snapshots.get(scratch) ?? '' }),
      );
      owner.once('close', () => void context.close().catch(() => undefined));
      return scratch;
    })();
    scratchTabs.set(owner, tab);
  }
  return tab;
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  // Browser-side code is passed as a string: the tests' own types are Node's, not the DOM's.
  const result = await page.evaluate<{ violations: unknown[] }>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })",
  );
  return (result.violations as AxeViolation[]).map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What a browser test runs against: one local force (exampleshire) and one Chromium. */
export interface E2eSystem {
  system: LocalSystem;
  force: RunningForce;
  browser: Browser;
}

/**
 * Starts the local system for exampleshire (keys in a fresh folder named by `keyDirPrefix`) and Chromium.
 *
 * @example
 * beforeAll(async () => ({ system, force, browser } = await startE2eSystem('safe-pathway-e2e-keys-')), 120_000);
 */
export async function startE2eSystem(keyDirPrefix: string): Promise<E2eSystem> {
  const system = await startLocalSystem({ forces: [{ forceId: 'exampleshire' }], keyDir: mkdtempSync(join(tmpdir(), keyDirPrefix)) });
  return { system, force: system.forces[0] as RunningForce, browser: await launchChromium() };
}

/** Closes what {@link startE2eSystem} started; safe when it failed half-way. */
export async function stopE2eSystem(started: Partial<E2eSystem>): Promise<void> {
  await started.browser?.close();
  await started.system?.stop();
}

/**
 * Starts the system and Chromium before a test file's tests and stops them after them: the answer is filled in
 * by the time any test runs.
 *
 * @example
 * const e2e = useE2eSystem('safe-pathway-e2e-keys-');
 * it('opens the form', async () => { await (await e2e.browser.newPage()).goto(`${e2e.force.url}/form`); });
 */
export function useE2eSystem(keyDirPrefix: string): E2eSystem {
  const started = {} as E2eSystem;
  beforeAll(async () => {
    Object.assign(started, await startE2eSystem(keyDirPrefix));
  }, 120_000);
  afterAll(() => stopE2eSystem(started));
  return started;
}
