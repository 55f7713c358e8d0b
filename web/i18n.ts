/**
 * Page languages. The shipped locale files (web/locales/*.json) hold every
 * string as an ICU MessageFormat message, formatted by FormatJS's
 * `intl-messageformat` (plurals and selects in every language's own rules);
 * a force extends or overrides any message through its site config
 * (`locales`), e.g. to load its licensed risk-question wording by code.
 * Which languages exist, their names and direction come from languages.ts.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { DASH_INDICATORS } from '../schemas/risk-indicators';
import { directionOf, LANGUAGES, type Direction, type Language } from '../schemas/languages';
import ar from './locales/ar.json';
import bn from './locales/bn.json';
import cy from './locales/cy.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fa from './locales/fa.json';
import pa from './locales/pa.json';
import pl from './locales/pl.json';
import pt from './locales/pt.json';
import ro from './locales/ro.json';
import so from './locales/so.json';
import ur from './locales/ur.json';

export { LANGUAGES, type Language } from '../schemas/languages';

export type Messages = Record<string, string>;

/** A locale file: its messages, plus `@meta` saying how it was made and how far it has been reviewed. */
export interface LocaleFile {
  '@meta': { source: string; review: string };
  [key: string]: string | { source: string; review: string };
}

/** Keys of a locale file that are about the file, not messages. */
export const META_KEY = '@meta';

export const LOCALE_FILES: Record<Language, LocaleFile> = { en, cy, pl, ro, pa, ur, pt, es, ar, bn, fa, so };

function messagesOf(file: LocaleFile): Messages {
  return Object.fromEntries(Object.entries(file).filter((entry): entry is [string, string] => entry[0] !== META_KEY && typeof entry[1] === 'string'));
}

const SHIPPED = Object.fromEntries(LANGUAGES.map((lang) => [lang, messagesOf(LOCALE_FILES[lang])])) as Record<Language, Messages>;

/** English risk questions come from the contract itself, so the paraphrase lives in one place. */
const RISK_QUESTIONS: Messages = Object.fromEntries(DASH_INDICATORS.map((indicator) => [`risk.${indicator.code}`, indicator.question]));

/** Every message of a shipped locale (English includes the contract's risk questions). */
export function shippedMessages(lang: Language): Messages {
  return lang === 'en' ? { ...RISK_QUESTIONS, ...SHIPPED.en } : { ...SHIPPED[lang] };
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

  constructor(
    readonly lang: Language,
    overrides: Partial<Record<Language, Messages>> = {},
  ) {
    this.dir = directionOf(lang);
    this.messages = { ...shippedMessages('en'), ...overrides.en, ...(lang === 'en' ? {} : SHIPPED[lang]), ...(lang === 'en' ? {} : overrides[lang]) };
  }

  /**
   * @example
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
