/**
 * One report, as the lease holder (or a supervisor) works it. The
 * safe-contact plan comes first, as what is allowed now and what is refused
 * and why; then recording a contact attempt (the API's refusal reasons shown
 * one by one), the report body, consent withdrawals, the outcome, the
 * protected section behind a deliberate, audited step, and for supervisors
 * reassignment. Every value is text (dom.ts).
 */
import { api, ApiProblem } from '../api';
import { append, clear, h } from '../dom';
import type { PageContext } from '../page-context';
import { channelsNow, REFUSAL_TEXT, ukDayAndHour } from '../plan';
import { session } from '../session';
import {
  CHANNEL_LABELS,
  OUTCOME_LABELS,
  PROTECTED_READ_REASON_LABELS,
  RECIPIENT_LABELS,
  RESULT_LABELS,
  SAFE_CHANNEL_LABELS,
  SOMEONE_ELSE_LABELS,
  STATUS_LABELS,
  TIME_LABELS,
  WEEKDAY_LABELS,
  words,
  type ConsentWithdrawn,
  type ContactChannel,
  type ContactResult,
  type LeaseResponse,
  type Outcome,
  type ProtectedSection,
  type RecipientType,
  type SafeContactPlan,
  type StaffReport,
  type StaffReportResponse,
} from '../types';
import { badge, button, choices, dateTime, errorSummary, heading, link, p, priorityBadge, submit, successBanner, summary, timeLeft } from '../ui';

const yesNo = (value: boolean | undefined) => (value ? 'Yes' : 'No');
const ynd = (value: string | undefined) => (value === 'dont-know' ? 'Does not know' : value === 'yes' ? 'Yes' : value === 'no' ? 'No' : undefined);

function section(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'govuk-!-margin-bottom-8', 'aria-labelledby': `${id}-heading`, id }, h('h2', { class: 'govuk-heading-m', id: `${id}-heading` }, title), ...children);
}

/** A form whose answer replaces `out`; refusals are listed with every reason the API gave. */
function apiForm(name: string, out: HTMLElement, send: (data: FormData) => Promise<string>, ...fields: Node[]): HTMLFormElement {
  return h(
    'form',
    {
      id: `${name}-form`,
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        clear(out);
        send(new FormData(event.target as HTMLFormElement))
          .then((message) => {
            const banner = successBanner(message);
            out.append(banner);
            banner.focus();
          })
          .catch((error: unknown) => {
            if (error instanceof ApiProblem && error.status === 401) return;
            const box =
              error instanceof ApiProblem
                ? errorSummary(error.title, error.errors.length ? error.errors.map((item) => ({ text: item.path ? `${item.message}` : item.message })) : [{ text: `The API answered ${error.status}.` }])
                : errorSummary('There is a problem', [{ text: error instanceof Error ? error.message : 'The request failed.' }]);
            out.append(box);
            box.focus();
          });
      },
    },
    ...fields,
  );
}

function planNow(plan: SafeContactPlan, now: Date): HTMLElement {
  const { day } = ukDayAndHour(now);
  const channels = channelsNow(plan, now);
  const allowed = channels.filter((channel) => channel.allowed);
  const refused = channels.filter((channel) => !channel.allowed);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(now);
  return h(
    'div',
    { id: 'plan-now' },
    p(h('strong', {}, `Checked ${time} (UK time).`), ' The API checks again when you record an attempt.'),
    h('h3', { class: 'govuk-heading-s' }, 'Allowed now'),
    allowed.length
      ? h('ul', { class: 'govuk-list govuk-list--bullet', id: 'allowed-now' }, ...allowed.map((channel) => h('li', {}, badge('Allowed', 'green'), ' ', CHANNEL_LABELS[channel.channel])))
      : h('div', { class: 'govuk-warning-text', id: 'allowed-now' }, h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'), h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning'), 'No contact is allowed now.')),
    h('h3', { class: 'govuk-heading-s' }, 'Refused now'),
    h(
      'ul',
      { class: 'govuk-list', id: 'refused-now' },
      ...refused.map((channel) =>
        h('li', {}, badge('Refused', 'red'), ' ', h('strong', {}, CHANNEL_LABELS[channel.channel]), h('ul', { class: 'govuk-list govuk-list--bullet govuk-!-margin-left-4' }, ...channel.reasons.map((reason) => h('li', {}, REFUSAL_TEXT[reason])))),
      ),
    ),
    summary([
      ['Safe days', plan.days.length ? `${plan.days.map((d) => WEEKDAY_LABELS[d]).join(', ')}${plan.days.includes(day) ? ' (today is one)' : ' (not today)'}` : 'Any day'],
      ['Safe times today', plan.times.length ? plan.times.map((t) => TIME_LABELS[t]).join(', ') : 'Any time'],
      ['Voicemail', plan.voicemailOk ? 'A voicemail is safe' : 'Do not leave a voicemail'],
      ['Name to use', plan.nameToUse ?? 'Not given'],
      ['Safe word', plan.safeWord],
      ['If someone else answers', SOMEONE_ELSE_LABELS[plan.ifSomeoneElseAnswers]],
      ['Devices may be monitored', ynd(plan.devicesMayBeMonitored)],
      ['Channels the victim chose', plan.channels.map((c) => SAFE_CHANNEL_LABELS[c]).join(', ')],
      ['Phone', plan.phone],
      ['Email', plan.email],
      ['Charity to contact through', plan.viaCharityName],
    ]),
  );
}

function bodyOf(report: StaffReport): HTMLElement {
  const body = report.body;
  const answers = Object.entries(body.risk.answers ?? {});
  return h(
    'div',
    {},
    h('h3', { class: 'govuk-heading-s' }, 'What happened'),
    summary([
      ['Kind', words(body.incident.kind)],
      ['When', [body.incident.occurredOn, body.incident.occurredOn && body.incident.occurredWhen ? ' ' : '', body.incident.occurredWhen]],
      ['Still happening', ynd(body.incident.ongoing)],
      ['Where', [body.incident.postcode, body.incident.postcode && body.incident.location ? ' ' : '', body.incident.location]],
      ['Account', h('p', { class: 'govuk-body sp-console-preserve', id: 'report-account' }, body.incident.account)],
    ]),
    h('h3', { class: 'govuk-heading-s' }, 'Who reported'),
    summary([
      ['Reporter', body.reporter.type === 'victim' ? 'The victim' : 'Someone else'],
      ['Their name', body.reporter.thirdParty?.name],
      ['Organisation', body.reporter.thirdParty?.organisation],
      ['Role', body.reporter.thirdParty?.role],
      ['Relationship to victim', body.reporter.thirdParty?.relationshipToVictim],
      ['Their phone', body.reporter.thirdParty?.phone],
      ['Their email', body.reporter.thirdParty?.email],
    ]),
    h('h3', { class: 'govuk-heading-s' }, 'Victim'),
    summary([
      ['Anonymous', yesNo(body.victim.anonymous)],
      ['Name', body.victim.name],
      ['Date of birth', body.victim.dateOfBirth],
      ['Language', body.support.language],
      ['Interpreter needed', yesNo(body.support.interpreterNeeded)],
      ['Accessibility', body.support.accessibility.map(words).join(', ')],
      ['Accessibility notes', body.support.accessibilityNotes],
    ]),
    body.suspect
      ? h('div', {}, h('h3', { class: 'govuk-heading-s' }, 'Suspect'), summary([['Name', body.suspect.name], ['Relationship', body.suspect.relationship ? words(body.suspect.relationship) : undefined], ['Lives with victim', ynd(body.suspect.livesWithVictim)], ['Description', body.suspect.description]]))
      : null,
    h('h3', { class: 'govuk-heading-s' }, 'Risk answers'),
    answers.length ? summary(answers.map(([code, answer]) => [words(code), ynd(answer) ?? String(answer)])) : p('No risk questions answered.'),
  );
}

function consentSection(report: StaffReport): HTMLElement {
  const consent = report.body.consent;
  const out = h('div', { id: 'consent-result' });
  const kinds: { key: keyof typeof consent; type: RecipientType }[] = [
    { key: 'idva', type: 'idva' },
    { key: 'localDaService', type: 'local-da-service' },
    { key: 'byAndForService', type: 'by-and-for-service' },
    { key: 'victimCareUnit', type: 'victim-care-unit' },
  ];
  return section(
    'consent',
    'Consent to referral',
    summary([...kinds.map((kind) => [RECIPIENT_LABELS[kind.type], yesNo(consent[kind.key])] as [string, string]), ['Share immigration details with support', yesNo(consent.shareImmigrationWithSupport)]]),
    out,
    apiForm(
      'consent',
      out,
      async (data) => {
        const types = data.getAll('recipientTypes').map(String) as RecipientType[];
        const answer = await api<ConsentWithdrawn>('POST', `/reports/${report.reportId}/consent-withdrawals`, types.length ? { recipientTypes: types } : {});
        const delivered = answer?.alreadyDeliveredTo ?? [];
        return `Consent withdrawn: ${answer?.withdrawn ?? 0} referral(s) stopped.${delivered.length ? ` Already delivered to: ${delivered.join(', ')} — tell the victim so they can ask that service directly.` : ''}`;
      },
      choices('checkbox', 'recipientTypes', 'The victim no longer agrees to referral to', kinds.map((kind) => ({ value: kind.type, label: RECIPIENT_LABELS[kind.type] })), 'Tick none to withdraw every referral.'),
      submit('Withdraw consent', 'warning'),
    ),
  );
}

function protectedSection(report: StaffReport): HTMLElement {
  const out = h('div', { id: 'protected-result' });
  const form = apiForm(
    'protected',
    out,
    async (data) => {
      const answer = await api<ProtectedSection>('POST', `/reports/${report.reportId}/protected`, {
        reasonCode: String(data.get('reasonCode') ?? ''),
        reason: String(data.get('reason') ?? ''),
      });
      const immigration = answer?.immigration;
      form.replaceWith(
        immigration
          ? summary([
              ['Status', immigration.status ? words(immigration.status) : undefined],
              ['Visa depends on the abuser', ynd(immigration.visaDependentOnAbuser)],
              ['Documents held by the abuser', ynd(immigration.documentsHeldByAbuser)],
              ['No recourse to public funds', ynd(immigration.noRecourseToPublicFunds)],
              ['Nationality', immigration.nationality],
              ['Country of birth', immigration.countryOfBirth],
              ['Notes', immigration.notes],
            ])
          : p('The victim gave no protected details.'),
      );
      return 'Protected section opened. Your reason is in the audit trail.';
    },
    h('div', { class: 'govuk-warning-text' }, h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'), h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning'), 'Opening this section is recorded in the audit trail with your name, the time and your reason. Open it only to support the victim (for example, signposting to immigration advice). Never share it with enforcement.')),
    choices(
      'radio',
      'reasonCode',
      'What is the reason?',
      Object.entries(PROTECTED_READ_REASON_LABELS).map(([value, label]) => ({ value, label })),
      'The reason is counted; the words you write below are sealed in the audit trail.',
    ),
    h(
      'div',
      { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--s', for: 'reason' }, 'Why do you need the protected section now?'),
      h('div', { class: 'govuk-hint', id: 'reason-hint' }, '10 to 500 characters. Do not write immigration details here.'),
      h('textarea', { class: 'govuk-textarea', id: 'reason', name: 'reason', rows: 3, 'aria-describedby': 'reason-hint', maxlength: 500 }),
    ),
    submit('Open the protected section', 'warning'),
  );
  const details = h(
    'details',
    { class: 'govuk-details', id: 'protected-details' },
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, 'Open the protected section (audited)')),
    h('div', { class: 'govuk-details__text' }, out, form),
  );
  return section('protected', 'Protected section', p('Immigration details the victim chose to give, kept under a separate key. They are never shown here unless you ask, with a reason.'), details);
}

/**
 * @example
 * await reportPage(root, context, reportId); // #/reports/<id>
 */
export async function reportPage(root: HTMLElement, context: PageContext, id?: string): Promise<void> {
  const answer = await api<StaffReportResponse>('GET', `/reports/${id}`);
  const report = answer?.report as StaffReport;
  const me = session();
  const holder = report.lease?.holder === me?.staffId;
  const supervisor = me?.roles.includes('supervisor') ?? false;
  const leaseOut = h('div', { id: 'lease-result' });
  const lease = async (action: 'renew' | 'release') => {
    clear(leaseOut);
    try {
      await api<LeaseResponse>('POST', `/reports/${report.reportId}/lease`, { action });
      if (action === 'release') location.hash = '#/queue';
      else context.refresh();
    } catch (error) {
      if (error instanceof ApiProblem && error.status !== 401) leaseOut.append(errorSummary('The lease could not be changed', [{ text: error.title }]));
    }
  };
  const contactOut = h('div', { id: 'contact-result' });
  const outcomeOut = h('div', { id: 'outcome-result' });
  const reassignOut = h('div', { id: 'reassign-result' });
  const closed = report.status === 'closed';
  append(root, 
    heading(`Report ${report.reportId.slice(0, 8)}`, context.config.forceId),
    h(
      'p',
      { class: 'govuk-body' },
      priorityBadge(report),
      ' ',
      badge(STATUS_LABELS[report.status], closed ? 'grey' : 'blue'),
      ` Received ${dateTime(report.createdAt)}.`,
      report.outcome ? ` Outcome: ${OUTCOME_LABELS[report.outcome]}.` : '',
    ),
    h(
      'div',
      { class: 'govuk-inset-text', id: 'lease' },
      report.lease ? `${holder ? 'You hold this report' : `Held by ${report.lease.holder}`}: lease time left ${timeLeft(report.lease.expiresAt)}.` : 'Nobody holds this report.',
      holder ? h('div', { class: 'govuk-button-group govuk-!-margin-top-2 govuk-!-margin-bottom-0' }, button('Renew lease', () => void lease('renew'), 'secondary'), button('Release to the queue', () => void lease('release'), 'warning')) : null,
      leaseOut,
    ),
    supervisor ? p(link('Audit trail of this report', `#/audit?reportId=${report.reportId}`)) : null,
    section('safe-contact', 'Safe contact: what is allowed now', planNow(report.body.safeContact, new Date())),
    closed
      ? null
      : section(
          'contact-attempt',
          'Record a contact attempt',
          contactOut,
          apiForm(
            'contact',
            contactOut,
            async (data) => {
              await api('POST', `/reports/${report.reportId}/contact-attempts`, { channel: data.get('channel'), result: data.get('result'), leaveVoicemail: data.get('leaveVoicemail') === 'yes' });
              return 'Contact attempt recorded.';
            },
            choices('radio', 'channel', 'How did you try to contact them?', (Object.keys(CHANNEL_LABELS) as ContactChannel[]).map((value) => ({ value, label: CHANNEL_LABELS[value] }))),
            choices('checkbox', 'leaveVoicemail', 'Voicemail', [{ value: 'yes', label: 'I left (or will leave) a voicemail' }]),
            choices('radio', 'result', 'What happened?', (Object.keys(RESULT_LABELS) as ContactResult[]).map((value) => ({ value, label: RESULT_LABELS[value] }))),
            submit('Record attempt'),
          ),
        ),
    section('report-body', 'The report', bodyOf(report)),
    consentSection(report),
    closed
      ? null
      : section(
          'outcome',
          'Outcome',
          outcomeOut,
          apiForm(
            'outcome',
            outcomeOut,
            async (data) => {
              await api('POST', `/reports/${report.reportId}/outcome`, { outcome: data.get('outcome') });
              return 'Outcome recorded. The report is closed.';
            },
            choices('radio', 'outcome', 'Outcome', (Object.keys(OUTCOME_LABELS) as Outcome[]).map((value) => ({ value, label: OUTCOME_LABELS[value] })), 'Recording an outcome closes the report.'),
            submit('Record outcome and close'),
          ),
        ),
    protectedSection(report),
    supervisor && !closed
      ? section(
          'reassign',
          'Reassign',
          reassignOut,
          apiForm(
            'reassign',
            reassignOut,
            async (data) => {
              const to = String(data.get('to') ?? '').trim();
              await api('POST', `/reports/${report.reportId}/reassign`, { to: to === '' ? null : to });
              return to ? `Report handed to ${to}.` : 'Report put back in the queue.';
            },
            h(
              'div',
              { class: 'govuk-form-group' },
              h('label', { class: 'govuk-label govuk-label--s', for: 'to' }, 'Hand this report to (staff id)'),
              h('div', { class: 'govuk-hint', id: 'to-hint' }, 'Leave empty to put it back in the queue.'),
              h('input', { class: 'govuk-input govuk-input--width-20', id: 'to', name: 'to', type: 'text', 'aria-describedby': 'to-hint', autocomplete: 'off', spellcheck: 'false' }),
            ),
            submit('Reassign', 'secondary'),
          ),
        )
      : null,
  );
}
