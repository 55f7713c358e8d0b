/**
 * The vocabulary of a contact attempt: the channels a call handler can use
 * and what came of an attempt. The request contract (schemas/queue.ts) and
 * the contact policy (functions/domain/contact-policy) both speak it.
 */

/**
 * Channels a call handler can use; `none` is a plan choice, not a channel.
 *
 * @example
 * CONTACT_CHANNELS.includes('sms'); // true
 */
export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'via-charity'] as const;
/** @example const channel: ContactChannel = 'phone'; */
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * What came of a contact attempt.
 *
 * @example
 * CONTACT_RESULTS.includes('no-answer'); // true
 */
export const CONTACT_RESULTS = ['reached', 'no-answer', 'someone-else-answered', 'message-sent', 'message-left-with-charity'] as const;
/** @example const result: ContactResult = 'reached'; */
export type ContactResult = (typeof CONTACT_RESULTS)[number];

/**
 * Why the contact policy refuses an attempt, in the words the API answers
 * with (and the staff console shows before anyone dials).
 *
 * @example
 * CONTACT_REFUSAL_REASONS['voicemail-not-allowed']; // 'the victim did not say a voicemail is safe'
 */
export const CONTACT_REFUSAL_REASONS = {
  'no-contact-wanted': 'the victim asked not to be contacted',
  'devices-may-be-monitored': 'the victim said their phone or accounts may be monitored (or did not know): no phone, SMS or e-mail contact',
  'channel-not-allowed': 'the victim did not choose this channel',
  'voicemail-not-allowed': 'the victim did not say a voicemail is safe',
  'day-not-allowed': 'the victim did not name this day as safe',
  'time-not-allowed': 'the victim did not name this time of day as safe',
  'contact-paused': 'the victim paused all contact ("not safe now"); leave a message on the site instead',
} as const;
/** @example const reason: ContactRefusalReason = 'day-not-allowed'; */
export type ContactRefusalReason = keyof typeof CONTACT_REFUSAL_REASONS;
