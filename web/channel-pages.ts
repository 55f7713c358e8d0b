/**
 * The "Check on or update your report" journey: the victim's
 * thread and what they can change with their receipt. Every page is a
 * server-rendered form that POSTs the receipt in a hidden field to the
 * channel's own API route (never in a URL); messages are shown as plain
 * text, escaped, never as HTML.
 */
import type * as z from 'zod';
import { CONSENT_KINDS, PAUSE_MAX_DAYS, type VictimThreadSchema } from '../schemas/channel';
import { SAFE_CHANNELS } from '../schemas/report';
import { button, errorSummary, insetText, panel, warningText } from './components';
import { html, type SafeHtml } from './html';
import { layout } from './layout';
import type { PageContext } from './page-context';

/** The channel's routes, which also answer these pages' posts. */
export const CHANNEL_PATHS = {
  thread: '/reports/thread',
  reply: '/reports/thread/replies',
  pause: '/reports/pause',
  plan: '/reports/safe-contact',
  consents: '/reports/consents',
  receipt: '/reports/receipt',
} as const;
export type ChannelPage = keyof typeof CHANNEL_PATHS;

/** Pause lengths offered, in days. */
export const PAUSE_CHOICES = [1, 3, 7, 14, PAUSE_MAX_DAYS] as const;

/** What the thread page shows: the API's VictimThread. */
export type ThreadPageData = z.output<typeof VictimThreadSchema>;

function when(context: PageContext, iso: string): string {
  return new Intl.DateTimeFormat([`${context.t.lang}-GB`, context.t.lang, 'en-GB'], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(iso));
}

/** A form posting to a channel route, carrying the receipt and the language (hidden, never in the URL). */
function channelForm(context: PageContext, page: ChannelPage, receipt: string, content: SafeHtml, id?: string): SafeHtml {
  return html`<form method="post" action="${CHANNEL_PATHS[page]}" novalidate autocomplete="off"${id ? html` id="${id}"` : ''}>
<input type="hidden" name="journey.lang" value="${context.t.lang}">
<input type="hidden" name="journey.channel" value="${page}">
<input type="hidden" name="receipt" value="${receipt}">
${content}
</form>`;
}

function backToReport(context: PageContext, receipt: string): SafeHtml {
  return channelForm(context, 'thread', receipt, button({ text: context.t.t('channel.back'), id: 'back-to-report', variant: 'secondary' }));
}

/** The thread, and every change the victim can make. */
export function threadPage(context: PageContext, receipt: string, thread: ThreadPageData): string {
  const { t } = context;
  const messages = thread.messages.length
    ? html`<ol class="govuk-list sp-thread" id="thread">${thread.messages.map(
        (message) => html`<li class="sp-thread__message sp-thread__message--${message.from}">
<p class="govuk-body-s govuk-!-margin-bottom-1"><strong>${t.t(message.from === 'force' ? 'channel.fromForce' : 'channel.fromYou')}</strong>, ${when(context, message.at)}</p>
<p class="govuk-body sp-multiline">${message.text}</p>
</li>`,
      )}</ol>`
    : html`<p class="govuk-body" id="thread">${t.t('channel.noMessages')}</p>`;
  const main = html`<h1 class="govuk-heading-l">${t.t('channel.title')}</h1>
<p class="govuk-body">${t.t('channel.intro')}</p>
${insetText(html`<p class="govuk-body" id="report-status"><strong>${t.t('status.result')}</strong> ${t.t(`status.value.${thread.status}`)}</p>
<p class="govuk-body" id="staff-last-read">${thread.staffLastReadAt ? t.t('channel.staffLastRead', { when: when(context, thread.staffLastReadAt) }) : t.t('channel.staffNotRead')}</p>
${thread.pausedUntil ? html`<p class="govuk-body" id="paused-until"><strong>${t.t('channel.pausedUntil', { when: when(context, thread.pausedUntil) })}</strong></p>` : ''}`)}
<h2 class="govuk-heading-m">${t.t('channel.messages')}</h2>
${messages}
${channelForm(context, 'reply', receipt, html`${context.ui.textarea({ name: 'text', label: t.t('channel.replyLabel'), hint: t.t('channel.replyHint'), rows: 4 })}
${button({ text: t.t('channel.send'), id: 'send-reply' })}`, 'reply-form')}
<h2 class="govuk-heading-m">${t.t('channel.pauseTitle')}</h2>
<p class="govuk-body">${t.t('channel.pauseIntro')}</p>
${channelForm(context, 'pause', receipt, html`${context.ui.select({ name: 'pause.days', label: t.t('channel.pauseFor'), items: PAUSE_CHOICES.map((days) => ({ value: String(days), text: t.t('channel.days', { days }) })), value: '7' })}
<div class="govuk-button-group">
${button({ text: t.t('channel.pause'), name: 'action', value: 'pause', id: 'pause', variant: 'warning' })}
${thread.pausedUntil ? button({ text: t.t('channel.lift'), name: 'action', value: 'lift', id: 'lift', variant: 'secondary' }) : ''}
</div>`, 'pause-form')}
<h2 class="govuk-heading-m">${t.t('channel.planTitle')}</h2>
${channelForm(context, 'plan', receipt, html`${context.ui.radios({ name: 'safeContact.devicesMayBeMonitored', legend: t.t('contact.monitored'), legendSize: 's', items: ['yes', 'no', 'dont-know'].map((value) => ({ value, text: t.t(value === 'yes' ? 'common.yes' : value === 'no' ? 'common.no' : 'common.dontKnow') })) })}
${context.ui.checkboxes({
  name: 'safeContact.channels',
  legend: t.t('contact.channels'),
  legendSize: 's',
  hint: t.t('contact.channelsHint'),
  items: SAFE_CHANNELS.map((channel) => ({ value: channel, text: t.t(`contact.channel.${channel}`) })),
})}
${context.ui.input({ name: 'safeContact.phone', label: t.t('contact.phone'), type: 'tel', widthClass: 'govuk-input--width-20' })}
${context.ui.input({ name: 'safeContact.email', label: t.t('contact.email'), type: 'email' })}
${context.ui.input({ name: 'safeContact.viaCharityName', label: t.t('contact.viaCharityName') })}
${button({ text: t.t('channel.savePlan'), id: 'save-plan' })}`, 'plan-form')}
<h2 class="govuk-heading-m">${t.t('channel.consentsTitle')}</h2>
${channelForm(context, 'consents', receipt, html`${context.ui.checkboxes({
  name: 'consents',
  legend: t.t('channel.consentsLegend'),
  legendSize: 's',
  hint: t.t('channel.consentsHint'),
  values: CONSENT_KINDS.filter((kind) => thread.consents[kind]),
  items: CONSENT_KINDS.map((kind) => ({ value: kind, text: t.t(`channel.consent.${kind}`) })),
})}
${button({ text: t.t('channel.saveConsents'), id: 'save-consents' })}`, 'consents-form')}
<h2 class="govuk-heading-m">${t.t('channel.receiptTitle')}</h2>
${warningText(t.t('channel.receiptWarning'), t.t('channel.warning'))}
${channelForm(context, 'receipt', receipt, button({ text: t.t('channel.newReceipt'), id: 'new-receipt', variant: 'secondary' }), 'receipt-form')}`;
  return layout(context, { title: t.t('channel.title'), main });
}

/** A change was made: say so, and offer the way back to the thread. */
export function changeDonePage(context: PageContext, receipt: string, message: string): string {
  const main = html`${panel(context.t.t('channel.doneTitle'), message)}
${backToReport(context, receipt)}`;
  return layout(context, { title: context.t.t('channel.doneTitle'), main });
}

/** The new receipt, shown once. */
export function newReceiptPage(context: PageContext, receipt: string): string {
  const { t } = context;
  const main = html`${panel(t.t('channel.newReceiptTitle'), html`${t.t('confirmation.receiptLabel')}<br><strong id="receipt">${receipt}</strong>`)}
${warningText(t.t('channel.newReceiptWarning'), t.t('channel.warning'))}
${backToReport(context, receipt)}`;
  return layout(context, { title: t.t('channel.newReceiptTitle'), main });
}

/** The receipt did not open a report (or too many tries): ask for it again. Also the start of the journey. */
export function receiptEntryPage(context: PageContext, error?: 'not-found' | 'throttled' | 'invalid' | 'unavailable'): string {
  const { t } = context;
  const message = error === 'not-found' ? t.t('problem.notFound') : error === 'throttled' ? t.t('problem.throttled') : error === 'invalid' ? t.t('errors.status.receipt') : error ? t.t('problem.title') : undefined;
  const main = html`${message ? errorSummary(t.t('common.errorSummaryTitle'), [{ text: message, href: '#receipt' }]) : ''}
<h1 class="govuk-heading-l">${t.t('channel.title')}</h1>
<form method="post" action="${CHANNEL_PATHS.thread}" novalidate autocomplete="off">
<input type="hidden" name="journey.lang" value="${t.lang}">
<input type="hidden" name="journey.channel" value="thread">
${context.ui.input({ name: 'receipt', label: t.t('status.receipt'), hint: t.t('status.receiptHint'), inputmode: 'numeric', widthClass: 'govuk-input--width-20', ...(message ? { error: message } : {}) })}
${button({ text: t.t('channel.open'), id: 'open-report' })}
</form>`;
  return layout(context, { title: t.t('channel.title'), hasErrors: Boolean(message), main });
}

/** A change was refused (fields at fault): say what to fix, and offer the way back. */
export function changeRefusedPage(context: PageContext, receipt: string): string {
  const { t } = context;
  const main = html`${errorSummary(t.t('common.errorSummaryTitle'), [{ text: t.t('channel.invalid'), href: '#back-to-report' }])}
<h1 class="govuk-heading-l">${t.t('channel.title')}</h1>
${backToReport(context, receipt)}`;
  return layout(context, { title: t.t('channel.title'), hasErrors: true, main });
}
