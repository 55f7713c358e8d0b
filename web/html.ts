/**
 * A tiny HTML builder: a tagged template that escapes every interpolated value
 * unless it is already {@link SafeHtml}. Pages are plain TypeScript functions,
 * so they bundle into a Lambda with nothing to load from disk.
 */

/** Markup that has been built by {@link html} (or deliberately trusted) and is not escaped again. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** A value an {@link html} template accepts: text is escaped, arrays are joined, empty values vanish. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Builds markup, escaping every interpolation.
 *
 * @example
 * const item = html`<li class="govuk-body">${userText}</li>`;
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Joins fragments (already safe, or escaped here). */
export function join(values: readonly HtmlValue[]): SafeHtml {
  return new SafeHtml(values.map(render).join(''));
}

/** An attribute that is present only when `on` (e.g. `checked`). */
export function flag(name: string, on: boolean): SafeHtml {
  return new SafeHtml(on ? ` ${name}` : '');
}
