/**
 * Page languages. The shipped locale files (web/locales/*.json) hold every
 * string as an ICU MessageFormat message, formatted by FormatJS's
 * `intl-messageformat` (plurals and selects in every language's own rules);
 * a force extends or overrides any message through its site config
 * (`locales`), e.g. to load its licensed risk-question wording by code.
 * Which languages exist, their names and direction come from languages.ts.
 *
 * A cold start reads English only: every other locale is loaded on first use
 * ({@link loadLanguage}, awaited by web/page-context.ts `pageContext`) and
 * kept for the life of the process. Each is one literal `import()`, so
 * esbuild (infra/bundling.ts) makes it a chunk of its own. English is
 * imported statically because it is needed before any other language is
 * known and without an `await`: every translator falls back to it, a force's
 * message overrides are checked against its arguments when the site config
 * is parsed (web/message-arguments.ts), and failure pages are English.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { DASH_INDICATORS } from '../schemas/risk-indicators';
import { directionOf, LANGUAGES, type Direction, type Language } from '../schemas/languages';
import en from './locales/en.json' with { type: 'json' };

export { LANGUAGES, type Language } from '../schemas/languages';

export type Messages = Record<string, string>;

/** A locale file: its messages, plus `@meta` saying how it was made and how far it has been reviewed. */
export interface LocaleFile {
  '@meta': { source: string; review: string };
  [key: string]: string | { source: string; review: string };
}

/** Keys of a locale file that are about the file, not messages. */
export const META_KEY = '@meta';

/** Every locale but English, each a literal `import()` the bundler splits into its own chunk. */
const LOCALE_IMPORTS: Record<Exclude<Language, 'en'>, () => Promise<{ default: LocaleFile }>> = {
  cy: () => import('./locales/cy.json', { with: { type: 'json' } }),
  pl: () => import('./locales/pl.json', { with: { type: 'json' } }),
  ro: () => import('./locales/ro.json', { with: { type: 'json' } }),
  pa: () => import('./locales/pa.json', { with: { type: 'json' } }),
  ur: () => import('./locales/ur.json', { with: { type: 'json' } }),
  pt: () => import('./locales/pt.json', { with: { type: 'json' } }),
  es: () => import('./locales/es.json', { with: { type: 'json' } }),
  ar: () => import('./locales/ar.json', { with: { type: 'json' } }),
  bn: () => import('./locales/bn.json', { with: { type: 'json' } }),
  fa: () => import('./locales/fa.json', { with: { type: 'json' } }),
  so: () => import('./locales/so.json', { with: { type: 'json' } }),
};

function messagesOf(file: LocaleFile): Messages {
  return Object.fromEntries(Object.entries(file).filter((entry): entry is [string, string] => entry[0] !== META_KEY && typeof entry[1] === 'string'));
}

/** The locale files loaded in this process, and their messages: at most the 12 shipped ones. */
const LOADED = new Map<Language, { file: LocaleFile; messages: Messages }>([['en', { file: en, messages: messagesOf(en) }]]);

/** Loads under way, so two requests racing for one language import it once. */
const LOADING = new Map<Language, Promise<LocaleFile>>();

/** Raised when a language's messages are asked for before {@link loadLanguage} has loaded them. */
export class LanguageNotLoadedError extends Error {
  constructor(readonly lang: Language) {
    super(`the ${lang} locale is not loaded: await loadLanguage('${lang}') (pageContext does) before rendering in it`);
    this.name = 'LanguageNotLoadedError';
  }
}

/**
 * Loads a shipped locale, once per process; English is loaded from the start.
 * A failed load is not kept, so the next request tries again.
 *
 * @example
 * await loadLanguage('pl');
 * new Translator('pl').t('common.continue'); // 'Dalej'
 */
export function loadLanguage(lang: Language): Promise<LocaleFile> {
  const loaded = LOADED.get(lang);
  if (loaded) return Promise.resolve(loaded.file);
  let loading = LOADING.get(lang);
  if (!loading) {
    // English is loaded from the start, so `lang` is one of LOCALE_IMPORTS here.
    loading = LOCALE_IMPORTS[lang as Exclude<Language, 'en'>]()
      .then(({ default: file }) => {
        LOADED.set(lang, { file, messages: messagesOf(file) });
        return file;
      })
      .finally(() => LOADING.delete(lang));
    LOADING.set(lang, loading);
  }
  return loading;
}

/**
 * Every shipped locale file, loaded: for tests and checks that read every language.
 *
 * @example
 * const files = await loadAllLanguages();
 * files.pl['@meta'].review; // 'draft — …'
 */
export async function loadAllLanguages(): Promise<Record<Language, LocaleFile>> {
  return Object.fromEntries(await Promise.all(LANGUAGES.map(async (lang) => [lang, await loadLanguage(lang)] as const))) as Record<Language, LocaleFile>;
}

/** English risk questions come from the contract itself, so the paraphrase lives in one place. */
const RISK_QUESTIONS: Messages = Object.fromEntries(DASH_INDICATORS.map((indicator) => [`risk.${indicator.code}`, indicator.question]));

/**
 * Every message of a shipped locale (English includes the contract's risk questions).
 *
 * @throws LanguageNotLoadedError unless {@link loadLanguage} has loaded `lang`
 * @example
 * Object.keys(shippedMessages('en')).length; // every key a page may ask for
 */
export function shippedMessages(lang: Language): Messages {
  const loaded = LOADED.get(lang);
  if (!loaded) throw new LanguageNotLoadedError(lang);
  return lang === 'en' ? { ...RISK_QUESTIONS, ...loaded.messages } : { ...loaded.messages };
}

/** Left-to-right isolate: phone numbers, receipt codes and postcodes keep their order inside right-to-left text. */
export function ltr(text: string): string {
  return `\u2066${text}\u2069`;
}

/**
 * Examples every message may use as arguments, so a translation never has to
 * copy a number (and a right-to-left one never reorders its groups).
 */
export const SHARED_ARGUMENTS: Record<string, string> = {
  phoneExample: ltr('07700 900 982'),
  receiptExample: ltr('0387 1123 5582 9021'),
  postcodeExample: ltr('S1 2HE'),
  emailExample: ltr('name@example.com'),
};

/** Raised in tests and at cold start when a message key is missing from every locale. */
export class MissingMessageError extends Error {
  constructor(readonly key: string) {
    super(`no message for key ${key}`);
    this.name = 'MissingMessageError';
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Compiled messages, by language and text: the texts are the shipped and configured ones, so this stays bounded. */
const compiled = new Map<string, IntlMessageFormat>();

function formatter(lang: Language, message: string): IntlMessageFormat {
  const cacheKey = `${lang}\u0000${message}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(message, lang, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return format;
}

/** A translator for one language: force overrides, then the shipped locale, then English. */
export class Translator {
  private readonly messages: Messages;
  readonly dir: Direction;
  /** Every key asked for (tests use it to find unused messages). */
  readonly used = new Set<string>();

  /** @throws LanguageNotLoadedError unless {@link loadLanguage} has loaded `lang` */
  constructor(
    readonly lang: Language,
    overrides: Partial<Record<Language, Messages>> = {},
  ) {
    this.dir = directionOf(lang);
    this.messages = { ...shippedMessages('en'), ...overrides.en, ...(lang === 'en' ? {} : shippedMessages(lang)), ...(lang === 'en' ? {} : overrides[lang]) };
  }

  /**
   * @example
   * await loadLanguage('cy');
   * new Translator('cy').t('footer.run', { force: 'Heddlu Dyfed-Powys' });
   * new Translator('ar').t('check.riskAnswered', { count: 3, total: 27 });
   */
  t(key: string, params: Record<string, string | number> = {}): string {
    this.used.add(key);
    const message = this.messages[key];
    if (message === undefined) throw new MissingMessageError(key);
    return String(formatter(this.lang, message).format({ ...SHARED_ARGUMENTS, ...params }));
  }

  has(key: string): boolean {
    this.used.add(key);
    return key in this.messages;
  }
}

/**
 * Picks the page language from Accept-Language on a first visit, among the
 * languages the force offers (`pa-Guru-IN` → `pa`, `fa-IR` → `fa`).
 *
 * @example
 * languageFromHeader('pl-PL,pl;q=0.9,en;q=0.5', ['en', 'cy', 'pl']);   // 'pl'
 */
export function languageFromHeader(header: string | undefined, offered: readonly Language[] = LANGUAGES): Language {
  const preferred = (header ?? '')
    .slice(0, 1000)
    .split(',')
    .slice(0, 30)
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((param) => param.trim().startsWith('q='));
      return { tag: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return preferred.map((entry) => entry.tag).find((tag): tag is Language => isLanguage(tag) && offered.includes(tag)) ?? (offered.includes('en') ? 'en' : (offered[0] ?? 'en'));
}
