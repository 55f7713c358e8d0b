/**
 * Page languages. The shipped locale files (web/locales/*.json) hold every
 * string; a force extends or overrides them through its site config
 * (`locales`), e.g. to load its licensed risk-question wording by code.
 */
import { DASH_INDICATORS } from '../schemas/risk-indicators';
import cy from './locales/cy.json';
import en from './locales/en.json';

export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Messages = Record<string, string>;

const SHIPPED: Record<Language, Messages> = { en, cy };

/** English risk questions come from the contract itself, so the paraphrase lives in one place. */
const RISK_QUESTIONS: Messages = Object.fromEntries(DASH_INDICATORS.map((indicator) => [`risk.${indicator.code}`, indicator.question]));

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

/** A translator for one language: force overrides, then the shipped locale, then English. */
export class Translator {
  private readonly messages: Messages;

  constructor(
    readonly lang: Language,
    overrides: Partial<Record<Language, Messages>> = {},
  ) {
    this.messages = { ...RISK_QUESTIONS, ...SHIPPED.en, ...overrides.en, ...(lang === 'en' ? {} : SHIPPED[lang]), ...(lang === 'en' ? {} : overrides[lang]) };
  }

  /**
   * @example
   * new Translator('cy').t('footer.run', { force: 'Heddlu Dyfed-Powys' });
   */
  t(key: string, params: Record<string, string | number> = {}): string {
    const message = this.messages[key];
    if (message === undefined) throw new MissingMessageError(key);
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  has(key: string): boolean {
    return key in this.messages;
  }
}

/** Picks the page language from Accept-Language on a first visit (Welsh speakers get Welsh). */
export function languageFromHeader(header: string | undefined): Language {
  const preferred = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((param) => param.trim().startsWith('q='));
      return { tag: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return preferred.map((entry) => entry.tag).find(isLanguage) ?? 'en';
}
