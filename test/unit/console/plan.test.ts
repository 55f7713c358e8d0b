/**
 * The console states the safe-contact rules again (it bundles no function
 * code) to show what is allowed now. These tests hold it to the API's own
 * decision (functions/domain/contact-policy) on every generated plan, channel
 * and moment, so the two cannot drift apart unnoticed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkContactAttempt, CONTACT_CHANNELS, CONTACT_REFUSAL_REASONS } from '../../../functions/domain/contact-policy/contact-policy';
import { channelsNow, refusals, REFUSAL_TEXT } from '../../../console/src/plan';
import type { SafeContactPlan } from '../../../console/src/types';

const plan: fc.Arbitrary<SafeContactPlan> = fc.record({
  channels: fc.oneof(fc.constant(['none'] as SafeContactPlan['channels']), fc.subarray(['phone', 'sms', 'email', 'via-charity'] as const, { minLength: 1 })),
  days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const),
  times: fc.subarray(['morning', 'afternoon', 'evening', 'night'] as const),
  voicemailOk: fc.boolean(),
  smsOk: fc.boolean(),
  ifSomeoneElseAnswers: fc.constantFrom('hang-up', 'say-wrong-number', 'ask-for-name-to-use'),
  devicesMayBeMonitored: fc.constantFrom('yes', 'no', 'dont-know'),
}) as fc.Arbitrary<SafeContactPlan>;

const moment = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T23:59:59Z'), noInvalidDate: true });

describe('console safe-contact view', () => {
  it('refuses exactly what the API refuses, with the same reasons, for any plan, channel, voicemail and moment', () => {
    fc.assert(
      fc.property(plan, fc.constantFrom(...CONTACT_CHANNELS), fc.boolean(), moment, (generated, channel, leaveVoicemail, at) => {
        const api = checkContactAttempt(generated, { channel, leaveVoicemail, at });
        expect(refusals(generated, channel, leaveVoicemail, at)).toEqual(api.allowed ? [] : api.reasons);
      }),
      { numRuns: 2000 },
    );
  });

  it('words every refusal reason as the API does', () => {
    expect(REFUSAL_TEXT).toEqual(CONTACT_REFUSAL_REASONS);
  });

  it('shows no channel as allowed when the victim asked for no contact', () => {
    const none = { channels: ['none'], days: [], times: [], voicemailOk: false, smsOk: false, ifSomeoneElseAnswers: 'hang-up', devicesMayBeMonitored: 'no' } as SafeContactPlan;
    expect(channelsNow(none, new Date()).every((channel) => !channel.allowed && channel.reasons.includes('no-contact-wanted'))).toBe(true);
  });
});
