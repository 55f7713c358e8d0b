/**
 * Supervisors' pages: the audit trail of a report or a person (MOJ
 * timeline), referral dead letters with re-drive, and the transparency
 * figures per month as a chart with the same figures in a table.
 */
import { api, ApiProblem } from '../api';
import { append, clear, h, svg } from '../dom';
import type { PageContext } from '../page-context';
import type { AuditList, AuditRecord, DeadLetters, Transparency } from '../types';
import { REASON_CODE_LABELS, RECIPIENT_LABELS, words } from '../types';
import { badge, dateTime, enhanceTables, errorSummary, heading, link, p, sortableTable, submit, successBanner } from '../ui';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function timeline(records: AuditRecord[]): HTMLElement {
  return h(
    'div',
    { class: 'moj-timeline', id: 'audit-timeline' },
    ...records.map((record) =>
      h(
        'div',
        { class: 'moj-timeline__item' },
        h('div', { class: 'moj-timeline__header' }, h('h2', { class: 'moj-timeline__title' }, `${words(record.operation)} (${record.action})`), ' ', h('p', { class: 'moj-timeline__byline' }, `by ${record.actor} (${record.role})`)),
        h('p', { class: 'moj-timeline__date' }, h('time', { datetime: record.at }, dateTime(record.at))),
        h(
          'div',
          { class: 'moj-timeline__description' },
          h(
            'ul',
            { class: 'govuk-list' },
            h('li', {}, `Purpose: ${words(record.purpose)}`),
            record.reportId ? h('li', {}, 'Report: ', link(record.reportId.slice(0, 8), `#/audit?reportId=${record.reportId}`)) : null,
            record.dataClasses.length ? h('li', {}, `Data: ${record.dataClasses.map(words).join(', ')}`) : null,
            record.reasonCode ? h('li', {}, `Reason: ${REASON_CODE_LABELS[record.reasonCode]}`) : null,
            record.justification ? h('li', {}, `Reason given: ${record.justification}`) : null,
            record.justificationSealed ? h('li', {}, 'Reason given: sealed (your role may not open it)') : null,
            record.reason ? h('li', {}, `Refusal: ${record.reason}`) : null,
            record.recipient ? h('li', {}, `Recipient: ${record.recipient.type}${record.recipient.id ? ` ${record.recipient.id}` : ''}`) : null,
            record.legalBasis ? h('li', {}, `Legal basis: ${record.legalBasis}`) : null,
          ),
        ),
      ),
    ),
  );
}

/**
 * @example
 * await auditPage(root, context); // #/audit?reportId=<id> or #/audit?actor=<staff id>
 */
export async function auditPage(root: HTMLElement, context: PageContext): Promise<void> {
  const reportId = context.params.get('reportId') ?? '';
  const actor = context.params.get('actor') ?? '';
  const cursor = context.params.get('cursor') ?? '';
  const form = h(
    'form',
    {
      class: 'govuk-!-margin-bottom-6',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const value = String(new FormData(event.target as HTMLFormElement).get('who') ?? '').trim();
        location.hash = `#/audit?${UUID.test(value) ? 'reportId' : 'actor'}=${encodeURIComponent(value)}`;
      },
    },
    h(
      'div',
      { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--s', for: 'who' }, 'Report id or staff id'),
      h('div', { class: 'govuk-hint', id: 'who-hint' }, 'A report id shows everything done with that report; a staff id shows everything that person did.'),
      h('input', { class: 'govuk-input govuk-input--width-30', id: 'who', name: 'who', type: 'text', value: reportId || actor, 'aria-describedby': 'who-hint', autocomplete: 'off', spellcheck: 'false' }),
    ),
    submit('Show audit trail', 'secondary'),
  );
  append(root, heading('Audit trail', context.config.forceId), p('The s.62 log: every read, change, disclosure and refusal. It cannot be edited.'), form);
  if (!reportId && !actor) return;
  const query = new URLSearchParams({ ...(reportId ? { reportId } : { actor }), limit: '50', ...(cursor ? { cursor } : {}) });
  const list = (await api<AuditList>('GET', `/audit?${query}`)) as AuditList;
  append(root, 
    h('h2', { class: 'govuk-heading-m' }, reportId ? `Report ${reportId.slice(0, 8)}` : `Staff ${actor}`),
    list.records.length ? timeline(list.records) : p('No audit records.'),
    list.cursor ? p(link('Older records', `#/audit?${new URLSearchParams({ ...(reportId ? { reportId } : { actor }), cursor: list.cursor })}`)) : null,
  );
}

/**
 * @example
 * await deadLettersPage(root, context); // #/dead-letters
 */
export async function deadLettersPage(root: HTMLElement, context: PageContext): Promise<void> {
  const list = (await api<DeadLetters>('GET', '/referrals/dead-letters')) as DeadLetters;
  const notice = h('div', { id: 'redrive-result' });
  const redrive = async (reportId: string, referralId: string, cell: HTMLElement) => {
    clear(notice);
    try {
      await api('POST', `/reports/${reportId}/referrals/${referralId}/redrive`);
      clear(cell);
      cell.append(badge('Back to work', 'green'));
      const banner = successBanner(`Referral ${referralId.slice(0, 8)} is back to work: the next sweep delivers it.`);
      notice.append(banner);
      banner.focus();
    } catch (error) {
      if (error instanceof ApiProblem && error.status !== 401) notice.append(errorSummary('The referral could not be re-driven', [{ text: error.title }]));
    }
  };
  append(root, 
    heading('Referral dead letters', context.config.forceId),
    p('Charity referrals parked after repeated failed deliveries. Re-drive one once the charity is reachable again: it is delivered with the same delivery id.'),
    notice,
    list.referrals.length === 0
      ? p('No referral is parked.')
      : sortableTable(
          `Parked referrals (${list.referrals.length})`,
          [{ text: 'Referral' }, { text: 'Report' }, { text: 'Charity', sort: 'none' }, { text: 'Attempts', sort: 'none', numeric: true }, { text: 'Last failure' }, { text: 'Parked since', sort: 'ascending' }, { text: 'Action' }],
          list.referrals.map((referral) => {
            const action = h('span', {});
            action.append(h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', onclick: () => void redrive(referral.reportId, referral.referralId, action) }, 'Re-drive', h('span', { class: 'govuk-visually-hidden' }, ` referral ${referral.referralId.slice(0, 8)}`)));
            return [
              { value: referral.referralId.slice(0, 8) },
              { value: link(referral.reportId.slice(0, 8), `#/audit?reportId=${referral.reportId}`) },
              { value: referral.charityId },
              { value: String(referral.attempts), sortValue: referral.attempts },
              { value: referral.lastFailure ?? '' },
              { value: dateTime(referral.createdAt), sortValue: Date.parse(referral.createdAt) },
              { value: action },
            ];
          }),
        ),
  );
  enhanceTables(root);
}

function monthStart(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

/** GOV.UK palette colours, one per series or segment; the figcaption names them in the same order. */
const SERIES_COLOURS = ['#1d70b8', '#912b88', '#00703c', '#f47738', '#d4351c', '#5694ca', '#28a197', '#801650', '#b58840', '#505a5f'];

/** One bar of a month: stacked segments, bottom first. */
type Bar = { segments: { value: number; colour: string }[] };

/**
 * Per month, five bars: reports; reports with protected data; referrals, stacked by kind of service;
 * disclosures, stacked by purpose; disclosures of protected data to enforcement (must stay empty).
 * Decorative for screen readers: the table below has every figure.
 */
function chart(months: Transparency['months'], recipientTypes: readonly string[], purposes: readonly string[]): SVGElement {
  const width = 640;
  const height = 240;
  const bars = (month: Transparency['months'][number]): Bar[] => [
    { segments: [{ value: month.reports, colour: SERIES_COLOURS[0]! }] },
    { segments: [{ value: month.reportsWithProtectedData, colour: SERIES_COLOURS[1]! }] },
    { segments: recipientTypes.map((type, index) => ({ value: (month.referralsByRecipientType as Record<string, number>)[type] ?? 0, colour: SERIES_COLOURS[(2 + index) % SERIES_COLOURS.length]! })) },
    { segments: purposes.map((purpose, index) => ({ value: (month.disclosuresByPurpose as Record<string, number>)[purpose] ?? 0, colour: SERIES_COLOURS[(2 + recipientTypes.length + index) % SERIES_COLOURS.length]! })) },
    { segments: [{ value: month.protectedDisclosuresToEnforcement, colour: '#0b0c0c' }] },
  ];
  const total = (bar: Bar) => bar.segments.reduce((sum, segment) => sum + segment.value, 0);
  const top = Math.max(1, ...months.flatMap((month) => bars(month).map(total)));
  const slot = (width - 40) / Math.max(1, months.length);
  const bar = Math.min(16, Math.max(2, slot / 6));
  const scale = (value: number) => ((height - 50) * value) / top;
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'sp-console-chart', 'aria-hidden': 'true', focusable: 'false' },
    svg('line', { x1: 30, y1: height - 30, x2: width, y2: height - 30, stroke: '#0b0c0c' }),
    ...months.flatMap((month, index) => {
      const x = 40 + index * slot;
      return [
        ...bars(month).flatMap((column, position) => {
          let base = height - 30;
          return column.segments.map((segment) => {
            const tall = scale(segment.value);
            base -= tall;
            return svg('rect', { x: x + position * bar, y: base, width: bar, height: tall, fill: segment.colour });
          });
        }),
        svg('text', { x, y: height - 12, 'font-size': 12, fill: '#0b0c0c' }, month.month),
      ];
    }),
  );
}

/** The chart's key, in words, in the colours' order. */
function chartKey(recipientTypes: readonly string[], purposes: readonly string[]): string {
  const referralKinds = recipientTypes.map((type) => words(type)).join(', ');
  const purposeNames = purposes.map((purpose) => words(purpose)).join(', ');
  return (
    'Per month, left to right: reports (blue); reports with protected data (purple); referrals stacked by kind of service' +
    ` (${referralKinds}); disclosures stacked by purpose (${purposeNames}); disclosures of protected data to enforcement (black, must be none).` +
    ' The table below has every figure.'
  );
}

/**
 * @example
 * await transparencyPage(root, context); // #/transparency?from=2026-01-01&to=2027-01-01
 */
export async function transparencyPage(root: HTMLElement, context: PageContext): Promise<void> {
  const from = context.params.get('from') ?? monthStart(-11);
  const to = context.params.get('to') ?? monthStart(1);
  const figures = (await api<Transparency>('GET', `/transparency?${new URLSearchParams({ from, to })}`)) as Transparency;
  const recipientTypes = Object.keys(RECIPIENT_LABELS) as (keyof typeof RECIPIENT_LABELS)[];
  const purposes = [...new Set(figures.months.flatMap((month) => Object.keys(month.disclosuresByPurpose)).concat(Object.keys(figures.totals.disclosuresByPurpose)))];
  const row = (label: string, counts: Transparency['totals']) => [
    { value: label },
    { value: String(counts.reports), sortValue: counts.reports },
    { value: String(counts.reportsWithProtectedData), sortValue: counts.reportsWithProtectedData },
    ...recipientTypes.map((type) => ({ value: String(counts.referralsByRecipientType[type] ?? 0) })),
    ...purposes.map((purpose) => ({ value: String((counts.disclosuresByPurpose as Record<string, number>)[purpose] ?? 0) })),
    { value: String(counts.protectedDisclosuresToEnforcement) },
  ];
  append(root, 
    heading('Transparency figures', context.config.forceId),
    p(`From ${from} to ${to} (the end is not included). Counts only: no report content.`),
    h(
      'figure',
      { class: 'sp-console-figure' },
      chart(figures.months, recipientTypes, purposes),
      h('figcaption', { class: 'govuk-body-s' }, chartKey(recipientTypes, purposes)),
    ),
    figures.totals.protectedDisclosuresToEnforcement === 0
      ? p(badge('0', 'green'), ' disclosures of protected data to enforcement.')
      : h('div', { class: 'govuk-warning-text' }, h('strong', { class: 'govuk-warning-text__text' }, `${figures.totals.protectedDisclosuresToEnforcement} disclosures of protected data to enforcement: this must be 0. Tell the data protection officer.`)),
    h(
      'div',
      { class: 'sp-console-scroll', tabindex: 0, role: 'region', 'aria-label': 'Transparency figures table' },
      sortableTable(
        'Figures per month',
        [
          { text: 'Month' },
          { text: 'Reports', numeric: true },
          { text: 'With protected data', numeric: true },
          ...recipientTypes.map((type) => ({ text: `Referrals: ${words(type)}`, numeric: true })),
          ...purposes.map((purpose) => ({ text: `Disclosures: ${words(purpose)}`, numeric: true })),
          { text: 'Protected data to enforcement', numeric: true },
        ],
        [...figures.months.map((month) => row(month.month, month)), row('Total', figures.totals)],
      ),
    ),
  );
  enhanceTables(root);
}
