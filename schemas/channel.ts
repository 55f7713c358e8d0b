/**
 * The victim's receipt channel: contracts of the routes a victim
 * calls with their receipt (always in a POSTed body, never in a URL) and of
 * the staff routes that write to and read the thread. Message text carries
 * its data class: `account` when the victim wrote it, `staff-message` when
 * force staff did.
 */
import * as z from 'zod';
import { classified } from './data-class';
import { RECIPIENT_TYPES, SafeContactSchema } from './report';
import { REPORT_STATUSES } from './responses';

/** Longest message, either way, in characters. */
export const MESSAGE_MAX_CHARS = 2_000;
/** Longest pause a victim can ask for. */
export const PAUSE_MAX_DAYS = 30;

const receipt = z
  .string()
  .max(64)
  .openapi({ description: 'The receipt code, spaces and dashes allowed. Always in the body, never in a URL.', example: '0387 1123 5582 9021' });
const messageText = (dataClass: 'account' | 'staff-message') =>
  classified(dataClass, z.string().trim().min(1).max(MESSAGE_MAX_CHARS)).openapi({ description: 'Plain text; never rendered as HTML.' });
const instant = z.iso.datetime({ offset: true });

export const ReceiptRequestSchema = z.object({ receipt }).strict().openapi('ReceiptRequest', { example: { receipt: '0387 1123 5582 9021' } });

export const ThreadMessageSchema = z
  .object({
    messageId: z.uuid(),
    from: z.enum(['force', 'you']).openapi({ description: '`force`: written by force staff; `you`: the victim’s own reply.' }),
    at: instant,
    text: z.string(),
  })
  .openapi('ThreadMessage');

/** The consent kinds a victim can give or withdraw: the kinds of support service, and sharing the protected section with them. */
export const CONSENT_KINDS = [...RECIPIENT_TYPES, 'share-immigration-with-support'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const VictimThreadSchema = z
  .object({
    status: z.enum(REPORT_STATUSES),
    pausedUntil: instant.nullable().openapi({ description: 'While contact is paused: until when. `null` when not paused.' }),
    staffLastReadAt: instant.nullable().openapi({ description: 'When force staff last read this thread; `null` if never.' }),
    consents: z.record(z.enum(CONSENT_KINDS), z.boolean()),
    messages: z.array(ThreadMessageSchema),
  })
  .openapi('VictimThread', {
    example: {
      status: 'in-review',
      pausedUntil: null,
      staffLastReadAt: '2026-03-02T10:15:00.000Z',
      consents: { idva: true, 'local-da-service': false, 'by-and-for-service': false, 'victim-care-unit': false, 'share-immigration-with-support': false },
      messages: [{ messageId: '9a1c0b7e-2f4d-4c1a-8e3b-5d6f7a8b9c0d', from: 'force', at: '2026-03-02T10:14:00.000Z', text: 'We have read your report. Reply here when it is safe.' }],
    },
  });

export const ReplyRequestSchema = z
  .object({ receipt, text: messageText('account') })
  .strict()
  .openapi('ThreadReplyRequest', { example: { receipt: '0387 1123 5582 9021', text: 'Thank you. Evenings are safest.' } });

export const MessagePostedSchema = z.object({ messageId: z.uuid(), at: instant }).openapi('MessagePosted');

export const PauseRequestSchema = z
  .discriminatedUnion('action', [
    z.object({ receipt, action: z.literal('pause'), until: instant.openapi({ description: `Until when (at most ${PAUSE_MAX_DAYS} days ahead).` }) }).strict(),
    z.object({ receipt, action: z.literal('lift') }).strict(),
  ])
  .openapi('PauseRequest', { example: { receipt: '0387 1123 5582 9021', action: 'pause', until: '2026-03-09T18:00:00Z' } });

export const PauseStateSchema = z.object({ pausedUntil: instant.nullable() }).openapi('PauseState');

export const SafeContactChangeRequestSchema = z
  .object({ receipt, safeContact: SafeContactSchema })
  .strict()
  .openapi('SafeContactChangeRequest', {
    example: { receipt: '0387 1123 5582 9021', safeContact: { channels: ['site-messages'], devicesMayBeMonitored: 'yes' } },
  });

export const ConsentChangeRequestSchema = z
  .object({
    receipt,
    give: classified('consent', z.array(z.enum(CONSENT_KINDS)).max(CONSENT_KINDS.length)).default([]),
    withdraw: classified('consent', z.array(z.enum(CONSENT_KINDS)).max(CONSENT_KINDS.length)).default([]),
  })
  .strict()
  .refine((change) => !change.give.some((kind) => change.withdraw.includes(kind)), { message: 'a kind cannot be both given and withdrawn', path: ['withdraw'] })
  .refine((change) => change.give.length + change.withdraw.length > 0, { message: 'give or withdraw at least one kind', path: ['give'] })
  .openapi('ConsentChangeRequest', { example: { receipt: '0387 1123 5582 9021', give: [], withdraw: ['idva'] } });

export const ConsentChangeResultSchema = z
  .object({
    consents: z.record(z.enum(CONSENT_KINDS), z.boolean()),
    referred: z.number().int().openapi({
      description:
        'Referrals made now for the kinds of service given that were not given before, exactly as the intake would have made them: none for a kind already given (so giving the same consent twice makes one), none for a kind with a referral still pending, parked or delivered, and none when no charity of the force serves the victim.',
    }),
    withdrawn: z.number().int().openapi({ description: 'Referrals stopped before delivery.' }),
    alreadyDelivered: z.number().int().openapi({ description: 'Referrals a charity already has: the victim may want to contact them.' }),
  })
  .openapi('ConsentChangeResult', {
    example: {
      consents: { idva: true, 'local-da-service': true, 'by-and-for-service': false, 'victim-care-unit': false, 'share-immigration-with-support': false },
      referred: 1,
      withdrawn: 0,
      alreadyDelivered: 0,
    },
  });

export const NewReceiptSchema = z
  .object({
    receipt: z.string().regex(/^\d{4} \d{4} \d{4} \d{4}$/).openapi({ description: 'The new receipt, shown once. The old one stopped working at once.', example: '5512 0937 4410 2286' }),
  })
  .openapi('NewReceipt');

export const StaffMessageRequestSchema = z
  .object({ text: messageText('staff-message') })
  .strict()
  .openapi('StaffMessageRequest', { example: { text: 'We have read your report. Reply here when it is safe.' } });

export const StaffThreadSchema = z
  .object({
    pausedUntil: instant.nullable(),
    victimLastLookedAt: instant.nullable(),
    messages: z.array(ThreadMessageSchema.extend({ from: z.enum(['force', 'victim']) })),
  })
  .openapi('StaffThread');
