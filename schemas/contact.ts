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
