/**
 * Every page of the web form, as functions from a page context to HTML.
 */
import type { ReportStatus } from '../functions/domain/report';
import { IMMIGRATION_STATUSES } from '../schemas/report';
import { DASH_INDICATORS } from '../schemas/risk-indicators';
import { button, errorSummary, fieldId, insetText, panel, paragraphs, summaryList, warningText, type SummaryRow } from './components';
import { html, join, type SafeHtml } from './html';
import { ltr } from './i18n';
import { LANGUAGE_TABLE } from '../schemas/languages';
import { FORM_PATH, JOURNEY_FORM_ID, actionForm, hiddenState, layout } from './layout';
import { text, values } from './journey/form-state';
import { journeyPath, STEPS, SUPPORT_LANGUAGES, stepOfField, type StepId } from './journey/steps';
import { emergencyAdvice, type PageContext } from './page-context';
import { CHANNEL_PATHS } from './channel-pages';

/** Where the check page sends the report: the JSON API's own route, which also accepts this form. */
export const SUBMIT_PATH = '/reports';
export const STATUS_PATH = '/reports/status';

function summaryOfErrors(context: PageContext, href: (field: string) => string): SafeHtml {
  return errorSummary(
    context.t.t('common.errorSummaryTitle'),
    [...context.errors].map(([field, message]) => ({ text: message, href: href(field) })),
  );
}

/**
 * One step of the journey inside the single form that carries every answer.
 *
 * @example
 * const page = stepPage(context, 'who');
 */
export function stepPage(context: PageContext, stepId: StepId): string {
  if (stepId === 'check') return checkPage(context);
  const step = STEPS[stepId];
  const { t } = context;
  const first = journeyPath(context.state)[0] === stepId;
  const main = html`${summaryOfErrors(context, (field) => `#${fieldId(field)}`)}
<form method="post" action="${FORM_PATH}" novalidate autocomplete="off" id="${JOURNEY_FORM_ID}">
${hiddenState(context.state, [...step.fields, 'journey.step'])}
<input type="hidden" name="journey.step" value="${stepId}">
${step.body(context)}
<div class="govuk-button-group">
${button({ text: stepId === 'emergency' ? t.t('emergencyStep.continue') : t.t('common.continue'), name: 'action', value: 'continue', id: 'continue' })}
${first ? '' : button({ text: t.t('common.back'), name: 'action', value: 'back', variant: 'secondary' })}
</div>
</form>
${stepId === 'danger' ? html`<p class="govuk-body">${t.t('danger.safetyIntro')}</p>${actionForm(context, 'safety', button({ text: t.t('footer.safety'), variant: 'secondary' }))}` : ''}`;
  return layout(context, { title: step.title(context), hasErrors: context.errors.size > 0, main, journeyForm: true });
}

function label(context: PageContext, key: string, value: string | undefined): string {
  if (value === undefined) return context.t.t('common.notGiven');
  const candidates = [`${key}.${value}`, value === 'yes' ? 'common.yes' : value === 'no' ? 'common.no' : value === 'dont-know' ? 'common.dontKnow' : ''];
  const found = candidates.find((candidate) => candidate && context.t.has(candidate));
  return found ? context.t.t(found) : value;
}

function list(context: PageContext, key: string, chosen: readonly string[]): SafeHtml | string {
  if (chosen.length === 0) return context.t.t('common.notGiven');
  return html`<ul class="govuk-list">${chosen.map((value) => html`<li>${label(context, key, value)}</li>`)}</ul>`;
}

function changeButton(context: PageContext, step: StepId, what: string): SafeHtml {
  return html`<button type="submit" class="sp-link-button govuk-link" id="change-${step}" name="action" value="change:${step}" formaction="${FORM_PATH}">${context.t.t('common.change')}<span class="govuk-visually-hidden"> ${what}</span></button>`;
}

function section(context: PageContext, step: StepId, heading: string, rows: SummaryRow[]): SafeHtml {
  return html`<h2 class="govuk-heading-m" id="section-${step}">${heading}</h2>
${summaryList(rows.map((row, index) => (index === 0 ? { ...row, action: changeButton(context, step, heading) } : row)))}`;
}

/** Check your answers: posts every answer to the report API as a urlencoded form. */
export function checkPage(context: PageContext): string {
  const { t, state } = context;
  const one = (name: string) => text(state, name);
  const many = (name: string) => values(state, name);
  // Answers in the victim's own words may be in any script: each keeps its own direction.
  const multiline = (value: string | undefined) => (value ? html`<span class="sp-multiline" dir="auto">${value}</span>` : t.t('common.notGiven'));
  const own = (value: string | undefined) => (value ? html`<bdi>${value}</bdi>` : t.t('common.notGiven'));
  // Phone numbers, email addresses and postcodes read left to right on every page.
  const leftToRight = (value: string | undefined) => (value ? html`<bdi dir="ltr">${value}</bdi>` : t.t('common.notGiven'));
  const channels = many('safeContact.channels');
  const answered = DASH_INDICATORS.filter((indicator) => one(`risk.answers.${indicator.code}`)).length;
  const thirdParty = one('reporter.thirdParty.name');
  const language = SUPPORT_LANGUAGES.find((choice) => choice.value === (one('support.language') ?? t.lang));
  const answersImmigration = one('journey.immigration') === 'yes';

  const sections = [
    section(context, 'who', t.t('check.section.who'), [
      { key: t.t('who.title'), value: one('reporter.type') === 'third-party' ? t.t('who.thirdParty') : t.t('who.victim') },
      ...(one('reporter.type') === 'third-party' ? [{ key: t.t('who.thirdParty.name'), value: own(thirdParty) }] : []),
      { key: t.t('who.victimName'), value: own(one('victim.name')) },
    ]),
    section(context, 'what', t.t('check.section.what'), [
      { key: t.t('what.kind'), value: label(context, 'what.kind', one('incident.kind')) },
      { key: t.t('what.account'), value: multiline(one('incident.account')) },
      { key: t.t('what.occurredWhen'), value: own(one('incident.occurredWhen')) },
      { key: t.t('what.ongoing'), value: label(context, 'common', one('incident.ongoing')) },
      { key: t.t('what.postcode'), value: leftToRight(one('incident.postcode')) },
      { key: t.t('what.relationship'), value: label(context, 'what.relationship', one('suspect.relationship')) },
    ]),
    section(context, 'risk', t.t('check.section.risk'), [
      { key: t.t('risk.title'), value: t.t('check.riskAnswered', { count: answered, total: DASH_INDICATORS.length }) },
    ]),
    section(context, 'contact', t.t('check.section.contact'), [
      { key: t.t('contact.monitored'), value: label(context, 'common', one('safeContact.devicesMayBeMonitored')) },
      { key: t.t('contact.channels'), value: list(context, 'contact.channel', channels) },
      ...(channels.includes('phone') || channels.includes('sms') ? [{ key: t.t('contact.phone'), value: leftToRight(one('safeContact.phone')) }] : []),
      ...(channels.includes('email') ? [{ key: t.t('contact.email'), value: leftToRight(one('safeContact.email')) }] : []),
      ...(channels.includes('via-charity') ? [{ key: t.t('contact.viaCharityName'), value: own(one('safeContact.viaCharityName')) }] : []),
      { key: t.t('contact.days'), value: list(context, 'contact.day', many('safeContact.days')) },
      { key: t.t('contact.times'), value: list(context, 'contact.time', many('safeContact.times')) },
      { key: t.t('contact.voicemailOk'), value: label(context, 'common', one('safeContact.voicemailOk')) },
      { key: t.t('contact.nameToUse'), value: own(one('safeContact.nameToUse')) },
      { key: t.t('contact.safeWord'), value: own(one('safeContact.safeWord')) },
      { key: t.t('contact.ifSomeoneElseAnswers'), value: label(context, 'contact.answer', one('safeContact.ifSomeoneElseAnswers') ?? 'hang-up') },
    ]),
    section(context, 'support', t.t('check.section.support'), [
      { key: t.t('support.language'), value: language ? html`<bdi lang="${language.value}">${language.text}</bdi>` : (one('support.language') ?? t.t('common.notGiven')) },
      { key: t.t('support.interpreterNeeded'), value: label(context, 'common', one('support.interpreterNeeded')) },
      { key: t.t('support.accessibility'), value: list(context, 'support.access', many('support.accessibility')) },
      { key: t.t('support.consent'), value: list(context, 'support.consent', many('consent')) },
    ]),
    section(
      context,
      answersImmigration ? 'immigration' : 'immigration-notice',
      t.t('check.section.immigration'),
      answersImmigration
        ? [
            { key: t.t('immigration.status'), value: label(context, 'immigration.status', IMMIGRATION_STATUSES.find((status) => status === one('immigration.status'))) },
            { key: t.t('immigration.visaDependentOnAbuser'), value: label(context, 'common', one('immigration.visaDependentOnAbuser')) },
            { key: t.t('immigration.documentsHeldByAbuser'), value: label(context, 'common', one('immigration.documentsHeldByAbuser')) },
            { key: t.t('immigration.noRecourseToPublicFunds'), value: label(context, 'common', one('immigration.noRecourseToPublicFunds')) },
            { key: t.t('immigration.share'), value: one('consent.shareImmigrationWithSupport') === 'yes' ? t.t('immigration.shareYes') : t.t('common.no') },
          ]
        : [{ key: t.t('notice.choice'), value: t.t('check.immigrationSkipped') }],
    ),
  ];
  const main = html`${summaryOfErrors(context, (field) => `#change-${stepOfField(field) ?? 'who'}`)}
<form method="post" action="${SUBMIT_PATH}" novalidate autocomplete="off" id="${JOURNEY_FORM_ID}">
${hiddenState(context.state, ['journey.step'])}
<input type="hidden" name="journey.step" value="check">
<h1 class="govuk-heading-l">${t.t('check.title')}</h1>
${sections}
${paragraphs([t.t('check.declaration')])}
<div class="govuk-button-group">
${button({ text: t.t('check.send'), id: 'send-report' })}
${button({ text: t.t('common.back'), name: 'action', value: 'back', variant: 'secondary', formaction: FORM_PATH })}
</div>
</form>`;
  return layout(context, { title: t.t('check.title'), hasErrors: context.errors.size > 0, main, journeyForm: true });
}

/** The receipt, what happens next and the force's support directory. The page carries no answers. */
export function confirmationPage(context: PageContext, result: { receipt: string; urgent: boolean }): string {
  const { t, site } = context;
  const directory = site.directory.map(
    (entry) => html`<div class="govuk-summary-card">
<div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">${entry.name}</h3></div>
<div class="govuk-summary-card__content">
<p class="govuk-body">${entry.description}</p>
${entry.phone ? html`<p class="govuk-body"><strong><bdi dir="ltr">${entry.phone}</bdi></strong>${entry.hours ? html` (${entry.hours})` : ''}</p>` : ''}
${entry.textphone ? html`<p class="govuk-body">${t.t('confirmation.textphone', { number: ltr(entry.textphone) })}</p>` : ''}
${entry.website ? html`<p class="govuk-body"><bdi dir="ltr">${entry.website}</bdi></p>` : ''}
</div>
</div>`,
  );
  const main = html`${panel(t.t('confirmation.title'), html`${t.t('confirmation.receiptLabel')}<br><strong class="sp-receipt" id="receipt" dir="ltr">${result.receipt}</strong>`)}
${warningText(t.t('confirmation.keep'), t.t('common.warning'))}
${result.urgent ? html`<div class="govuk-inset-text sp-urgent"><p class="govuk-body"><strong>${t.t('confirmation.urgent')}</strong></p><p class="govuk-body"><strong>${t.t('emergency.lead')}</strong></p>${emergencyAdvice(context)}</div>` : ''}
<h2 class="govuk-heading-m">${t.t('confirmation.next')}</h2>
${paragraphs([t.t('confirmation.nextBody')])}
<h2 class="govuk-heading-m">${t.t('confirmation.directory')}</h2>
<p class="govuk-hint">${t.t('confirmation.directoryHint')}</p>
${join(directory)}`;
  return layout(context, { title: t.t('confirmation.title'), main });
}

/**
 * The answer to the form's resend of a report whose receipt the victim has
 * since replaced (the API's 409 `receipt-replaced`): the report was
 * sent, and the page shows no receipt (the first no longer works; the newest is
 * never shown again) and carries no answers, so there is nothing to resend.
 * It says nothing about the replacement either: the victim checks on the
 * report with the newest receipt they hold, from the form below.
 *
 * @example
 * sentReceiptReplacedPage(await pageContext({ lang: 'en', site, state: { 'journey.lang': ['en'] } }));
 */
export function sentReceiptReplacedPage(context: PageContext): string {
  const { t } = context;
  const main = html`<h1 class="govuk-heading-l">${t.t('confirmation.title')}</h1>
${paragraphs([t.t('confirmation.nextBody')])}
<h2 class="govuk-heading-m">${t.t('status.title')}</h2>
${statusForm(context)}`;
  return layout(context, { title: t.t('confirmation.title'), main });
}

/** The receipt form of the check-a-report page: the receipt is POSTed, never put in the URL. */
function statusForm(context: PageContext, error?: string): SafeHtml {
  const { t } = context;
  return html`<form method="post" action="${STATUS_PATH}" novalidate autocomplete="off">
<input type="hidden" name="journey.lang" value="${t.lang}">
${context.ui.input({ name: 'receipt', label: t.t('status.receipt'), hint: t.t('status.receiptHint'), inputmode: 'numeric', widthClass: 'govuk-input--width-20', ...(error ? { error } : {}) })}
<div class="govuk-button-group">
${button({ text: t.t('status.check'), id: 'check-status' })}
${button({ text: t.t('channel.open'), id: 'open-report', variant: 'secondary', formaction: CHANNEL_PATHS.thread })}
</div>
</form>`;
}

export type StatusOutcome = { kind: 'found'; status: ReportStatus } | { kind: 'not-found' } | { kind: 'throttled' } | { kind: 'invalid' } | { kind: 'unavailable' };

/** Check a report by receipt: the receipt is POSTed, never put in the URL. */
export function statusPage(context: PageContext, outcome?: StatusOutcome): string {
  const { t } = context;
  const error =
    outcome?.kind === 'not-found' ? t.t('problem.notFound') : outcome?.kind === 'throttled' ? t.t('problem.throttled') : outcome?.kind === 'invalid' ? t.t('errors.status.receipt') : outcome?.kind === 'unavailable' ? t.t('problem.title') : undefined;
  const main = html`${error ? errorSummary(t.t('common.errorSummaryTitle'), [{ text: error, href: '#receipt' }]) : ''}
<h1 class="govuk-heading-l">${t.t('status.title')}</h1>
${outcome?.kind === 'found' ? html`<div class="govuk-inset-text" id="status-result"><h2 class="govuk-heading-s">${t.t('status.result')}</h2><p class="govuk-body">${t.t(`status.value.${outcome.status}`)}</p></div>` : ''}
${statusForm(context, error)}
${actionForm(context, 'resume', button({ text: t.t('status.backToForm'), variant: 'secondary' }))}`;
  return layout(context, { title: t.t('status.title'), hasErrors: Boolean(error), main });
}

/**
 * Choosing a language: every language the force offers, each named in its
 * own script and marked with its own `lang` and `dir`. Each is a button of
 * one form that carries every answer, so choosing keeps them all.
 */
export function languagesPage(context: PageContext): string {
  const { t, site } = context;
  const offered = LANGUAGE_TABLE.filter((entry) => (site.languages as readonly string[]).includes(entry.code));
  const main = html`<h1 class="govuk-heading-l">${t.t('language.title')}</h1>
${paragraphs([t.t('language.intro')])}
<form method="post" action="${FORM_PATH}" novalidate autocomplete="off">
${hiddenState(context.state)}
<ul class="govuk-list sp-languages" aria-label="${t.t('language.label')}">
${offered.map(
  (entry) => html`<li><button type="submit" class="sp-link-button govuk-link sp-languages__choice" name="action" value="language:${entry.code}" id="language-${entry.code}" lang="${entry.code}" dir="${entry.dir}"${entry.code === t.lang ? html` aria-current="true"` : ''}>${entry.endonym}</button></li>`,
)}
</ul>
</form>`;
  return layout(context, { title: t.t('language.title'), main });
}

/** Private browsing, shared devices, covering tracks, leaving quickly. */
export function safetyPage(context: PageContext): string {
  const { t } = context;
  const part = (title: string, body: string) => html`<h2 class="govuk-heading-m">${title}</h2>${paragraphs([body])}`;
  const main = html`<h1 class="govuk-heading-l">${t.t('safety.title')}</h1>
<p class="govuk-body-l">${t.t('safety.intro')}</p>
${part(t.t('safety.exitTitle'), t.t('safety.exit'))}
${part(t.t('safety.privateTitle'), t.t('safety.private'))}
${part(t.t('safety.sharedTitle'), t.t('safety.shared'))}
${part(t.t('safety.tracksTitle'), t.t('safety.tracks'))}
${insetText(html`<strong>${t.t('emergency.lead')}</strong> ${t.t('emergency.silent')}`)}
${actionForm(context, 'resume', button({ text: t.t('safety.return') }))}`;
  return layout(context, { title: t.t('safety.title'), main });
}

/** The report could not be stored: nothing was sent, the answers stay on the page to try again. */
export function problemPage(context: PageContext, options: { maybeStored?: boolean } = {}): string {
  const { t } = context;
  // After a failure whose outcome is unknown (5xx), "not sent" may be untrue: say it may have been, and that resending is safe (the form's key).
  const main = html`<h1 class="govuk-heading-l">${t.t('problem.title')}</h1>
${paragraphs([t.t(options.maybeStored ? 'problem.bodyMaybeStored' : 'problem.body')])}
<form method="post" action="${SUBMIT_PATH}" novalidate autocomplete="off">
${hiddenState(context.state)}
${button({ text: t.t('problem.retry') })}
</form>`;
  return layout(context, { title: t.t('problem.title'), main });
}

/**
 * The answer to a form post that came from another website: nothing was
 * kept, and nothing posted is carried over (no hidden state, so a hostile
 * page cannot pre-fill a step); the victim starts afresh from GET /form.
 *
 * @example
 * crossSitePage(await pageContext({ lang: 'en', site, state: {} }));
 */
export function crossSitePage(context: PageContext): string {
  const { t } = context;
  const main = html`<h1 class="govuk-heading-l">${t.t('crossSite.title')}</h1>
${paragraphs([t.t('crossSite.body')])}
<a href="${FORM_PATH}" role="button" draggable="false" class="govuk-button" data-module="govuk-button">${t.t('crossSite.start')}</a>`;
  return layout(context, { title: t.t('crossSite.title'), main });
}
