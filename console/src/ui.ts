/**
 * GOV.UK Frontend and MOJ Frontend components, built as DOM (see dom.ts):
 * headings, summary lists, badges, error summaries, notification banners,
 * radios and checkboxes, MOJ sortable tables.
 */
import { SortableTable } from '@ministryofjustice/frontend';
import { h } from './dom';
import type { QueueEntry } from './types';

type Child = Parameters<typeof h>[2];

export function heading(text: string, caption?: string): HTMLElement {
  return h('h1', { class: 'govuk-heading-l', tabindex: -1, id: 'page-heading' }, caption ? h('span', { class: 'govuk-caption-l' }, caption) : null, text);
}

export function p(...children: Child[]): HTMLParagraphElement {
  return h('p', { class: 'govuk-body' }, ...children);
}

export function button(text: string, onclick: (event: Event) => void, variant: '' | 'secondary' | 'warning' = ''): HTMLButtonElement {
  return h('button', { type: 'button', class: `govuk-button${variant ? ` govuk-button--${variant}` : ''}`, 'data-module': 'govuk-button', onclick }, text);
}

export function submit(text: string, variant: '' | 'secondary' | 'warning' = ''): HTMLButtonElement {
  return h('button', { type: 'submit', class: `govuk-button${variant ? ` govuk-button--${variant}` : ''}` }, text);
}

export function link(text: string, href: string, extraClass = ''): HTMLAnchorElement {
  return h('a', { class: `govuk-link ${extraClass}`.trim(), href }, text);
}

/** A summary list of label → value rows; rows with no value are left out. */
export function summary(rows: [string, Child | Child[]][]): HTMLDListElement {
  const list = h('dl', { class: 'govuk-summary-list' });
  for (const [key, value] of rows) {
    const parts = (Array.isArray(value) ? value : [value]).filter((part) => part !== undefined && part !== null && part !== '' && part !== false);
    if (parts.length === 0) continue;
    list.append(h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, key), h('dd', { class: 'govuk-summary-list__value' }, ...parts)));
  }
  return list;
}

export type BadgeColour = 'red' | 'blue' | 'green' | 'grey' | 'purple' | 'black' | 'bright';

export function badge(text: string, colour: BadgeColour): HTMLElement {
  return h('strong', { class: `moj-badge moj-badge--${colour}` }, text);
}

/** Red flag / high / medium / standard, as the queue orders them. */
export function priorityBadge(entry: Pick<QueueEntry, 'priority' | 'grade'>): HTMLElement {
  if (entry.priority >= 3) return badge('Red flag', 'red');
  if (entry.grade === 'high') return badge('High risk', 'purple');
  if (entry.grade === 'medium') return badge('Medium risk', 'blue');
  return badge('Standard', 'grey');
}

/** GOV.UK error summary: the title and each message as text; focused so a screen reader reads it. */
export function errorSummary(title: string, messages: { text: string; href?: string }[]): HTMLElement {
  const box = h(
    'div',
    { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: -1 },
    h('div', { role: 'alert' }, h('h2', { class: 'govuk-error-summary__title' }, title), h('div', { class: 'govuk-error-summary__body' }, h('ul', { class: 'govuk-list govuk-error-summary__list' }, ...messages.map((message) => h('li', {}, message.href ? h('a', { href: message.href }, message.text) : message.text))))),
  );
  return box;
}

export function successBanner(text: string): HTMLElement {
  return h(
    'div',
    { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', 'aria-labelledby': 'banner-title', tabindex: -1 },
    h('div', { class: 'govuk-notification-banner__header' }, h('h2', { class: 'govuk-notification-banner__title', id: 'banner-title' }, 'Success')),
    h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, text)),
  );
}

/** A fieldset of radios or checkboxes. */
export function choices(type: 'radio' | 'checkbox', name: string, legend: string, options: { value: string; label: string; hint?: string }[], hint?: string): HTMLElement {
  const hintId = `${name}-hint`;
  return h(
    'div',
    { class: 'govuk-form-group', id: `${name}-group` },
    h(
      'fieldset',
      { class: 'govuk-fieldset', ...(hint ? { 'aria-describedby': hintId } : {}) },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, legend),
      hint ? h('div', { class: 'govuk-hint', id: hintId }, hint) : null,
      h(
        'div',
        { class: type === 'radio' ? 'govuk-radios govuk-radios--small' : 'govuk-checkboxes govuk-checkboxes--small' },
        ...options.map((option, index) => {
          const id = `${name}-${index}`;
          const prefix = type === 'radio' ? 'govuk-radios' : 'govuk-checkboxes';
          return h(
            'div',
            { class: `${prefix}__item` },
            h('input', { class: `${prefix}__input`, id, name, type, value: option.value }),
            h('label', { class: `govuk-label ${prefix}__label`, for: id }, option.label),
            option.hint ? h('div', { class: `govuk-hint ${prefix}__hint` }, option.hint) : null,
          );
        }),
      ),
    ),
  );
}

/** A sortable MOJ table: headings with `sort` get MOJ Frontend's sort buttons; cells sort by `data-sort-value`. */
export function sortableTable(caption: string, headings: { text: string; sort?: 'ascending' | 'descending' | 'none'; numeric?: boolean }[], rows: { value: Child | Child[]; sortValue?: string | number }[][]): HTMLTableElement {
  const table = h(
    'table',
    { class: 'govuk-table', 'data-module': 'moj-sortable-table' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, caption),
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, ...headings.map((heading) => h('th', { scope: 'col', class: `govuk-table__header${heading.numeric ? ' govuk-table__header--numeric' : ''}`, ...(heading.sort ? { 'aria-sort': heading.sort } : {}) }, heading.text)))),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      ...rows.map((row) =>
        h('tr', { class: 'govuk-table__row' }, ...row.map((cell) => h('td', { class: 'govuk-table__cell', ...(cell.sortValue !== undefined ? { 'data-sort-value': cell.sortValue } : {}) }, ...(Array.isArray(cell.value) ? cell.value : [cell.value])))),
      ),
    ),
  );
  return table;
}

/** Starts MOJ Frontend's sortable-table behaviour on tables now in the page. */
export function enhanceTables(root: Element): void {
  for (const table of root.querySelectorAll('table[data-module="moj-sortable-table"]')) new SortableTable(table);
}

/** "3 hours ago" style ages, and minutes left on a lease. */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.floor(hours / 24)} days`;
}

export function timeLeft(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (seconds <= 0) return 'expired';
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(iso));
}
