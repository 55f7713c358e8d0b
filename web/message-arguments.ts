/**
 * What an ICU message asks of the code: its arguments and how each is used
 * (plain, number, plural, select), and the plural categories it gives. The
 * locale tests compare every translation with English through this, and a
 * force's message overrides are checked with it when the site config loads,
 * so a translation can never ask for an argument the page does not pass.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { shippedMessages, type Language } from './i18n';

/** The parser's element kinds (stable in @formatjs/icu-messageformat-parser's TYPE enum). */
const KIND: Record<number, string> = { 1: 'argument', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural', 8: 'tag' };

interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
  pluralType?: 'cardinal' | 'ordinal';
}

export interface MessageShape {
  /** `name:kind`, sorted, e.g. `["count:number", "total:plural"]`. */
  arguments: string[];
  /** Every plural in the message, with the categories its options give. */
  plurals: { argument: string; categories: string[] }[];
}

function walk(elements: readonly Element[], shape: { args: Set<string>; plurals: MessageShape['plurals'] }): void {
  for (const element of elements) {
    const kind = KIND[element.type];
    if (kind && kind !== 'tag' && element.value !== undefined) shape.args.add(`${element.value}:${kind}`);
    if (kind === 'plural' && element.options) shape.plurals.push({ argument: element.value ?? '', categories: Object.keys(element.options).filter((option) => !option.startsWith('=')) });
    for (const option of Object.values(element.options ?? {})) walk(option.value, shape);
    if (element.children) walk(element.children, shape);
  }
}

/**
 * Parses a message (throws on ICU syntax errors).
 *
 * @example
 * messageShape('{count, number} of {total, plural, one {# question} other {# questions}}', 'en');
 * // { arguments: ['count:number', 'total:plural'], plurals: [{ argument: 'total', categories: ['one', 'other'] }] }
 */
export function messageShape(message: string, lang: Language): MessageShape {
  const ast = new IntlMessageFormat(message, lang, undefined, { ignoreTag: true }).getAst() as unknown as Element[];
  const shape = { args: new Set<string>(), plurals: [] as MessageShape['plurals'] };
  walk(ast, shape);
  return { arguments: [...shape.args].sort(), plurals: shape.plurals };
}

/** The CLDR plural categories of a language, as `Intl.PluralRules` knows them. */
export function pluralCategories(lang: Language): string[] {
  return [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
}

/**
 * Why a translation of `key` cannot stand in for English, or undefined when it can:
 * bad ICU syntax, different arguments, or a plural missing one of the language's categories.
 *
 * @example
 * translationProblem('check.riskAnswered', '{count} z {total}', 'pl');   // 'arguments differ from English: …'
 */
export function translationProblem(key: string, message: string, lang: Language): string | undefined {
  const english = shippedMessages('en')[key];
  let shape: MessageShape;
  try {
    shape = messageShape(message, lang);
  } catch {
    return 'is not valid ICU MessageFormat';
  }
  if (english !== undefined) {
    const expected = messageShape(english, 'en').arguments.join(', ');
    if (shape.arguments.join(', ') !== expected) return `arguments differ from English: has [${shape.arguments.join(', ')}], English has [${expected}]`;
  }
  const needed = pluralCategories(lang);
  for (const plural of shape.plurals) {
    const missing = needed.filter((category) => !plural.categories.includes(category));
    if (missing.length) return `plural {${plural.argument}} lacks the ${lang} categories ${missing.join(', ')}`;
  }
  return undefined;
}

/** A force's override: any language may fill in a message, as long as it is one the pages could use. */
export function overrideProblem(key: string, message: string): string | undefined {
  try {
    messageShape(message, 'en');
  } catch {
    return 'is not valid ICU MessageFormat';
  }
  const english = shippedMessages('en')[key];
  if (english === undefined) return undefined;
  const expected = messageShape(english, 'en').arguments.join(', ');
  const actual = messageShape(message, 'en').arguments.join(', ');
  return actual === expected ? undefined : `arguments differ from English: has [${actual}], English has [${expected}]`;
}
