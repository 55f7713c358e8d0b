/**
 * What every page renderer gets: the language, the components in that
 * language, the answers so far, the errors to show and the force's site.
 * Building one loads its language first (web/i18n.ts `loadLanguage`), so
 * this is where a request waits for its locale, once per process.
 */
import type { FieldProblem } from '../schemas/field-problems';
import { bullets, Govuk } from './components';
import { html, type SafeHtml } from './html';
import { loadLanguage, Translator, type Language } from './i18n';
import type { FormState } from './journey/form-state';
import { localeOverrides, type SiteConfig } from './site';

/** Field name → the message shown for it, in page language. */
export type FieldErrors = Map<string, string>;

export interface PageContext {
  t: Translator;
  ui: Govuk;
  state: FormState;
  errors: FieldErrors;
  site: SiteConfig;
}

/**
 * @example
 * const context = await pageContext({ lang: 'cy', site, state });
 */
export async function pageContext(options: { lang: Language; site: SiteConfig; state: FormState; errors?: FieldErrors }): Promise<PageContext> {
  // A language the force does not offer falls back to English (the posted value is the victim's browser's, not trusted).
  const lang = options.site.languages.includes(options.lang) ? options.lang : 'en';
  await loadLanguage(lang);
  const t = new Translator(lang, localeOverrides(options.site));
  return { t, ui: new Govuk({ errorPrefix: t.t('common.errorPrefix') }), state: options.state, errors: options.errors ?? new Map(), site: options.site };
}

/**
 * Turns contract problems into page messages. The message is chosen by field
 * (and, for the safe-contact channels, by the rule broken), never built from
 * what was submitted.
 */
export function fieldErrors(t: Translator, problems: readonly FieldProblem[], fieldFor: (path: string) => string): FieldErrors {
  const errors: FieldErrors = new Map();
  for (const problem of problems) {
    const field = fieldFor(problem.path);
    if (errors.has(field)) continue;
    const specific =
      field === 'safeContact.channels' && problem.message === 'monitored'
        ? 'errors.safeContact.channels.monitored'
        : field === 'safeContact.channels' && problem.message.includes('"none"')
          ? 'errors.safeContact.channels.none'
          : `errors.${field}`;
    errors.set(field, t.has(specific) ? t.t(specific) : t.t('errors.default'));
  }
  return errors;
}

/** 999, the Silent Solution, textphone and Ask for ANI: on the first step, the get-help step and urgent confirmations. */
export function emergencyAdvice(context: PageContext): SafeHtml {
  return html`${bullets([context.t.t('emergency.silent'), context.t.t('emergency.textphone'), context.t.t('emergency.ani')])}`;
}
