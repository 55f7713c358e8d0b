/**
 * The right-to-left stylesheets and the script fonts are built from the npm
 * packages, never hand-edited: GOV.UK Frontend mirrored by rtlcss, Exit this
 * page on the left of a right-to-left page, and fonts served from our own
 * assets, each limited to its script.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWebAssets, FONT_STACK } from '../../../web/build';
import { pageContext } from '../../../web/page-context';
import { confirmationPage, statusPage } from '../../../web/pages';
import { NATIONAL_DIRECTORY, parseSiteConfig } from '../../../web/site';
import { formPost } from '../../../web/app';

const site = parseSiteConfig({ forceName: 'Exampleshire Police', directory: NATIONAL_DIRECTORY, languages: ['en', 'ar', 'ur', 'fa', 'pl'] });

describe('built assets', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await buildWebAssets(mkdtempSync(join(tmpdir(), 'sp-assets-')));
  }, 60_000);

  it('mirrors GOV.UK Frontend for right-to-left pages, Exit this page included', () => {
    const ltr = readFileSync(join(dir, 'govuk-frontend.min.css'), 'utf8');
    const rtl = readFileSync(join(dir, 'govuk-frontend.rtl.min.css'), 'utf8');
    expect(ltr).toMatch(/\.govuk-exit-this-page\{display:inline-block;right:0;left:auto;width:auto;float:right\}/);
    expect(rtl).toMatch(/\.govuk-exit-this-page\{display:inline-block;left:0;right:auto;width:auto;float:left\}/);
    // The error border of a form group sits on the start side: the right, in Arabic.
    expect(rtl).toContain('.govuk-form-group--error{padding-right:15px;border-right:5px solid;border-right-color:');
    expect(readFileSync(join(dir, 'site.rtl.css'), 'utf8')).not.toBe('');
  });

  it('serves fonts for Arabic script, Bengali and Gurmukhi from its own assets, each only for its script', () => {
    const css = readFileSync(join(dir, 'fonts.css'), 'utf8');
    expect(css).not.toMatch(/https?:/);
    const faces = css.match(/@font-face\{[^}]*\}/g) ?? [];
    expect(faces).toHaveLength(6);
    for (const face of faces) expect(face).toMatch(/unicode-range:U\+/);
    expect(css).toMatch(/Noto Naskh Arabic[^}]*U\+0600-06FF/);
    expect(css).toMatch(/Noto Sans Bengali[^}]*U\+0980-09FE/);
    expect(css).toMatch(/Noto Sans Gurmukhi[^}]*U\+0A01-0A76/);
    expect(readdirSync(join(dir, 'fonts')).sort()).toEqual(css.match(/fonts\/[^)]+\.woff2/g)?.map((url) => url.slice('fonts/'.length)).sort());
    expect(readFileSync(join(dir, 'govuk-frontend.min.css'), 'utf8')).toContain(`font-family:${FONT_STACK}`);
    expect(readFileSync(join(dir, 'govuk-frontend.min.css'), 'utf8')).not.toContain('GDS Transport');
  });
});

describe('right-to-left pages', () => {
  it('set lang and dir and link the mirrored stylesheets', async () => {
    const { page } = await formPost(site, { 'journey.lang': 'ar', 'journey.step': 'danger', action: 'resume' });
    expect(page).toContain('<html lang="ar" dir="rtl"');
    expect(page).toContain('href="/assets/govuk-frontend.rtl.min.css"');
    expect(page).toContain('href="/assets/site.rtl.css"');
    const polish = (await formPost(site, { 'journey.lang': 'pl', 'journey.step': 'danger', action: 'resume' })).page;
    expect(polish).toContain('<html lang="pl" dir="ltr"');
    expect(polish).toContain('href="/assets/govuk-frontend.min.css"');
  });

  it('keep the receipt code, phone numbers and number inputs left to right', async () => {
    const context = await pageContext({ lang: 'ur', site, state: { 'journey.lang': ['ur'] } });
    const confirmation = confirmationPage(context, { receipt: '3145 1022 8895 2004', urgent: true });
    expect(confirmation).toContain('<strong class="sp-receipt" id="receipt" dir="ltr">3145 1022 8895 2004</strong>');
    expect(confirmation).toContain('<bdi dir="ltr">0808 2000 247</bdi>');
    const status = statusPage(context);
    expect(status).toMatch(/<input class="govuk-input[^"]*" id="receipt" name="receipt"[^>]* inputmode="numeric" dir="ltr"/);
    // The example code in the hint is isolated left to right inside the Urdu sentence.
    expect(status).toContain('\u20660387 1123 5582 9021\u2069');
    const contact = (await formPost(site, { 'journey.lang': 'fa', 'journey.step': 'contact', 'journey.danger': 'no', action: 'resume' })).page;
    expect(contact).toMatch(/id="safeContact-phone" name="safeContact.phone" type="tel"[^>]* dir="ltr"/);
    const what = (await formPost(site, { 'journey.lang': 'ar', 'journey.step': 'what', 'journey.danger': 'no', action: 'resume' })).page;
    expect(what).toMatch(/id="incident-postcode" name="incident.postcode"[^>]* dir="ltr"/);
  });
});
