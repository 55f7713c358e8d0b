/**
 * The page shell every page shares: language, skip link, the force's header,
 * the language switch, Exit this page, and the footer with the safety page.
 * Every control is a POST carrying the answers so far in hidden fields, so
 * the address bar never changes and nothing is stored anywhere between steps.
 */
import { exitThisPage } from './components';
import { html, type HtmlValue, type SafeHtml } from './html';
import type { FormState } from './journey/form-state';
import type { PageContext } from './page-context';
import { brandStyle } from './site';

/** Where the form posts; also the route in infra/routes.ts. */
export const FORM_PATH = '/form';
/** Where static assets are served from (S3 + CloudFront in AWS, the local bridge locally). */
export const ASSET_PATH = '/assets';

/** The answers so far as hidden inputs, except those shown as inputs on this page. */
export function hiddenState(state: FormState, except: readonly string[] = []): SafeHtml {
  const skip = new Set(except);
  return html`${Object.entries(state)
    .filter(([name]) => !skip.has(name))
    .flatMap(([name, values]) => values.map((value) => html`<input type="hidden" name="${name}" value="${value}">`))}`;
}

/** A small form of its own that carries the answers and posts one action (language switch, safety page, …). */
export function actionForm(context: PageContext, action: string, content: SafeHtml, options: { className?: string } = {}): SafeHtml {
  return html`<form method="post" action="${FORM_PATH}" novalidate autocomplete="off"${options.className ? html` class="${options.className}"` : ''}>
${hiddenState(context.state)}
<input type="hidden" name="action" value="${action}">
${content}
</form>`;
}

/** The id of a step's own form; the header and footer controls post it, so answers not yet sent are kept too. */
export const JOURNEY_FORM_ID = 'journey-form';

/**
 * A control of the page shell. On a step, it submits the step's own form
 * (`form=` attribute), carrying the answers typed on this page but not yet
 * sent; elsewhere it is a small form of its own with the answers so far.
 */
function shellControl(context: PageContext, onStep: boolean, action: string, button: { text: HtmlValue; className: string; id?: string }, formClass?: string): SafeHtml {
  const attributes = html`type="submit" class="${button.className}"${button.id ? html` id="${button.id}"` : ''}`;
  return onStep
    ? html`<button ${attributes} form="${JOURNEY_FORM_ID}" formaction="${FORM_PATH}" name="action" value="${action}">${button.text}</button>`
    : actionForm(context, action, html`<button ${attributes}>${button.text}</button>`, formClass ? { className: formClass } : {});
}

export interface PageOptions {
  title: string;
  /** True on a step whose form has id {@link JOURNEY_FORM_ID}. */
  journeyForm?: boolean;
  /** Shown instead of the title when errors are on the page, per GOV.UK ("Error: …"). */
  hasErrors?: boolean;
  main: HtmlValue;
}

/**
 * @example
 * const page = layout(context, { title: 'Are you in danger now?', main: body });
 */
export function layout(context: PageContext, options: PageOptions): string {
  const { t, site } = context;
  const title = `${options.hasErrors ? `${t.t('common.errorPrefix')}: ` : ''}${options.title} – ${t.t('service.name')} – ${site.forceName}`;
  // Right-to-left pages get GOV.UK Frontend and our styles mirrored at build time (web/build.ts).
  const rtl = t.dir === 'rtl' ? '.rtl' : '';
  return `<!DOCTYPE html>
${html`<html lang="${t.lang}" dir="${t.dir}" class="govuk-template govuk-template--rebranded">
<head>
<meta charset="utf-8">
<title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${ASSET_PATH}/govuk-frontend${rtl}.min.css">
<link rel="stylesheet" href="${ASSET_PATH}/site${rtl}.css">
<link rel="stylesheet" href="${ASSET_PATH}/fonts.css">
<style>${brandStyle(site)}</style>
</head>
<body class="govuk-template__body">
<script src="${ASSET_PATH}/init.js"></script>
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">${t.t('common.skipLink')}</a>
<header class="govuk-template__header sp-header">
<div class="govuk-width-container sp-header__container">
<p class="sp-header__force">${site.forceName}</p>
<p class="sp-header__service">${t.t('service.name')}</p>
${shellControl(
  context,
  Boolean(options.journeyForm),
  'languages',
  { text: html`${t.t('language.change')}${t.lang === 'en' ? '' : html` <span lang="en" dir="ltr">(Language)</span>`}`, className: 'sp-link-button sp-header__language', id: 'change-language' },
  'sp-header__language-form',
)}
</div>
</header>
<div class="govuk-width-container">
${exitThisPage(site.exitUrl, {
  button: t.t('exit.button'),
  assistive: t.t('exit.assistive'),
  activated: t.t('exit.activated'),
  timedOut: t.t('exit.timedOut'),
  pressTwoMoreTimes: t.t('exit.pressTwoMoreTimes'),
  pressOneMoreTime: t.t('exit.pressOneMoreTime'),
})}
<main class="govuk-main-wrapper" id="main-content">
<div class="govuk-grid-row">
<div class="govuk-grid-column-two-thirds">
${options.main}
</div>
</div>
</main>
</div>
<footer class="govuk-footer">
<div class="govuk-width-container">
<p class="govuk-body-s">${t.t('exit.hint')}</p>
<ul class="govuk-footer__inline-list">
<li class="govuk-footer__inline-list-item">${shellControl(context, Boolean(options.journeyForm), 'safety', { text: t.t('footer.safety'), className: 'sp-link-button govuk-link' })}</li>
<li class="govuk-footer__inline-list-item">${shellControl(context, Boolean(options.journeyForm), 'status', { text: t.t('footer.status'), className: 'sp-link-button govuk-link' })}</li>
</ul>
<p class="govuk-body-s">${t.t('footer.run', { force: site.forceName })}</p>
</div>
</footer>
<script type="module" src="${ASSET_PATH}/enhance.js"></script>
</body>
</html>`}`;
}
