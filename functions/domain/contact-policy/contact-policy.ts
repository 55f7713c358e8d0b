/**
 * The victim's safe-contact plan, enforced. The survivor sets the terms: a
 * contact attempt is allowed only on a channel, day and time the plan allows.
 * Pure: the caller passes the plan and the moment of the attempt.
 *
 * Rules (domain.md §3, and our own where marked):
 * - `none` among the channels: no contact at all.
 * - Devices that may be monitored: no digital contact (phone, SMS, e-mail).
 *   Our rule: "don't know" counts as "yes" — a wrong guess could tell an abuser
 *   who reads the victim's phone that they went to the police.
 * - SMS only when the victim chose SMS, or chose phone and said SMS is fine.
 * - No voicemail unless the victim said a voicemail is safe.
 * - Days and times: when the plan names any, the attempt must fall in them
 *   (UK time). Our rule: a plan that names none sets no day or time limit —
 *   the victim was asked and chose a channel without one.
 * - "Not safe now": while the victim has paused contact, every
 *   attempt on every channel is refused. Messages they pull with their
 *   receipt are not contact attempts and can still be left.
 */
import type { SafeChannel } from '../../../schemas/report';
import type { ReportBody } from '../../../schemas/report';
import { CONTACT_CHANNELS, type ContactChannel, type ContactRefusalReason } from '../../../schemas/contact';

export type SafeContactPlan = ReportBody['safeContact'];

export { CONTACT_CHANNELS, type ContactChannel };

/** Channels that reach the victim's own devices or accounts. */
export const DIGITAL_CONTACT_CHANNELS: readonly ContactChannel[] = ['phone', 'sms', 'email'];

/** Time windows of the plan, in UK local time: [start hour, end hour). Night wraps past midnight. */
export const TIME_WINDOW_HOURS = {
  morning: [6, 12],
  afternoon: [12, 17],
  evening: [17, 21],
  night: [21, 6],
} as const;

/** The zone the plan's days and times are in. */
export const PLAN_TIME_ZONE = 'Europe/London';

export interface ContactAttempt {
  channel: ContactChannel;
  /** True when a voicemail would be (or was) left. */
  leaveVoicemail: boolean;
  at: Date;
}

export { CONTACT_REFUSAL_REASONS, type ContactRefusalReason } from '../../../schemas/contact';

export type ContactDecision = { allowed: true } | { allowed: false; reasons: ContactRefusalReason[] };

const WEEKDAY_CODES = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' } as const;

/** The plan's day code and hour (0–23) of an instant, in UK local time. */
export function ukDayAndHour(at: Date): { day: SafeContactPlan['days'][number]; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: PLAN_TIME_ZONE, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const weekday = parts.find((part) => part.type === 'weekday')?.value as keyof typeof WEEKDAY_CODES;
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  return { day: WEEKDAY_CODES[weekday], hour };
}

function inWindow(window: keyof typeof TIME_WINDOW_HOURS, hour: number): boolean {
  const [start, end] = TIME_WINDOW_HOURS[window];
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/** True when the plan counts devices as possibly monitored ("don't know" included). */
export function devicesMayBeMonitored(plan: Pick<SafeContactPlan, 'devicesMayBeMonitored'>): boolean {
  return plan.devicesMayBeMonitored !== 'no';
}

function channelChosen(plan: SafeContactPlan, channel: ContactChannel): boolean {
  const chosen = plan.channels as readonly SafeChannel[];
  if (channel === 'sms') return chosen.includes('sms') || (chosen.includes('phone') && plan.smsOk);
  return chosen.includes(channel);
}

/** The victim's pause of all contact, if any: epoch milliseconds until which no attempt may be made. */
export interface ContactPause {
  pausedUntil?: number;
}

/** True while a pause is in force at `at`. */
export function isPaused(pause: ContactPause, at: Date): boolean {
  return pause.pausedUntil !== undefined && pause.pausedUntil > at.getTime();
}

/**
 * Decides whether `attempt` respects `plan`. Every reason that applies is
 * returned, so the call handler sees the whole picture at once.
 *
 * @example
 * const decision = checkContactAttempt(plan, { channel: 'sms', leaveVoicemail: false, at: new Date() });
 * if (!decision.allowed) refuse(decision.reasons); // e.g. ['devices-may-be-monitored']
 * checkContactAttempt(plan, attempt, { pausedUntil: Date.now() + 3_600_000 }); // { allowed: false, reasons: ['contact-paused', …] }
 */
export function checkContactAttempt(plan: SafeContactPlan, attempt: ContactAttempt, pause: ContactPause = {}): ContactDecision {
  const reasons: ContactRefusalReason[] = [];
  if (isPaused(pause, attempt.at)) reasons.push('contact-paused');
  if ((plan.channels as readonly SafeChannel[]).includes('none')) return { allowed: false, reasons: [...reasons, 'no-contact-wanted'] };
  if (DIGITAL_CONTACT_CHANNELS.includes(attempt.channel) && devicesMayBeMonitored(plan)) reasons.push('devices-may-be-monitored');
  if (!channelChosen(plan, attempt.channel)) reasons.push('channel-not-allowed');
  if (attempt.leaveVoicemail && (attempt.channel !== 'phone' || !plan.voicemailOk)) reasons.push('voicemail-not-allowed');
  const { day, hour } = ukDayAndHour(attempt.at);
  if (plan.days.length > 0 && !plan.days.includes(day)) reasons.push('day-not-allowed');
  if (plan.times.length > 0 && !plan.times.some((window) => inWindow(window, hour))) reasons.push('time-not-allowed');
  return reasons.length === 0 ? { allowed: true } : { allowed: false, reasons };
}
