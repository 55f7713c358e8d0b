import { describe, expect, it } from 'vitest';
import { checkContactAttempt, devicesMayBeMonitored, ukDayAndHour, type SafeContactPlan } from '../../../../functions/domain/contact-policy/contact-policy';
import { SafeContactSchema } from '../../../../schemas/report';

const plan = (input: Record<string, unknown>): SafeContactPlan => SafeContactSchema.parse(input) as SafeContactPlan;
const MONDAY_MORNING = new Date('2026-11-23T10:30:00Z');
const at = (iso: string) => new Date(iso);

describe('safe-contact plan', () => {
  it('allows a chosen channel with no day or time limits', () => {
    expect(checkContactAttempt(plan({ channels: ['phone'], phone: '07700 900123', devicesMayBeMonitored: 'no' }), { channel: 'phone', leaveVoicemail: false, at: MONDAY_MORNING })).toEqual({ allowed: true });
  });

  it.each(['yes', 'dont-know'])('refuses every digital channel when devices may be monitored = %s, but not a charity', (monitored) => {
    const chosen = plan({ channels: ['phone', 'sms', 'email', 'via-charity'], phone: '07700 900123', email: 'a@example.org', viaCharityName: 'Refuge', devicesMayBeMonitored: monitored });
    for (const channel of ['phone', 'sms', 'email'] as const) {
      expect(checkContactAttempt(chosen, { channel, leaveVoicemail: false, at: MONDAY_MORNING })).toEqual({ allowed: false, reasons: ['devices-may-be-monitored'] });
    }
    expect(checkContactAttempt(chosen, { channel: 'via-charity', leaveVoicemail: false, at: MONDAY_MORNING })).toEqual({ allowed: true });
    expect(devicesMayBeMonitored(chosen)).toBe(true);
  });

  it('refuses all contact when the victim chose none', () => {
    expect(checkContactAttempt(plan({ channels: ['none'], devicesMayBeMonitored: 'no' }), { channel: 'via-charity', leaveVoicemail: false, at: MONDAY_MORNING })).toEqual({
      allowed: false,
      reasons: ['no-contact-wanted'],
    });
  });

  it('allows SMS only when chosen, or with phone and "SMS is fine"', () => {
    const phoneOnly = { channels: ['phone'], phone: '07700 900123', devicesMayBeMonitored: 'no' };
    const attempt = { channel: 'sms' as const, leaveVoicemail: false, at: MONDAY_MORNING };
    expect(checkContactAttempt(plan(phoneOnly), attempt)).toEqual({ allowed: false, reasons: ['channel-not-allowed'] });
    expect(checkContactAttempt(plan({ ...phoneOnly, smsOk: true }), attempt)).toEqual({ allowed: true });
    expect(checkContactAttempt(plan({ ...phoneOnly, channels: ['sms'] }), attempt)).toEqual({ allowed: true });
  });

  it('allows a voicemail only on the phone and only when the victim said so', () => {
    const base = { channels: ['phone'], phone: '07700 900123', devicesMayBeMonitored: 'no' };
    expect(checkContactAttempt(plan(base), { channel: 'phone', leaveVoicemail: true, at: MONDAY_MORNING })).toEqual({ allowed: false, reasons: ['voicemail-not-allowed'] });
    expect(checkContactAttempt(plan({ ...base, voicemailOk: true }), { channel: 'phone', leaveVoicemail: true, at: MONDAY_MORNING })).toEqual({ allowed: true });
  });

  it('keeps to the named days and times, in UK time across the clock change', () => {
    const tuesdayEvenings = plan({ channels: ['phone'], phone: '07700 900123', days: ['tue'], times: ['evening'], devicesMayBeMonitored: 'no' });
    const attempt = (iso: string) => checkContactAttempt(tuesdayEvenings, { channel: 'phone', leaveVoicemail: false, at: at(iso) });
    expect(attempt('2026-11-24T19:00:00Z')).toEqual({ allowed: true }); // GMT: 19:00
    expect(attempt('2026-06-23T16:30:00Z')).toEqual({ allowed: true }); // BST: 17:30 local
    expect(attempt('2026-06-23T15:30:00Z')).toEqual({ allowed: false, reasons: ['time-not-allowed'] }); // BST: 16:30 local
    expect(attempt('2026-11-23T19:00:00Z')).toEqual({ allowed: false, reasons: ['day-not-allowed'] });
    expect(attempt('2026-11-23T09:00:00Z')).toEqual({ allowed: false, reasons: ['day-not-allowed', 'time-not-allowed'] });
  });

  it('treats night as running past midnight', () => {
    const nights = plan({ channels: ['phone'], phone: '07700 900123', times: ['night'], devicesMayBeMonitored: 'no' });
    const attempt = (iso: string) => checkContactAttempt(nights, { channel: 'phone', leaveVoicemail: false, at: at(iso) });
    expect(attempt('2026-11-23T23:30:00Z').allowed).toBe(true);
    expect(attempt('2026-11-24T02:00:00Z').allowed).toBe(true);
    expect(attempt('2026-11-24T07:00:00Z').allowed).toBe(false);
  });

  it('reads days and hours in UK time', () => {
    expect(ukDayAndHour(at('2026-11-22T23:30:00Z'))).toEqual({ day: 'sun', hour: 23 });
    expect(ukDayAndHour(at('2026-06-21T23:30:00Z'))).toEqual({ day: 'mon', hour: 0 });
  });
});

describe('a pause ("not safe now")', () => {
  const open = { channels: ['phone', 'via-charity'], phone: '07700 900123', viaCharityName: 'Refuge', devicesMayBeMonitored: 'no' } as const;

  it('refuses every channel while in force, naming the pause first', () => {
    const monday = new Date('2026-11-23T10:30:00Z');
    for (const channel of ['phone', 'sms', 'email', 'via-charity'] as const) {
      const decision = checkContactAttempt(plan(open), { channel, leaveVoicemail: false, at: monday }, { pausedUntil: monday.getTime() + 1 });
      expect(decision.allowed).toBe(false);
      expect((decision as { reasons: string[] }).reasons[0]).toBe('contact-paused');
    }
  });

  it('no longer applies once its time has passed', () => {
    const monday = new Date('2026-11-23T10:30:00Z');
    expect(checkContactAttempt(plan(open), { channel: 'phone', leaveVoicemail: false, at: monday }, { pausedUntil: monday.getTime() })).toEqual({ allowed: true });
  });
});
