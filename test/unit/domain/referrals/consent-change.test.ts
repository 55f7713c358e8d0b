import { describe, expect, it } from 'vitest';
import { planConsentReferrals, type ExistingReferral } from '../../../../functions/domain/referrals/consent-change';
import { planReferrals } from '../../../../functions/domain/referrals/match';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { fullSubmission } from '../../../support/reports';
import { charity } from '../../../support/charities';

const charities = [charity('north-idva'), charity('north-da', { recipientTypes: ['local-da-service', 'idva'] }), charity('vcu', { recipientTypes: ['victim-care-unit'] })];

const body = (consent: Record<string, boolean>) =>
  ReportSubmissionSchema.parse({ ...fullSubmission(), consent, support: { language: 'pl', interpreterNeeded: false } });
const referral = (referralId: string, state: ExistingReferral['state'], recipientType: ExistingReferral['target']['recipientType'], charityId = 'north-idva'): ExistingReferral => ({
  referralId,
  state,
  target: { charityId, recipientType },
});

describe('what a victim’s consent change does to referrals', () => {
  it('refers a kind given anew exactly as the intake would have, and only that kind', () => {
    const after = body({ idva: true, localDaService: true });
    const plan = planConsentReferrals(charities, body({ idva: true }), after, ['idva', 'local-da-service'], [], [referral('r1', 'pending', 'idva')]);
    expect(plan).toEqual({ create: [{ charityId: 'north-da', recipientType: 'local-da-service' }], stop: [], alreadyDeliveredTo: [] });
    // What the intake plans for the same answers, for that kind.
    expect(planReferrals(charities, after).filter((planned) => planned.recipientType === 'local-da-service')).toEqual(plan.create);
  });

  it('makes nothing for a kind already given, so giving it twice (or leaving a box ticked) makes one referral', () => {
    const given = body({ idva: true });
    expect(planConsentReferrals(charities, given, given, ['idva'], [], [referral('r1', 'pending', 'idva')]).create).toEqual([]);
    // Even with its referral stopped by a call handler (whose withdrawal leaves the flag): only a new gift refers.
    expect(planConsentReferrals(charities, given, given, ['idva'], [], [referral('r1', 'withdrawn', 'idva')]).create).toEqual([]);
  });

  it('does not refer a kind given anew while a referral of it is pending, parked or delivered', () => {
    for (const state of ['pending', 'dead-letter', 'delivered'] as const) {
      expect([state, planConsentReferrals(charities, body({}), body({ idva: true }), ['idva'], [], [referral('r1', state, 'idva')]).create]).toEqual([state, []]);
    }
  });

  it('refers again after a withdrawal stopped the first referral (give, withdraw, give)', () => {
    const plan = planConsentReferrals(charities, body({}), body({ idva: true }), ['idva'], [], [referral('r1', 'withdrawn', 'idva'), referral('r0', 'cancelled', 'idva')]);
    expect(plan.create).toEqual([{ charityId: 'north-idva', recipientType: 'idva' }]);
  });

  it('stops undelivered referrals of a kind withdrawn and names the charities that already have one', () => {
    const existing = [referral('r1', 'pending', 'idva'), referral('r2', 'dead-letter', 'idva'), referral('r3', 'delivered', 'idva', 'north-da'), referral('r4', 'pending', 'victim-care-unit', 'vcu')];
    const plan = planConsentReferrals(charities, body({ idva: true, victimCareUnit: true }), body({ victimCareUnit: true }), [], ['idva'], existing);
    expect(plan).toEqual({ create: [], stop: ['r1', 'r2'], alreadyDeliveredTo: ['north-da'] });
  });

  it('refers nothing when no charity of the force serves the victim, and nothing for sharing the protected section alone', () => {
    expect(planConsentReferrals([charity('elsewhere', { areasServed: ['DN'] })], body({}), body({ idva: true }), ['idva'], [], []).create).toEqual([]);
    expect(planConsentReferrals(charities, body({ idva: true }), body({ idva: true, shareImmigrationWithSupport: true }), [], [], [referral('r1', 'pending', 'idva')]).create).toEqual([]);
  });
});
