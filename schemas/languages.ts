/**
 * The one table of languages. Everything that needs to know a language reads
 * it from here: which locales ship (web/locales/<code>.json), the language
 * page (each language in its own script), `<html lang dir>`, Accept-Language
 * matching, and the "which language do you want us to use?" choices stored
 * as `support.language`. Plural notes are the CLDR categories a translator
 * must give in every `{n, plural, …}` message (a unit test checks them
 * against `Intl.PluralRules`).
 */

export type Direction = 'ltr' | 'rtl';

export interface LanguageEntry {
  /** BCP 47 tag, as stored in `support.language` and used as `<html lang>`. */
  code: string;
  /** The language's name in its own script. */
  endonym: string;
  /** The English name, shown after the endonym in the support-language choices. */
  english: string;
  dir: Direction;
  /** True when the form itself ships in this language (a complete locale file). */
  locale: boolean;
  /** The CLDR plural categories, with a reminder of which numbers fall where. */
  plural?: string;
}

/** Form languages first (census order after English and Welsh), then languages we can arrange contact in. */
export const LANGUAGE_TABLE = [
  { code: 'en', endonym: 'English', english: 'English', dir: 'ltr', locale: true, plural: 'one (1), other' },
  { code: 'cy', endonym: 'Cymraeg', english: 'Welsh', dir: 'ltr', locale: true, plural: 'zero (0), one (1), two (2), few (3), many (6), other' },
  { code: 'pl', endonym: 'Polski', english: 'Polish', dir: 'ltr', locale: true, plural: 'one (1), few (2–4, 22–24, …), many (0, 5–21, 25–31, …), other (fractions)' },
  { code: 'ro', endonym: 'Română', english: 'Romanian', dir: 'ltr', locale: true, plural: 'one (1), few (0, 2–19, 101–119, …), other (20–100, … takes "de")' },
  { code: 'pa', endonym: 'ਪੰਜਾਬੀ', english: 'Panjabi (Gurmukhi)', dir: 'ltr', locale: true, plural: 'one (0, 1), other' },
  { code: 'ur', endonym: 'اردو', english: 'Urdu', dir: 'rtl', locale: true, plural: 'one (1), other' },
  { code: 'pt', endonym: 'Português', english: 'Portuguese', dir: 'ltr', locale: true, plural: 'one (0, 1), many (millions), other' },
  { code: 'es', endonym: 'Español', english: 'Spanish', dir: 'ltr', locale: true, plural: 'one (1), many (millions), other' },
  { code: 'ar', endonym: 'العربية', english: 'Arabic', dir: 'rtl', locale: true, plural: 'zero (0), one (1), two (2), few (3–10), many (11–99), other (100–102, …)' },
  { code: 'bn', endonym: 'বাংলা', english: 'Bengali', dir: 'ltr', locale: true, plural: 'one (0, 1), other' },
  { code: 'fa', endonym: 'فارسی', english: 'Farsi', dir: 'rtl', locale: true, plural: 'one (0, 1), other' },
  { code: 'so', endonym: 'Soomaali', english: 'Somali', dir: 'ltr', locale: true, plural: 'one (1), other' },
  { code: 'zh', endonym: '中文', english: 'Chinese', dir: 'ltr', locale: false },
  { code: 'hi', endonym: 'हिन्दी', english: 'Hindi', dir: 'ltr', locale: false },
  { code: 'ku', endonym: 'Kurdî', english: 'Kurdish', dir: 'ltr', locale: false },
  { code: 'lt', endonym: 'Lietuvių', english: 'Lithuanian', dir: 'ltr', locale: false },
  { code: 'ne', endonym: 'नेपाली', english: 'Nepali', dir: 'ltr', locale: false },
  { code: 'ta', endonym: 'தமிழ்', english: 'Tamil', dir: 'ltr', locale: false },
  { code: 'ti', endonym: 'ትግርኛ', english: 'Tigrinya', dir: 'ltr', locale: false },
  { code: 'tr', endonym: 'Türkçe', english: 'Turkish', dir: 'ltr', locale: false },
  { code: 'uk', endonym: 'Українська', english: 'Ukrainian', dir: 'ltr', locale: false },
  { code: 'vi', endonym: 'Tiếng Việt', english: 'Vietnamese', dir: 'ltr', locale: false },
] as const satisfies readonly LanguageEntry[];

type FormLanguageEntry = Extract<(typeof LANGUAGE_TABLE)[number], { locale: true }>;

/** Languages the form ships in. */
export const LANGUAGES = LANGUAGE_TABLE.filter((entry): entry is FormLanguageEntry => entry.locale).map((entry) => entry.code);
export type Language = FormLanguageEntry['code'];

/**
 * @example
 * languageEntry('ar').dir;   // 'rtl'
 */
export function languageEntry(code: string): LanguageEntry | undefined {
  return (LANGUAGE_TABLE as readonly LanguageEntry[]).find((entry) => entry.code === code);
}

/**
 * @example
 * directionOf('ur');   // 'rtl'
 */
export function directionOf(code: Language): Direction {
  return languageEntry(code)?.dir ?? 'ltr';
}
