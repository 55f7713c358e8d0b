/**
 * The safe-contact plan as the call handler needs it before dialling: for
 * each channel, whether it is allowed at this moment and, if not, every
 * reason. The rules are the API's (functions/domain/contact-policy), stated
 * again here because the console bundles no function code (the reasons' words
 * are one table, schemas/contact.ts); a unit test
 * checks both agree on every plan and moment it generates. The API still
 * decides: an attempt it refuses comes back as a 409 with its reasons.
 */
import { CONTACT_REFUSAL_REASONS, type ContactRefusalReason } from '../../schemas/contact';
import type { ContactChannel, SafeContactPlan } from './types';

/** Every reason the API may give; `contact-paused` comes from the victim's pause, which the API checks on the report, not the plan. */
export type RefusalReason = ContactRefusalReason;

/** The reasons in the words the API uses (one table: schemas/contact.ts). */
export const REFUSAL_TEXT: Readonly<Record<RefusalReason, string>> = CONTACT_REFUSAL_REASONS;

export const CHANNELS: readonly ContactChannel[] = ['phone', 'sms', 'email', 'via-charity'];
const DIGITAL: readonly ContactChannel[] = ['phone', 'sms', 'email'];
const WINDOWS: Record<SafeContactPlan['times'][number], [number, number]> = { morning: [6, 12], afternoon: [12, 17], evening: [17, 21], night: [21, 6] };
const DAYS = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' } as const;

/** Day code and hour of an instant in UK time, where the plan's days and times are. */
export function ukDayAndHour(at: Date): { day: SafeContactPlan['days'][number]; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const weekday = parts.find((part) => part.type === 'weekday')?.value as keyof typeof DAYS;
  return { day: DAYS[weekday], hour: Number(parts.find((part) => part.type === 'hour')?.value) };
}

function inWindow(window: SafeContactPlan['times'][number], hour: number): boolean {
  const [start, end] = WINDOWS[window];
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/**
 * Every reason `channel` (with or without a voicemail) is refused at `at`; empty when allowed.
 *
 * @example
 * refusals(plan, 'phone', false, new Date()) // e.g. ['devices-may-be-monitored']
 */
export function refusals(plan: SafeContactPlan, channel: ContactChannel, leaveVoicemail: boolean, at: Date): RefusalReason[] {
  const chosen = plan.channels as readonly string[];
  if (chosen.includes('none')) return ['no-contact-wanted'];
  const reasons: RefusalReason[] = [];
  if (DIGITAL.includes(channel) && plan.devicesMayBeMonitored !== 'no') reasons.push('devices-may-be-monitored');
  const channelChosen = channel === 'sms' ? chosen.includes('sms') || (chosen.includes('phone') && plan.smsOk) : chosen.includes(channel);
  if (!channelChosen) reasons.push('channel-not-allowed');
  if (leaveVoicemail && (channel !== 'phone' || !plan.voicemailOk)) reasons.push('voicemail-not-allowed');
  const { day, hour } = ukDayAndHour(at);
  if (plan.days.length > 0 && !plan.days.includes(day)) reasons.push('day-not-allowed');
  if (plan.times.length > 0 && !plan.times.some((window) => inWindow(window, hour))) reasons.push('time-not-allowed');
  return reasons;
}

export interface ChannelNow {
  channel: ContactChannel;
  allowed: boolean;
  reasons: RefusalReason[];
}

/** Each channel now: allowed, or refused with its reasons. */
export function channelsNow(plan: SafeContactPlan, at: Date): ChannelNow[] {
  return CHANNELS.map((channel) => {
    const reasons = refusals(plan, channel, false, at);
    return { channel, allowed: reasons.length === 0, reasons };
  });
}
