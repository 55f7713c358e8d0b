/**
 * The call-handler console: a static single-page client of the force API.
 * Boots from config.json, completes or starts the OIDC sign-in, and renders
 * one page at a time from the address's fragment (`#/queue`,
 * `#/reports/<id>`, …) so navigating never reloads — a reload forgets the
 * in-memory tokens by design. When the session ends the page is emptied.
 */
import type { ConsoleConfig } from '../config';
import { useApi, ApiProblem } from './api';
import { append, clear, h } from './dom';
import { auditPage, deadLettersPage, transparencyPage } from './pages/supervisor';
import { claimedPage, queuePage } from './pages/queue';
import { reportPage } from './pages/report';
import { completeSignIn, lastEndReason, session, signOut, startSignIn, whenSessionEnds, SignInFailedError, type EndReason } from './session';
import { installTrustedTypesPolicy } from './trusted-types';
import type { PageContext } from './page-context';
import { button, errorSummary, heading, p } from './ui';

let config: ConsoleConfig;
const main = () => document.getElementById('main-content') as HTMLElement;
const account = () => document.getElementById('account') as HTMLElement;

type Page = { title: string; supervisorOnly?: boolean; render(root: HTMLElement, context: PageContext, id?: string): Promise<void> };

const PAGES: { pattern: RegExp; page: Page }[] = [
  { pattern: /^\/queue$/, page: { title: 'Queue', render: queuePage } },
  { pattern: /^\/claimed$/, page: { title: 'Claimed reports', render: claimedPage } },
  { pattern: /^\/reports\/([0-9a-f-]{36})$/, page: { title: 'Report', render: reportPage } },
  { pattern: /^\/audit$/, page: { title: 'Audit trail', supervisorOnly: true, render: auditPage } },
  { pattern: /^\/dead-letters$/, page: { title: 'Referral dead letters', supervisorOnly: true, render: deadLettersPage } },
  { pattern: /^\/transparency$/, page: { title: 'Transparency figures', supervisorOnly: true, render: transparencyPage } },
];

const NAV: { href: string; text: string; supervisorOnly?: boolean }[] = [
  { href: '#/queue', text: 'Queue' },
  { href: '#/claimed', text: 'Claimed reports' },
  { href: '#/audit', text: 'Audit trail', supervisorOnly: true },
  { href: '#/dead-letters', text: 'Referral dead letters', supervisorOnly: true },
  { href: '#/transparency', text: 'Transparency figures', supervisorOnly: true },
];

function isSupervisor(): boolean {
  return session()?.roles.includes('supervisor') ?? false;
}

function sideNavigation(path: string): HTMLElement {
  return h(
    'nav',
    { class: 'moj-side-navigation', 'aria-label': 'Console' },
    h(
      'ul',
      { class: 'moj-side-navigation__list' },
      ...NAV.filter((item) => !item.supervisorOnly || isSupervisor()).map((item) => {
        const active = path === item.href.slice(1);
        return h('li', { class: `moj-side-navigation__item${active ? ' moj-side-navigation__item--active' : ''}` }, h('a', { href: item.href, ...(active ? { 'aria-current': 'page' } : {}) }, item.text));
      }),
    ),
  );
}

function renderAccount(): void {
  clear(account());
  const current = session();
  if (!current) return;
  account().append(
    h('span', { class: 'sp-console-account__name' }, `${current.name} (${current.roles.join(', ') || 'no role'})`),
    h('button', { type: 'button', class: 'govuk-button govuk-button--secondary sp-console-account__sign-out', onclick: () => signOut(config) }, 'Sign out'),
  );
}

async function route(): Promise<void> {
  const current = session();
  if (!current) return;
  const [path = '/queue', query = ''] = location.hash.replace(/^#/, '').split('?');
  const found = PAGES.map((entry) => ({ entry, match: entry.pattern.exec(path) })).find((candidate) => candidate.match);
  if (!found) {
    location.replace('#/queue');
    return;
  }
  const root = main();
  clear(root);
  const content = h('div', { class: 'govuk-grid-column-three-quarters' });
  append(root, h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-one-quarter' }, sideNavigation(path)), content));
  document.title = `${found.entry.page.title} – call-handler console – ${config.forceId}`;
  if (found.entry.page.supervisorOnly && !isSupervisor()) {
    content.append(heading('Supervisors only'), p('This page is for supervisors. The API refuses its requests for anyone else.'));
    focusHeading();
    return;
  }
  const context: PageContext = { config, params: new URLSearchParams(query), refresh: () => void route() };
  try {
    await found.entry.page.render(content, context, found.match?.[1]);
  } catch (error) {
    if (!session()) return;
    clear(content);
    content.append(heading(found.entry.page.title), errorSummary('There is a problem', [{ text: error instanceof ApiProblem ? `${error.title} (${error.status})` : 'The console could not reach the force API. Try again.' }]));
  }
  focusHeading();
}

function focusHeading(): void {
  const target = document.querySelector<HTMLElement>('.govuk-error-summary, .govuk-notification-banner, #page-heading');
  target?.focus();
}

const END_MESSAGES: Record<EndReason, string> = {
  'signed-out': 'You have signed out.',
  idle: 'You were signed out because the console was not used for a while. Nothing of any report is kept on this page.',
  expired: 'Your session has ended. Sign in again to carry on.',
  refused: 'The force API did not accept your sign-in any more. Sign in again to carry on.',
};

/** The signed-out page; everything of the session is gone from the page. */
function startPage(reason?: EndReason, failure?: string): void {
  clear(account());
  const root = main();
  clear(root);
  document.title = `Sign in – call-handler console – ${config.forceId}`;
  append(root, 
    heading('Sign in to the call-handler console', config.forceId),
    reason ? h('div', { class: 'govuk-inset-text', id: 'signed-out-reason' }, END_MESSAGES[reason]) : null,
    failure ? errorSummary('Sign-in did not complete', [{ text: failure }]) : null,
    p('Sign in with your force account. The console keeps nothing of a report after you sign out.'),
    button('Sign in', () => void startSignIn(config, { forceLogin: reason === 'idle' || reason === 'signed-out', returnTo: '' })),
  );
  focusHeading();
}

async function boot(): Promise<void> {
  document.body.classList.add('govuk-frontend-supported', 'js-enabled');
  installTrustedTypesPolicy();
  const response = await fetch('config.json', { cache: 'no-store', credentials: 'omit' });
  config = (await response.json()) as ConsoleConfig;
  useApi(config);
  whenSessionEnds((reason) => {
    window.removeEventListener('hashchange', onHashChange);
    history.replaceState(null, '', config.redirectUri);
    startPage(reason);
  });
  try {
    const returnTo = await completeSignIn(config);
    if (returnTo === undefined) return startPage(lastEndReason());
    renderAccount();
    window.addEventListener('hashchange', onHashChange);
    if (returnTo && returnTo !== location.hash) location.hash = returnTo;
    else if (!location.hash) location.hash = '#/queue';
    else await route();
  } catch (error) {
    startPage(undefined, error instanceof SignInFailedError ? `The sign-in service answered: ${error.code}. Try again.` : 'The sign-in service could not be reached. Try again.');
  }
}

function onHashChange(): void {
  void route();
}

void boot();
