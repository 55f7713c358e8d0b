/**
 * Only complete locales can be offered: every shipped language has every
 * message English has and no other, each message asks for exactly English's
 * ICU arguments, every plural gives the language's own CLDR categories, and
 * every key is one some page actually asks for (found by rendering every
 * page and state of the journey). Each locale file says how it was made.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formPost } from '../../../web/app';
import { loadAllLanguages, META_KEY, shippedMessages, Translator } from '../../../web/i18n';
import { LANGUAGE_TABLE, LANGUAGES, type Language } from '../../../schemas/languages';
import { pluralCategories, translationProblem } from '../../../web/message-arguments';
import { pageContext } from '../../../web/page-context';
import { crossSitePage, problemPage, statusPage } from '../../../web/pages';
import { CONSENT_KINDS, type ConsentKind } from '../../../schemas/channel';
import { changeDonePage, changeRefusedPage, newReceiptPage, receiptEntryPage, threadPage } from '../../../web/channel-pages';
import { NATIONAL_DIRECTORY, parseSiteConfig } from '../../../web/site';
import { INDICATOR_CODES } from '../../../schemas/risk-indicators';
import { REPORT_STATUSES } from '../../../schemas/responses';

const site = parseSiteConfig({
  forceName: 'Exampleshire Police',
  directory: [...NATIONAL_DIRECTORY, { name: 'Relay service', description: 'A service with a textphone.', textphone: '18001 0808 2000 247' }],
  languages: [...LANGUAGES],
});

// Every language at once: these checks read and render all of them.
const LOCALE_FILES = await loadAllLanguages();
const english = shippedMessages('en');
const englishKeys = Object.keys(english).sort();

function localeKeys(lang: Language): string[] {
  return Object.keys(LOCALE_FILES[lang]).filter((key) => key !== META_KEY);
}

const RECEIPT = '3145 1022 8895 2004';
const NO_CONSENTS = Object.fromEntries(CONSENT_KINDS.map((kind) => [kind, false])) as Record<ConsentKind, boolean>;

/** Every page, in every state that shows different messages. */
async function renderEveryPage(lang: Language): Promise<string[]> {
  const post = async (body: Record<string, unknown>) => (await formPost(site, { 'journey.lang': lang, 'journey.key': '6f1c1d2e-1111-4a4a-9b9b-000000000001', ...body })).page;
  const everyRisk = Object.fromEntries(INDICATOR_CODES.map((code) => [`risk.answers.${code}`, 'yes']));
  const answered = {
    'journey.danger': 'yes',
    'reporter.type': 'third-party',
    'reporter.thirdParty.name': 'Ana',
    'incident.kind': 'domestic-abuse',
    'incident.account': 'Он кричит. يصرخ. চিৎকার করে।',
    'incident.ongoing': 'yes',
    'incident.postcode': 'S1 2HE',
    'suspect.relationship': 'partner',
    ...everyRisk,
    'safeContact.devicesMayBeMonitored': 'no',
    'safeContact.channels': ['phone', 'email', 'via-charity'],
    'safeContact.phone': '07700 900 982',
    'safeContact.email': 'ana@example.com',
    'safeContact.viaCharityName': 'Refuge',
    'safeContact.days': ['mon'],
    'safeContact.times': ['morning'],
    'support.language': 'ar',
    'support.interpreterNeeded': 'yes',
    'support.accessibility': ['bsl'],
    consent: ['idva'],
  };
  const context = await pageContext({ lang, site, state: { 'journey.lang': [lang] } });
  const posts = await Promise.all([
    post({}),
    post({ 'journey.step': 'danger', action: 'continue' }),
    post({ 'journey.step': 'danger', 'journey.danger': 'yes', action: 'continue' }),
    post({ 'journey.step': 'who', 'journey.danger': 'no', action: 'continue' }),
    post({ 'journey.step': 'who', 'journey.danger': 'no', 'reporter.type': 'third-party', 'reporter.thirdParty.phone': 'x', 'reporter.thirdParty.email': 'x', action: 'continue' }),
    post({ 'journey.step': 'what', 'journey.danger': 'no', 'incident.postcode': 'zz', 'incident.occurredWhen': 'x'.repeat(201), action: 'continue' }),
    post({ 'journey.step': 'risk', 'journey.danger': 'no', action: 'change:risk' }),
    post({ 'journey.step': 'contact', 'journey.danger': 'no', action: 'continue' }),
    post({ 'journey.step': 'contact', 'journey.danger': 'no', 'safeContact.devicesMayBeMonitored': 'no', 'safeContact.channels': ['none', 'phone'], action: 'continue' }),
    post({ 'journey.step': 'contact', 'journey.danger': 'no', 'safeContact.devicesMayBeMonitored': 'yes', 'safeContact.channels': 'phone', action: 'continue' }),
    post({ 'journey.step': 'contact', 'journey.danger': 'no', 'safeContact.devicesMayBeMonitored': 'no', 'safeContact.channels': ['phone', 'email', 'via-charity'], action: 'continue' }),
    post({ 'journey.step': 'support', 'journey.danger': 'no', action: 'change:support' }),
    post({ 'journey.step': 'immigration-notice', 'journey.danger': 'no', action: 'continue' }),
    post({ 'journey.step': 'immigration', 'journey.danger': 'no', 'journey.immigration': 'yes', action: 'change:immigration' }),
    post({ ...answered, 'journey.step': 'check', 'journey.immigration': 'no', action: 'change:check' }),
    post({ ...answered, 'journey.step': 'check', 'journey.immigration': 'yes', 'immigration.status': 'refugee', 'consent.shareImmigrationWithSupport': 'yes', action: 'change:check' }),
    post({ 'journey.step': 'confirmation', 'journey.receipt': '3145 1022 8895 2004', 'journey.urgent': 'yes', action: `language:${lang}` }),
    post({ 'journey.step': 'who', action: 'safety' }),
    post({ 'journey.step': 'who', action: 'status' }),
    post({ 'journey.step': 'who', action: 'languages' }),
  ]);
  return [
    ...posts,
    ...(['not-found', 'throttled', 'invalid', 'unavailable'] as const).map((kind) => statusPage(context, { kind })),
    ...REPORT_STATUSES.map((status) => statusPage(context, { kind: 'found', status })),
    problemPage(context),
    problemPage(context, { maybeStored: true }),
    crossSitePage(context),
    // The receipt channel's pages ("Check on or update your report").
    receiptEntryPage(context),
    ...(['not-found', 'throttled', 'invalid', 'unavailable'] as const).map((error) => receiptEntryPage(context, error)),
    threadPage(context, RECEIPT, { status: 'in-review', pausedUntil: null, staffLastReadAt: null, consents: NO_CONSENTS, messages: [] }),
    threadPage(context, RECEIPT, {
      status: 'contact-attempted',
      pausedUntil: '2026-12-03T18:00:00.000Z',
      staffLastReadAt: '2026-12-01T09:30:00.000Z',
      consents: { ...NO_CONSENTS, idva: true },
      messages: [
        { messageId: 'm1', from: 'force', at: '2026-12-01T09:00:00.000Z', text: 'Reply when it is safe.' },
        { messageId: 'm2', from: 'you', at: '2026-12-01T10:00:00.000Z', text: 'Evenings.' },
      ],
    }),
    ...(['reply', 'paused', 'lifted', 'plan', 'consents'] as const).map((done) => changeDonePage(context, RECEIPT, context.t.t(`channel.done.${done}`))),
    newReceiptPage(context, RECEIPT),
    changeRefusedPage(context, RECEIPT),
  ];
}

describe('locales', () => {
  it('every shipped language has every English message, and no message English lacks', () => {
    const missing: Record<string, string[]> = {};
    const extra: Record<string, string[]> = {};
    for (const lang of LANGUAGES) {
      const keys = new Set(lang === 'en' ? englishKeys : localeKeys(lang));
      const lacking = englishKeys.filter((key) => !keys.has(key));
      const unknown = [...keys].filter((key) => !(key in english));
      if (lacking.length) missing[lang] = lacking;
      if (unknown.length) extra[lang] = unknown;
    }
    // Lists, per locale, the keys still to translate (e.g. new English keys from another branch).
    const report = Object.entries(missing)
      .map(([lang, keys]) => `${lang} is missing ${keys.length}: ${keys.join(', ')}`)
      .join('\n');
    expect(missing, `locales missing messages:\n${report}`).toEqual({});
    expect(extra, 'locales with messages English does not have').toEqual({});
  });

  it('every message asks for exactly the arguments English does, and each plural gives its language\'s CLDR categories', () => {
    const problems: string[] = [];
    for (const lang of LANGUAGES) {
      for (const [key, message] of Object.entries(shippedMessages(lang))) {
        const problem = translationProblem(key, message, lang);
        if (problem) problems.push(`${lang} ${key}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('knows the plural categories that make Arabic, Polish and Welsh different from English', () => {
    expect(pluralCategories('ar')).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
    expect(pluralCategories('cy')).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
    expect(pluralCategories('pl')).toEqual(['few', 'many', 'one', 'other']);
    expect(new Translator('pl').t('check.riskAnswered', { count: 3, total: 27 })).toBe('Odpowiedzi na 3 z 27 pytań');
    expect(new Translator('pl').t('check.riskAnswered', { count: 1, total: 1 })).toBe('Odpowiedzi na 1 z 1 pytania');
    expect(new Translator('pl').t('common.maxLength', { max: 22 })).toContain('22 znaki');
    expect(new Translator('pl').t('common.maxLength', { max: 25 })).toContain('25 znaków');
    expect(new Translator('ar').t('danger.intro', { minutes: 2 })).toContain('دقيقتين');
    expect(new Translator('cy').t('check.riskAnswered', { count: 1, total: 2 })).toBe('Wedi ateb 1 o 2 gwestiwn');
    expect(new Translator('en').t('check.riskAnswered', { count: 1, total: 1 })).toBe('1 of 1 question answered');
  });

  it('says in every locale file how it was made and how far it has been reviewed', () => {
    for (const lang of LANGUAGES) {
      const meta = LOCALE_FILES[lang][META_KEY];
      expect(meta.source.length, lang).toBeGreaterThan(10);
      expect(meta.review.length, lang).toBeGreaterThan(3);
      if (lang !== 'en') expect(meta.review, `${lang} is a draft until a qualified translator signs it off`).toMatch(/^draft — /);
    }
  });

  it('the README names every draft language', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const drafts = LANGUAGE_TABLE.filter((entry) => entry.locale && LOCALE_FILES[entry.code as Language][META_KEY].review.startsWith('draft'));
    expect(drafts.filter((entry) => !readme.includes(`| ${entry.english} | ${entry.endonym} |`)).map((entry) => entry.code)).toEqual([]);
  });
});

describe('every message is used and every page renders in every language', () => {
  const asked = new Set<string>();
  let spies: { mockRestore(): void }[] = [];
  const pages = new Map<Language, string[]>();

  beforeAll(async () => {
    const t = vi.spyOn(Translator.prototype, 't');
    const has = vi.spyOn(Translator.prototype, 'has');
    spies = [t, has];
    for (const lang of LANGUAGES) pages.set(lang, await renderEveryPage(lang));
    for (const call of [...t.mock.calls, ...has.mock.calls]) asked.add(call[0]);
  });
  afterAll(() => spies.forEach((spy) => spy.mockRestore()));

  it('has no message that no page asks for', () => {
    expect(englishKeys.filter((key) => !asked.has(key))).toEqual([]);
  });

  it('renders every page in its own language and direction', () => {
    for (const lang of LANGUAGES) {
      const dir = LANGUAGE_TABLE.find((entry) => entry.code === lang)?.dir;
      for (const page of pages.get(lang) ?? []) expect(page).toContain(`<html lang="${lang}" dir="${dir}"`);
    }
  });
});
