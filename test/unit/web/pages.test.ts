/**
 * Pages and languages: escaping, Welsh coverage, our own risk wording, and
 * what every page carries (Exit this page, lang, no autocomplete).
 */
import { describe, expect, it } from 'vitest';
import { DASH_INDICATORS } from '../../../schemas/risk-indicators';
import { formPost, startPage } from '../../../web/app';
import { html } from '../../../web/html';
import { languageFromHeader, loadLanguage, Translator } from '../../../web/i18n';
import en from '../../../web/locales/en.json' with { type: 'json' };
import { NATIONAL_DIRECTORY, parseSiteConfig, siteFromEnv, SiteConfigError } from '../../../web/site';

const site = parseSiteConfig({ forceName: 'Exampleshire Police', directory: NATIONAL_DIRECTORY });

describe('locales', () => {
  it('has a Welsh message for every English one, and a Welsh wording for every risk indicator', async () => {
    const cy = await loadLanguage('cy');
    expect(Object.keys(en).filter((key) => !(key in cy))).toEqual([]);
    expect(DASH_INDICATORS.filter((indicator) => !(`risk.${indicator.code}` in cy)).map((indicator) => indicator.code)).toEqual([]);
  });

  it('asks the risk questions in our own paraphrase unless a force overrides them', () => {
    expect(new Translator('en').t('risk.strangulation')).toBe(DASH_INDICATORS.find((indicator) => indicator.code === 'strangulation')?.question);
    expect(new Translator('en', { en: { 'risk.strangulation': 'Licensed wording' } }).t('risk.strangulation')).toBe('Licensed wording');
  });

  it('picks the first language from Accept-Language that the force offers', () => {
    expect(languageFromHeader('cy-GB,cy;q=0.9,en;q=0.8')).toBe('cy');
    expect(languageFromHeader('pl,en;q=0.5')).toBe('pl');
    expect(languageFromHeader('pl,en;q=0.5', ['en', 'cy'])).toBe('en');
    expect(languageFromHeader('fr-FR,pa-Guru-IN;q=0.8,en;q=0.1')).toBe('pa');
    expect(languageFromHeader('en;q=0.2,ar-SA;q=0.9')).toBe('ar');
    expect(languageFromHeader(undefined)).toBe('en');
  });
});

describe('pages', () => {
  it('escapes every answer it puts back on the page', async () => {
    expect(html`<p>${'<script>alert(1)</script>"'}</p>`.value).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;&quot;</p>');
    const { page } = await formPost(site, { 'journey.step': 'what', 'incident.account': '"><script>x()</script>', action: 'continue' });
    expect(page).not.toContain('<script>x()');
    expect(page).toContain('&quot;&gt;&lt;script&gt;x()&lt;/script&gt;');
  });

  it('starts with "are you in danger now?", 999, the Silent Solution and Ask for ANI, with Exit this page', async () => {
    const page = await startPage(site, 'en');
    expect(page).toContain('<html lang="en"');
    expect(page).toContain('Are you in danger now?');
    expect(page).toMatch(/press 55/);
    expect(page).toContain('ANI');
    expect(page).toMatch(/class="govuk-exit-this-page" data-module="govuk-exit-this-page"/);
    expect(page).toContain('href="https://www.bbc.co.uk/weather"');
    expect(page).toContain('rel="nofollow noreferrer"');
    expect(page).toMatch(/name="journey.key" value="[0-9a-f-]{36}"/);
  });

  it('renders the confirmation again in Welsh when its language switch is pressed', async () => {
    const { status, page } = await formPost(site, { 'journey.step': 'confirmation', 'journey.lang': 'en', 'journey.receipt': '3145 1022 8895 2004', 'journey.urgent': 'no', action: 'language:cy' });
    expect(status).toBe(200);
    expect(page).toContain('<html lang="cy"');
    expect(page).toContain('<strong class="sp-receipt" id="receipt" dir="ltr">3145 1022 8895 2004</strong>');
    // Its own language switch carries the receipt on, and nothing of the report.
    expect(page).toContain('<input type="hidden" name="journey.receipt" value="3145 1022 8895 2004">');
    expect(page).not.toContain('name="incident.');
  });

  it('renders Welsh pages with lang="cy" and every input with autocomplete off', async () => {
    const { status, page } = await formPost(site, { 'journey.step': 'danger', 'journey.lang': 'cy', 'journey.danger': 'no', action: 'continue' });
    expect(status).toBe(200);
    expect(page).toContain('<html lang="cy"');
    expect(page).toContain('Pwy sy&#39;n gwneud yr adroddiad hwn?');
    const visible = page.match(/<(input|textarea)(?![^>]*type="hidden")[^>]*>/g) ?? [];
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.filter((tag) => !tag.includes('autocomplete="off"') && !/type="(radio|checkbox)"/.test(tag))).toEqual([]);
  });

  it('answers 400 with the GOV.UK error summary when a step has problems', async () => {
    const { status, page } = await formPost(site, { 'journey.step': 'danger', action: 'continue' });
    expect(status).toBe(400);
    expect(page).toContain('<title>Error: Are you in danger now?');
    expect(page).toContain('<a href="#journey-danger">Select whether you are in danger now</a>');
    expect(page).toContain('id="journey-danger-error"');
  });
});

describe('site config', () => {
  it('lets a force override any message in any language, refusing bad ICU or different arguments by field', async () => {
    const base = { forceName: 'Exampleshire Police', directory: NATIONAL_DIRECTORY, languages: ['en', 'ar'] };
    const ok = parseSiteConfig({ ...base, locales: { ar: { 'footer.run': 'تدير هذه الخدمة {force}.' } } });
    await loadLanguage('ar');
    expect(new Translator('ar', ok.locales).t('footer.run', { force: 'X' })).toBe('تدير هذه الخدمة X.');
    const bad = (locales: unknown) => {
      try {
        parseSiteConfig({ ...base, locales });
        return [];
      } catch (error) {
        return (error as SiteConfigError).fields;
      }
    };
    expect(bad({ pl: { 'footer.run': 'Prowadzi {force' } })).toEqual(['locales.pl.footer.run']);
    expect(bad({ ar: { 'footer.run': 'تديرها {police}' } })).toEqual(['locales.ar.footer.run']);
    expect(bad({})).toEqual([]);
  });

  it('offers only languages with a shipped locale, English first', async () => {
    const base = { forceName: 'Exampleshire Police', directory: NATIONAL_DIRECTORY };
    expect(parseSiteConfig(base).languages).toEqual(['en', 'cy']);
    expect(() => parseSiteConfig({ ...base, languages: ['ar', 'en'] })).toThrow(SiteConfigError);
    expect(() => parseSiteConfig({ ...base, languages: ['en', 'zh'] })).toThrow(SiteConfigError);
    // A language the force does not offer is never shown, whatever the browser posts.
    const { page } = await formPost(parseSiteConfig(base), { 'journey.lang': 'ar', action: 'resume' });
    expect(page).toContain('<html lang="en" dir="ltr"');
  });

  it('names the fields at fault, never the values', () => {
    expect(() => siteFromEnv({ WEB_SITE_CONFIG: JSON.stringify({ forceName: 'X', directory: [], exitUrl: 'http://secret.example' }) })).toThrow(SiteConfigError);
    try {
      siteFromEnv({ WEB_SITE_CONFIG: JSON.stringify({ forceName: 'Valid name', directory: [], exitUrl: 'http://secret.example' }) });
    } catch (error) {
      expect((error as Error).message).toContain('exitUrl');
      expect((error as Error).message).not.toContain('secret.example');
    }
  });
});
