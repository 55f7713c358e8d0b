import { describe, expect, it } from 'vitest';
import { planReferrals, postcodeArea } from '../../../../functions/domain/referrals/match';
import type { Charity } from '../../../../functions/domain/referrals/directory';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { fullSubmission } from '../../../support/reports';

const charity = (id: string, overrides: Partial<Charity> = {}): Charity => ({
  id,
  name: id,
  recipientTypes: ['idva'],
  servicesOffered: ['advocacy'],
  areasServed: ['S'],
  languages: ['en'],
  webhookUrl: 'https://example.org/hook',
  byAndFor: false,
  ...overrides,
});

const report = (consent: Record<string, boolean>, support: Record<string, unknown> = {}) =>
  ReportSubmissionSchema.parse({ ...fullSubmission(), consent, support: { language: 'pl', interpreterNeeded: false, ...support } });

describe('planning referrals', () => {
  it('reads the postcode area', () => {
    expect(postcodeArea('S1 2HE')).toBe('S');
    expect(postcodeArea('dn4 5pl')).toBe('DN');
    expect(postcodeArea(undefined)).toBeUndefined();
  });

  it('refers only to recipient types the victim consented to', () => {
    const charities = [charity('idva-pl', { languages: ['pl'] }), charity('vcu', { recipientTypes: ['victim-care-unit'], languages: ['pl'] })];
    expect(planReferrals(charities, report({ idva: true }))).toEqual([{ charityId: 'idva-pl', recipientType: 'idva' }]);
    expect(planReferrals(charities, report({}))).toEqual([]);
  });

  it('filters by area and language, and prefers a charity that speaks the language', () => {
    const charities = [charity('english-only'), charity('elsewhere', { areasServed: ['DN'], languages: ['pl'] }), charity('polish', { languages: ['en', 'pl-PL'] })];
    expect(planReferrals(charities, report({ idva: true }))).toEqual([{ charityId: 'polish', recipientType: 'idva' }]);
    expect(planReferrals([charity('english-only')], report({ idva: true }))).toEqual([]);
    // With an interpreter asked for, a charity that does not speak the language may still take the referral.
    expect(planReferrals([charity('english-only')], report({ idva: true }, { interpreterNeeded: true }))).toEqual([{ charityId: 'english-only', recipientType: 'idva' }]);
  });

  it('makes one referral per consented type, never two to one charity', () => {
    const both = charity('both', { recipientTypes: ['idva', 'local-da-service'], languages: ['pl'] });
    expect(planReferrals([both], report({ idva: true, localDaService: true }))).toEqual([{ charityId: 'both', recipientType: 'idva' }]);
  });
});
