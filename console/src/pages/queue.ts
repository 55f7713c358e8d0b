/**
 * The queue (waiting reports in the API's priority order: red flags and
 * grade first, then age), "claim next", and the claimed reports with the
 * time left on each lease, renew and release. Routing metadata, plus the
 * language and interpreter need the API opened from each entry's sealed hint
 * (shown by its name in its own script, or "not shown"); no other report content.
 */
import { api, ApiProblem } from '../api';
import { append, clear, h } from '../dom';
import type { PageContext } from '../page-context';
import { session } from '../session';
import type { LeaseResponse, QueueEntry, QueueList } from '../types';
import { STATUS_LABELS } from '../types';
import { languageEntry } from '../../../schemas/languages';
import { age, badge, button, enhanceTables, errorSummary, heading, link, p, priorityBadge, sortableTable, successBanner, timeLeft } from '../ui';

/** The victim's pause ("not safe now"), an unread reply and when the victim last looked, from the queue entry. */
function needs(entry: QueueEntry): (Node | string)[] {
  const out: (Node | string)[] = [];
  if (entry.pausedUntil && Date.parse(entry.pausedUntil) > Date.now()) {
    out.push(badge(`Paused by victim until ${new Date(entry.pausedUntil).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`, 'black'), ' ');
  }
  if (entry.unreadReply) out.push(badge('Unread reply', 'bright'), ' ');
  if (entry.victimLastLookedAt) out.push(h('span', { class: 'govuk-body-s' }, `Victim last looked ${age(entry.victimLastLookedAt)} ago`));
  return out;
}

/** The language the victim used, in its own script (with the English name), and an "Interpreter" tag; "Not shown" when the API did not open it. */
export function languageCell(entry: QueueEntry): (Node | string)[] {
  if (!entry.needs) return [h('span', { class: 'govuk-hint govuk-!-margin-0' }, 'Not shown')];
  const known = languageEntry(entry.needs.language);
  const name = known
    ? [h('span', { lang: known.code, dir: known.dir }, known.endonym), known.english !== known.endonym ? ` (${known.english})` : '']
    : [h('span', { lang: entry.needs.language, dir: 'auto' }, entry.needs.language)];
  return [...name, ...(entry.needs.interpreterNeeded ? [' ', badge('Interpreter', 'grey')] : [])];
}

async function listAll(state: 'waiting' | 'claimed'): Promise<{ entries: QueueEntry[]; more: boolean }> {
  const list = await api<QueueList>('GET', `/queue?state=${state}&limit=100`);
  return { entries: list?.entries ?? [], more: Boolean(list?.cursor) };
}

/**
 * @example
 * await queuePage(root, context); // #/queue
 */
export async function queuePage(root: HTMLElement, context: PageContext): Promise<void> {
  const { entries, more } = await listAll('waiting');
  const notice = h('div', {});
  const claim = async () => {
    clear(notice);
    try {
      const claimed = await api<{ report: { reportId: string } }>('POST', '/queue/claim');
      if (!claimed) {
        notice.append(h('div', { class: 'govuk-inset-text', role: 'status' }, 'Nothing is waiting in the queue.'));
        return;
      }
      location.hash = `#/reports/${claimed.report.reportId}`;
    } catch (error) {
      if (error instanceof ApiProblem && error.status !== 401) notice.append(errorSummary('The report could not be claimed', [{ text: error.title }]));
    }
  };
  const now = Date.now();
  append(root, 
    heading('Queue', context.config.forceId),
    notice,
    p('The queue is in priority order: red flags first, then by risk grade, then oldest first. Claim the next report to work it.'),
    button('Claim next report', () => void claim()),
    entries.length === 0
      ? p('No reports are waiting.')
      : sortableTable(
          `Reports waiting (${entries.length}${more ? '+' : ''})`,
          [{ text: 'Order', sort: 'ascending', numeric: true }, { text: 'Risk', sort: 'none' }, { text: 'Waiting for', sort: 'none' }, { text: 'Status' }, { text: 'Language', sort: 'none' }, { text: 'Needs' }],
          entries.map((entry, index) => [
            { value: String(index + 1), sortValue: index },
            { value: priorityBadge(entry), sortValue: 10 - entry.priority },
            { value: age(entry.createdAt, now), sortValue: Date.parse(entry.createdAt) },
            { value: STATUS_LABELS[entry.status] ?? entry.status },
            { value: languageCell(entry), sortValue: entry.needs ? `${entry.needs.interpreterNeeded ? 0 : 1}${entry.needs.language}` : '2' },
            { value: needs(entry) },
          ]),
        ),
  );
  enhanceTables(root);
}

/**
 * My claimed reports with lease time left, renew and release; supervisors see every claimed report and its holder.
 *
 * @example
 * await claimedPage(root, context); // #/claimed
 */
export async function claimedPage(root: HTMLElement, context: PageContext): Promise<void> {
  const me = session();
  const supervisor = me?.roles.includes('supervisor') ?? false;
  const { entries } = await listAll('claimed');
  const mine = entries.filter((entry) => entry.lease?.holder === me?.staffId);
  const others = supervisor ? entries.filter((entry) => entry.lease?.holder !== me?.staffId) : [];
  const notice = h('div', {});
  const lease = async (reportId: string, action: 'renew' | 'release') => {
    clear(notice);
    try {
      const answer = await api<LeaseResponse>('POST', `/reports/${reportId}/lease`, { action });
      context.refresh();
      queueMicrotask(() => {
        const banner = successBanner(action === 'renew' ? `Lease renewed until ${new Date(answer?.lease?.expiresAt ?? Date.now()).toLocaleTimeString('en-GB')}.` : 'Report released back to the queue.');
        document.getElementById('claimed-notice')?.append(banner);
      });
    } catch (error) {
      if (error instanceof ApiProblem && error.status !== 401) notice.append(errorSummary('The lease could not be changed', [{ text: error.title }]));
    }
  };
  const now = Date.now();
  const row = (entry: QueueEntry, withActions: boolean) => [
    { value: link(`Report ${entry.reportId.slice(0, 8)}`, `#/reports/${entry.reportId}`) },
    { value: priorityBadge(entry), sortValue: 10 - entry.priority },
    { value: entry.lease ? timeLeft(entry.lease.expiresAt, now) : '', sortValue: entry.lease ? Date.parse(entry.lease.expiresAt) : 0 },
    ...(withActions
      ? [{ value: [h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-right-1', onclick: () => void lease(entry.reportId, 'renew') }, 'Renew', h('span', { class: 'govuk-visually-hidden' }, ` report ${entry.reportId.slice(0, 8)}`)), h('button', { type: 'button', class: 'govuk-button govuk-button--warning govuk-!-margin-bottom-0', onclick: () => void lease(entry.reportId, 'release') }, 'Release', h('span', { class: 'govuk-visually-hidden' }, ` report ${entry.reportId.slice(0, 8)}`))] }]
      : [{ value: entry.lease?.holder ?? '' }]),
  ];
  append(root, 
    heading('Claimed reports', context.config.forceId),
    h('div', { id: 'claimed-notice' }, notice),
    mine.length === 0
      ? p('You hold no reports. Claim the next one from the ', link('queue', '#/queue'), '.')
      : sortableTable('My claimed reports', [{ text: 'Report' }, { text: 'Risk', sort: 'none' }, { text: 'Lease time left', sort: 'ascending' }, { text: 'Lease' }], mine.map((entry) => row(entry, true))),
    supervisor && others.length > 0 ? sortableTable('Claimed by others', [{ text: 'Report' }, { text: 'Risk', sort: 'none' }, { text: 'Lease time left', sort: 'ascending' }, { text: 'Held by', sort: 'none' }], others.map((entry) => row(entry, false))) : null,
  );
  enhanceTables(root);
}
