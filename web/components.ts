/**
 * GOV.UK Frontend components as TypeScript functions. The markup follows the
 * govuk-frontend Nunjucks macros (same classes, ids, aria wiring and
 * `data-module` hooks), so the package's CSS and JavaScript apply unchanged.
 */
import { flag, html, join, type HtmlValue, type SafeHtml } from './html';

export interface Choice {
  value: string;
  text: string;
  hint?: string;
  /** Shown under the choice when it is selected (always shown without JavaScript). */
  conditional?: SafeHtml;
  /** Draws a divider ("or") before this choice. */
  dividerBefore?: string;
}

interface FieldBase {
  name: string;
  /** Defaults to the name with dots turned into dashes; the error summary links here. */
  id?: string;
  hint?: string;
  error?: string;
}

export interface GroupOptions extends FieldBase {
  legend: string;
  /** Renders the legend as the page's `<h1>`. */
  isPageHeading?: boolean;
  legendSize?: 's' | 'm' | 'l';
  items: readonly Choice[];
  inline?: boolean;
  small?: boolean;
}

export interface TextOptions extends FieldBase {
  label: string;
  isPageHeading?: boolean;
  value?: string;
  type?: 'text' | 'tel' | 'email';
  widthClass?: string;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
  rows?: number;
  /** Left to right whatever the page direction; phone, email and numeric inputs are so without asking. */
  ltr?: boolean;
}

/** Field ids: the error summary links to them, so they are derived from field names in one place. */
export function fieldId(name: string): string {
  return name.replace(/[^A-Za-z0-9-]+/g, '-');
}

/** GOV.UK components bound to the page language's fixed words. */
export class Govuk {
  constructor(private readonly words: { errorPrefix: string }) {}

  errorMessage(id: string, message: string | undefined): SafeHtml {
    return html`${message
      ? html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">${this.words.errorPrefix}:</span> ${message}</p>`
      : ''}`;
  }

  private hint(id: string, hint: string | undefined): SafeHtml {
    return html`${hint ? html`<div id="${id}-hint" class="govuk-hint">${hint}</div>` : ''}`;
  }

  private describedBy(id: string, options: FieldBase): SafeHtml {
    const ids = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}`;
  }

  private legend(options: GroupOptions): SafeHtml {
    const size = options.legendSize ?? (options.isPageHeading ? 'l' : 'm');
    return options.isPageHeading
      ? html`<legend class="govuk-fieldset__legend govuk-fieldset__legend--${size}"><h1 class="govuk-fieldset__heading">${options.legend}</h1></legend>`
      : html`<legend class="govuk-fieldset__legend govuk-fieldset__legend--${size}">${options.legend}</legend>`;
  }

  private choices(kind: 'radios' | 'checkboxes', options: GroupOptions, selected: (value: string) => boolean): SafeHtml {
    const id = options.id ?? fieldId(options.name);
    const type = kind === 'radios' ? 'radio' : 'checkbox';
    const items = options.items.map((item, index) => {
      // The first item's id has no suffix, so the error summary can link to it.
      const itemId = index === 0 ? id : `${id}-${index + 1}`;
      const checked = selected(item.value);
      const conditionalId = `conditional-${itemId}`;
      return html`${item.dividerBefore ? html`<div class="govuk-${kind}__divider">${item.dividerBefore}</div>` : ''}
<div class="govuk-${kind}__item">
<input class="govuk-${kind}__input" id="${itemId}" name="${options.name}" type="${type}" value="${item.value}"${flag('checked', checked)}${item.conditional ? html` data-aria-controls="${conditionalId}"` : ''}${item.hint ? html` aria-describedby="${itemId}-item-hint"` : ''}>
<label class="govuk-label govuk-${kind}__label" for="${itemId}">${item.text}</label>
${item.hint ? html`<div id="${itemId}-item-hint" class="govuk-hint govuk-${kind}__hint">${item.hint}</div>` : ''}
</div>
${item.conditional ? html`<div class="govuk-${kind}__conditional${checked ? '' : ` govuk-${kind}__conditional--hidden`}" id="${conditionalId}">${item.conditional}</div>` : ''}`;
    });
    const modifiers = [options.inline ? ` govuk-${kind}--inline` : '', options.small ? ` govuk-${kind}--small` : ''].join('');
    return html`<div class="govuk-form-group${options.error ? ' govuk-form-group--error' : ''}">
<fieldset class="govuk-fieldset"${this.describedBy(id, options)}>
${this.legend(options)}
${this.hint(id, options.hint)}
${this.errorMessage(id, options.error)}
<div class="govuk-${kind}${modifiers}" data-module="govuk-${kind}">
${items}
</div>
</fieldset>
</div>`;
  }

  /** Radios: one answer. */
  radios(options: GroupOptions & { value?: string }): SafeHtml {
    return this.choices('radios', options, (value) => value === options.value);
  }

  /** Checkboxes: any number of answers. */
  checkboxes(options: GroupOptions & { values?: readonly string[] }): SafeHtml {
    return this.choices('checkboxes', options, (value) => (options.values ?? []).includes(value));
  }

  private label(id: string, options: TextOptions): SafeHtml {
    return options.isPageHeading
      ? html`<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="${id}">${options.label}</label></h1>`
      : html`<label class="govuk-label" for="${id}">${options.label}</label>`;
  }

  /** A text input. Autocomplete is off: a shared device must not offer these answers to the next person. */
  input(options: TextOptions): SafeHtml {
    const id = options.id ?? fieldId(options.name);
    const classes = ['govuk-input', options.widthClass, options.error ? 'govuk-input--error' : ''].filter(Boolean).join(' ');
    return html`<div class="govuk-form-group${options.error ? ' govuk-form-group--error' : ''}">
${this.label(id, options)}
${this.hint(id, options.hint)}
${this.errorMessage(id, options.error)}
<input class="${classes}" id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}" autocomplete="off" spellcheck="false"${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${options.ltr || options.type === 'tel' || options.type === 'email' || options.inputmode === 'numeric' ? html` dir="ltr"` : ''}${this.describedBy(id, options)}>
</div>`;
  }

  /** A textarea for an account in the person's own words. */
  textarea(options: TextOptions): SafeHtml {
    const id = options.id ?? fieldId(options.name);
    return html`<div class="govuk-form-group${options.error ? ' govuk-form-group--error' : ''}">
${this.label(id, options)}
${this.hint(id, options.hint)}
${this.errorMessage(id, options.error)}
<textarea class="govuk-textarea${options.error ? ' govuk-textarea--error' : ''}" id="${id}" name="${options.name}" rows="${options.rows ?? 5}" autocomplete="off"${this.describedBy(id, options)}>${options.value ?? ''}</textarea>
</div>`;
  }

  /** A select of fixed choices. */
  select(options: FieldBase & { label: string; items: readonly Choice[]; value?: string }): SafeHtml {
    const id = options.id ?? fieldId(options.name);
    return html`<div class="govuk-form-group${options.error ? ' govuk-form-group--error' : ''}">
<label class="govuk-label" for="${id}">${options.label}</label>
${this.hint(id, options.hint)}
${this.errorMessage(id, options.error)}
<select class="govuk-select${options.error ? ' govuk-select--error' : ''}" id="${id}" name="${options.name}" autocomplete="off"${this.describedBy(id, options)}>
${options.items.map((item) => html`<option value="${item.value}"${flag('selected', item.value === options.value)}>${item.text}</option>`)}
</select>
</div>`;
  }
}

export interface ButtonOptions {
  text: string;
  name?: string;
  value?: string;
  variant?: 'primary' | 'secondary' | 'warning' | 'link';
  /** Posts the surrounding form somewhere else (works without JavaScript). */
  formaction?: string;
  id?: string;
}

/** A submit button; `link` renders a button styled as a link (a POST, so the URL never changes). */
export function button(options: ButtonOptions): SafeHtml {
  const variant = options.variant ?? 'primary';
  const classes =
    variant === 'link' ? 'sp-link-button govuk-link' : `govuk-button${variant === 'primary' ? '' : ` govuk-button--${variant}`}`;
  return html`<button type="submit" class="${classes}"${variant === 'link' ? '' : html` data-module="govuk-button" data-prevent-double-click="true"`}${options.id ? html` id="${options.id}"` : ''}${options.name ? html` name="${options.name}" value="${options.value ?? ''}"` : ''}${options.formaction ? html` formaction="${options.formaction}"` : ''}>${options.text}</button>`;
}

/** The GOV.UK error summary: first on the page, focused by govuk-frontend JS, each error linking to its field. */
export function errorSummary(title: string, errors: readonly { text: string; href: string }[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary">
<div role="alert">
<h2 class="govuk-error-summary__title">${title}</h2>
<div class="govuk-error-summary__body">
<ul class="govuk-list govuk-error-summary__list">
${errors.map((error) => html`<li><a href="${error.href}">${error.text}</a></li>`)}
</ul>
</div>
</div>
</div>`;
}

/** A summary list row; `action` is usually a "Change" button. */
export interface SummaryRow {
  key: string;
  value: HtmlValue;
  action?: SafeHtml;
}

export function summaryList(rows: readonly SummaryRow[]): SafeHtml {
  return html`<dl class="govuk-summary-list">
${rows.map(
  (row) => html`<div class="govuk-summary-list__row${row.action ? '' : ' govuk-summary-list__row--no-actions'}">
<dt class="govuk-summary-list__key">${row.key}</dt>
<dd class="govuk-summary-list__value">${row.value}</dd>
${row.action ? html`<dd class="govuk-summary-list__actions">${row.action}</dd>` : ''}
</div>`,
)}
</dl>`;
}

export function panel(title: string, body: HtmlValue): SafeHtml {
  return html`<div class="govuk-panel govuk-panel--confirmation">
<h1 class="govuk-panel__title">${title}</h1>
<div class="govuk-panel__body">${body}</div>
</div>`;
}

export function warningText(text: HtmlValue, assistive: string): SafeHtml {
  return html`<div class="govuk-warning-text">
<span class="govuk-warning-text__icon" aria-hidden="true">!</span>
<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">${assistive}</span> ${text}</strong>
</div>`;
}

export function insetText(body: HtmlValue): SafeHtml {
  return html`<div class="govuk-inset-text">${body}</div>`;
}

export function paragraphs(texts: readonly string[]): SafeHtml {
  return join(texts.map((text) => html`<p class="govuk-body">${text}</p>`));
}

export function bullets(texts: readonly string[]): SafeHtml {
  return html`<ul class="govuk-list govuk-list--bullet">${texts.map((text) => html`<li>${text}</li>`)}</ul>`;
}

export interface ExitThisPageText {
  button: string;
  assistive: string;
  activated: string;
  timedOut: string;
  pressTwoMoreTimes: string;
  pressOneMoreTime: string;
}

/**
 * The GOV.UK "Exit this page" component. Without JavaScript it is a link to
 * the neutral site; with it, govuk-frontend adds the Shift-three-times
 * shortcut and our enhancement replaces the history entry on the way out.
 */
export function exitThisPage(url: string, text: ExitThisPageText): SafeHtml {
  return html`<div class="govuk-exit-this-page" data-module="govuk-exit-this-page" data-i18n.activated="${text.activated}" data-i18n.timed-out="${text.timedOut}" data-i18n.press-two-more-times="${text.pressTwoMoreTimes}" data-i18n.press-one-more-time="${text.pressOneMoreTime}">
<a href="${url}" role="button" draggable="false" class="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button" data-module="govuk-button" rel="nofollow noreferrer"><span class="govuk-visually-hidden">${text.assistive}</span> ${text.button}</a>
</div>`;
}
