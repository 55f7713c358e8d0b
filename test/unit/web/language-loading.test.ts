/**
 * A process starts with English only and loads every other locale on first
 * use (web/i18n.ts `loadLanguage`): a page in another language waits for its
 * locale through `pageContext`, and nothing renders in a language that was
 * never loaded. Each test file runs in a fresh module graph, so nothing but
 * English is loaded when this one starts.
 */
import { describe, expect, it } from 'vitest';
import { formPost } from '../../../web/app';
import { LanguageNotLoadedError, loadLanguage, shippedMessages, Translator } from '../../../web/i18n';
import { pageContext } from '../../../web/page-context';
import { NATIONAL_DIRECTORY, parseSiteConfig } from '../../../web/site';

const site = parseSiteConfig({ forceName: 'Exampleshire Police', directory: NATIONAL_DIRECTORY, languages: ['en', 'cy', 'pl', 'ar', 'so'] });

describe('language loading', () => {
  it('has English from the start and refuses, by name, a language not yet loaded', () => {
    expect(new Translator('en').t('common.continue')).toBe('Continue');
    expect(() => new Translator('pl')).toThrow(LanguageNotLoadedError);
    expect(() => shippedMessages('ar')).toThrow(/the ar locale is not loaded/);
  });

  it('renders a page in a language that was not loaded, by loading it first', async () => {
    const { status, page } = await formPost(site, { 'journey.lang': 'pl', 'journey.step': 'danger', action: 'resume' });
    expect(status).toBe(200);
    expect(page).toContain('<html lang="pl" dir="ltr"');
    expect(page).toContain('Czy jesteś teraz w niebezpieczeństwie?');
    expect(new Translator('pl').t('common.continue')).toBe('Dalej');
  });

  it('builds a page context in any offered language without a separate load', async () => {
    const context = await pageContext({ lang: 'ar', site, state: {} });
    expect(context.t.dir).toBe('rtl');
    expect(context.t.t('common.continue')).toBe(shippedMessages('ar')['common.continue']);
    expect(context.t.t('common.continue')).not.toBe('Continue');
  });

  it('imports a language once when two requests race for it', async () => {
    const [first, second] = await Promise.all([loadLanguage('so'), loadLanguage('so')]);
    expect(first).toBe(second);
    expect(await loadLanguage('so')).toBe(first);
    expect(first['@meta'].review).toMatch(/^draft — /);
  });
});
