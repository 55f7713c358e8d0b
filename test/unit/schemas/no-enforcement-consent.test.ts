/**
 * The online channel never asks for consent to share anything with
 * Immigration Enforcement: no such field may exist in the report contract,
 * by name or by data class, and the notice before the immigration questions
 * says so plainly, in English and Welsh.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { classified, classifiedFields } from '../../../schemas/data-class';
import { ReportSubmissionSchema } from '../../../schemas/report';
import { CONSENT_FLAG, FLOW_TABLE } from '../../../functions/domain/policy/flow-table';
import { formPost } from '../../../web/app';
import { NATIONAL_DIRECTORY, parseSiteConfig } from '../../../web/site';
import { loadLanguage, Translator } from '../../../web/i18n';

/** Words that name Immigration Enforcement or the Home Office in a field path, however it is cased or joined. */
const ENFORCEMENT_WORDS = /enforcement|homeoffice|immigrationenforcement|ukvi|visasandimmigration|borderforce|(^|[^a-z])ie([^a-z]|$)|toie|withie|shareie/;

/** The consents the contract may hold: one per kind of support service, and sharing the protected section with them. */
const SUPPORT_CONSENTS = new Set<string>([...Object.values(CONSENT_FLAG).map((flag) => `consent.${flag}`), 'consent.shareImmigrationWithSupport']);

/**
 * Fields of `schema` that could mean consent to share with Immigration
 * Enforcement: any path naming it, and any consent-class field that is not a
 * known support consent.
 *
 * @example
 * enforcementConsentFields(ReportSubmissionSchema); // []
 */
function enforcementConsentFields(schema: z.ZodType): string[] {
  return classifiedFields(schema)
    .filter((field) => {
      const joined = field.path.replace(/[^A-Za-z0-9]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
      const byName = ENFORCEMENT_WORDS.test(joined) || ENFORCEMENT_WORDS.test(joined.replace(/ /g, ''));
      const byClass = field.dataClass === 'consent' && !SUPPORT_CONSENTS.has(field.path);
      return byName || byClass;
    })
    .map((field) => field.path);
}

describe('consent to share with Immigration Enforcement', () => {
  it('does not exist in the report contract, by name or by data class', () => {
    expect(enforcementConsentFields(ReportSubmissionSchema)).toEqual([]);
    // Consent, like every class but suspect and routing, never flows to enforcement.
    expect(FLOW_TABLE.enforcement.consent).toBe('never');
  });

  it.each([
    ['a consent flag named for it', { consent: z.object({ shareWithImmigrationEnforcement: classified('consent', z.boolean()) }) }, 'consent.shareWithImmigrationEnforcement'],
    ['a field naming the Home Office in another class', { victim: z.object({ okToTellHomeOffice: classified('identity', z.boolean()) }) }, 'victim.okToTellHomeOffice'],
    ['an abbreviation', { extra: z.object({ shareIE: classified('support', z.boolean()) }) }, 'extra.shareIE'],
    ['an innocently named consent that is not a support consent', { consent: z.object({ shareWithAuthorities: classified('consent', z.boolean()) }) }, 'consent.shareWithAuthorities'],
  ])('would be caught if it were added: %s', (_case, shape, path) => {
    const extended = ReportSubmissionSchema.extend(shape as Record<string, z.ZodType>);
    expect(enforcementConsentFields(extended)).toContain(path);
  });

  it.each(['en', 'cy'] as const)('is named in the notice before the immigration questions (%s): never asked for, never shared', async (lang) => {
    const site = parseSiteConfig({ forceName: 'Exampleshire Police', directory: NATIONAL_DIRECTORY });
    const other = lang === 'en' ? 'cy' : 'en';
    const { status, page } = await formPost(site, { 'journey.step': 'immigration-notice', 'journey.lang': other, action: `language:${lang}` });
    expect(status).toBe(200);
    await loadLanguage(lang);
    const sentence = new Translator(lang).t('notice.neverAsked');
    expect(page).toContain(sentence.replace(/'/g, '&#39;'));
    const words = lang === 'en' ? ['never asks for your consent', 'never shares', 'Immigration Enforcement'] : ['byth yn gofyn am eich caniatâd', 'byth yn rhannu', 'Gorfodi Mewnfudo'];
    for (const word of words) expect(sentence).toContain(word);
  });
});
