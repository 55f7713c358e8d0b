/**
 * Progressive enhancement of the server-rendered form:
 *
 * 1. GOV.UK Frontend components (error summary focus, conditional reveals,
 *    Exit this page with Shift pressed three times).
 * 2. Exit this page REPLACES the history entry (location.replace) instead of
 *    adding one, so Back does not return to the form.
 * 3. Each step is posted with fetch and swapped into the page, so the whole
 *    journey is ONE history entry: after Exit this page replaces it, the
 *    browser history holds no trace of any step.
 *
 * Without JavaScript the same forms post normally; nothing here is needed.
 */
import { ExitThisPage, initAll } from './govuk';

interface ExitThisPageInstance {
  $button: HTMLAnchorElement;
  $updateSpan?: HTMLElement;
  $overlay?: HTMLElement;
  i18n: { t(key: string): string };
}

const proto = (ExitThisPage as unknown as { prototype: { exitPage(): void } }).prototype;
proto.exitPage = function exitPage(this: ExitThisPageInstance) {
  if (this.$updateSpan) this.$updateSpan.textContent = '';
  document.body.classList.add('govuk-exit-this-page-hide-content');
  // Forget what was on screen before leaving, in case the browser keeps the page in memory.
  document.querySelector('main')?.replaceChildren();
  this.$overlay = document.createElement('div');
  this.$overlay.className = 'govuk-exit-this-page-overlay';
  this.$overlay.setAttribute('role', 'alert');
  this.$overlay.textContent = this.i18n.t('activated');
  document.body.appendChild(this.$overlay);
  window.location.replace(this.$button.href);
};

function focusNewPage(): void {
  // The GOV.UK error summary focuses itself; otherwise announce the new page by its heading.
  if (document.querySelector('.govuk-error-summary')) return;
  const heading = document.querySelector<HTMLElement>('main h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.classList.add('sp-focus-heading');
    heading.focus();
  }
}

function swapIn(markup: string): void {
  const next = new DOMParser().parseFromString(markup, 'text/html');
  const sameLanguage = next.documentElement.lang === document.documentElement.lang;
  const oldExit = document.querySelector('.govuk-exit-this-page');
  document.title = next.title;
  document.documentElement.lang = next.documentElement.lang;
  // A right-to-left language brings its mirrored stylesheets: swap the links when they differ.
  document.documentElement.dir = next.documentElement.dir;
  const sheets = (root: Document) => Array.from(root.head.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'));
  if (sheets(next).map((link) => link.getAttribute('href')).join() !== sheets(document).map((link) => link.getAttribute('href')).join()) {
    const current = sheets(document);
    for (const link of sheets(next)) current[0]?.before(document.importNode(link, true));
    current.forEach((link) => link.remove());
  }
  // Scripts in the new body do not run (DOMParser), and need not: init classes are on <body>.
  const classes = document.body.className;
  document.body.replaceChildren(...Array.from(next.body.childNodes).filter((node) => node.nodeName !== 'SCRIPT'));
  document.body.className = classes;
  const newExit = document.querySelector('.govuk-exit-this-page');
  if (sameLanguage && oldExit && newExit) newExit.replaceWith(oldExit);
  window.scrollTo(0, 0);
  // The carried-over Exit this page is already initialised: GOV.UK Frontend refuses it again, which is what we want.
  initAll({ onError: () => undefined });
  focusNewPage();
}

async function submitWithFetch(form: HTMLFormElement, submitter: HTMLElement | null): Promise<void> {
  const body = new URLSearchParams();
  new FormData(form, submitter).forEach((value, name) => {
    if (typeof value === 'string') body.append(name, value);
  });
  const action = submitter?.getAttribute('formaction') ?? form.getAttribute('action') ?? window.location.pathname;
  const response = await fetch(action, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
  if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error('not a page');
  swapIn(await response.text());
}

/**
 * GOV.UK Frontend marks radios that reveal a question with aria-expanded,
 * which ARIA does not allow on a radio (axe: aria-allowed-attr). The reveal
 * keeps its aria-controls link; only the disallowed state is removed.
 */
function dropRadioExpanded(root: ParentNode): void {
  root.querySelectorAll('input[type="radio"][aria-expanded]').forEach((radio) => radio.removeAttribute('aria-expanded'));
}
new MutationObserver(() => dropRadioExpanded(document)).observe(document.documentElement, {
  subtree: true,
  attributes: true,
  attributeFilter: ['aria-expanded'],
});

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
  event.preventDefault();
  const submitter = (event as SubmitEvent).submitter;
  submitWithFetch(form, submitter).catch(() => {
    // Fall back to an ordinary post (one history entry more, but the report still goes).
    if (submitter instanceof HTMLButtonElement && submitter.name) {
      const carried = document.createElement('input');
      carried.type = 'hidden';
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.appendChild(carried);
    }
    const formaction = submitter?.getAttribute('formaction');
    if (formaction) form.setAttribute('action', formaction);
    HTMLFormElement.prototype.submit.call(form);
  });
});

initAll();
dropRadioExpanded(document);
