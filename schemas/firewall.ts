/**
 * Contracts of the firewall's staff routes: officer-initiated
 * suspect checks, the referral dead-letter list, withdrawals of referral
 * consent and the transparency figures.
 * Answers carry ids, codes and counts only — never report content.
 */
import * as z from 'zod';
// Side effect: zod carries `.openapi()` once data-class has extended it.
import './data-class';
import { SuspectCheckReasonSchema } from './reason-codes';
import { RECIPIENT_TYPES, SuspectSchema } from './report';
import { PURPOSES } from './purpose';
import { REMOVABLE_CLASSES } from './retention';

// ---------------------------------------------------------------- suspect checks

/** Relationship codes of the report contract, reused so the payload speaks the same vocabulary. */
export const suspectRelationship = SuspectSchema.shape.relationship.unwrap();
/** One name or alias of a suspect. */
export const suspectIdentifier = z.string().trim().min(1).max(200);

/**
 * What an officer may type or confirm for a check: structured identifiers
 * only. Every value is screened against the report's values enforcement may
 * never receive before anything is sent or stored (functions/domain/enforcement/suspect-check.ts).
 */
export const OfficerSuspectIdentifiersSchema = z
  .object({
    name: suspectIdentifier.optional().openapi({ description: 'The suspect’s name as the officer confirms it; replaces the name in the report.' }),
    aliases: z.array(suspectIdentifier).max(10).optional().openapi({ description: 'Other names the suspect is known by.' }),
    dateOfBirth: z.iso.date().optional().openapi({ description: 'The suspect’s date of birth, YYYY-MM-DD.' }),
    relationship: suspectRelationship.optional().openapi({ description: 'The suspect’s relationship to the victim; replaces the one in the report.' }),
  })
  .strict()
  .openapi('OfficerSuspectIdentifiers');
export type OfficerSuspectIdentifiers = z.output<typeof OfficerSuspectIdentifiersSchema>;

/** The legal bases an officer may give for a suspect check. */
export const LEGAL_BASES = ['dpa-2018-s35-consent', 'dpa-2018-s35-strictly-necessary'] as const;

/** The body of a supervisor's suspect-check request (functions/domain/enforcement/suspect-check.ts). */
export const SuspectCheckRequestSchema = z
  .object({
    integrationId: z.string().regex(/^[a-z0-9-]{2,48}$/),
    legalBasis: z.enum(LEGAL_BASES),
    /** Why, as a code: plaintext in the audit trail, for counting. */
    reasonCode: SuspectCheckReasonSchema,
    /** Why this check is necessary, in the officer's words: screened, then kept sealed with the disclosure. */
    justification: z.string().trim().min(20).max(2_000).openapi({
      description: 'Kept sealed under the report key. Refused (422, naming the field) if it holds any detail of the victim, their contact details, account or immigration details.',
    }),
    /** Identifiers the officer types or confirms; screened like the justification. */
    suspect: OfficerSuspectIdentifiersSchema.optional(),
  })
  .strict();
export type SuspectCheckRequest = z.output<typeof SuspectCheckRequestSchema>;

const date = z.iso.date().openapi({ description: 'A date, YYYY-MM-DD (UTC).' });

/** The longest range one `GET /transparency` counts: one query per month, so the work stays within a request's time. */
export const TRANSPARENCY_MAX_MONTHS = 36;

/** True when `to` is at most {@link TRANSPARENCY_MAX_MONTHS} months after `from` (both YYYY-MM-DD). */
function withinMaxMonths(from: string, to: string): boolean {
  const limit = new Date(`${from}T00:00:00.000Z`);
  limit.setUTCMonth(limit.getUTCMonth() + TRANSPARENCY_MAX_MONTHS);
  return Number.isNaN(limit.getTime()) || to <= limit.toISOString().slice(0, 10);
}

/** `GET /transparency` query: `from` inclusive, `to` exclusive, at most {@link TRANSPARENCY_MAX_MONTHS} months apart. */
export const TransparencyQuerySchema = z
  .object({ from: date, to: date })
  .refine((range) => range.from < range.to, { message: 'must be after from', path: ['to'] })
  .refine((range) => range.from >= range.to || withinMaxMonths(range.from, range.to), {
    message: `must be within ${TRANSPARENCY_MAX_MONTHS} months of from`,
    path: ['to'],
  });

export const ReportIdParamSchema = z.object({ reportId: z.uuid().openapi({ description: 'The internal report id (never shown to the victim).' }) }).strict();

/** `POST /reports/{reportId}/consent-withdrawals`: what the victim told the call handler they no longer agree to. */
export const ConsentWithdrawalRequestSchema = z
  .object({
    recipientTypes: z
      .array(z.enum(RECIPIENT_TYPES))
      .min(1)
      .max(RECIPIENT_TYPES.length)
      .optional()
      .openapi({ description: 'The kinds of service the victim no longer wants referred to. Omitted: all of them.' }),
  })
  .strict()
  .openapi('ConsentWithdrawal');

export const ConsentWithdrawalResponseSchema = z
  .object({
    withdrawn: z.number().int().min(0).openapi({ description: 'Referrals stopped before delivery (pending or parked).' }),
    alreadyDeliveredTo: z.array(z.string()).openapi({
      description: 'Ids of the charities that already have the referral: the victim should be told, so they can ask that charity directly.',
    }),
  })
  .openapi('ConsentWithdrawn');

/** `POST /reports/{reportId}/referrals/{referralId}/redrive`: both ids from the dead-letter list. */
export const ReferralPathSchema = z
  .object({
    reportId: z.uuid().openapi({ description: 'The internal report id, as the dead-letter list gives it.' }),
    referralId: z.uuid().openapi({ description: 'The referral (and delivery) id, as the dead-letter list gives it.' }),
  })
  .strict();

export const RedriveResponseSchema = z
  .object({ referralId: z.uuid(), state: z.literal('pending') })
  .openapi('ReferralRedriven', { description: 'Back to work: the next sweep (within a minute) delivers it, with the same delivery id.' });

export const SuspectCheckResponseSchema = z
  .object({
    disclosureId: z.uuid().openapi({ description: 'The id of the disclosure record in the audit trail; also the delivery id the integration receives.' }),
  })
  .openapi('SuspectCheckAccepted');

export const DeadLetterListResponseSchema = z
  .object({
    referrals: z.array(
      z.object({
        referralId: z.uuid(),
        reportId: z.uuid(),
        charityId: z.string(),
        attempts: z.number().int().min(1),
        lastFailure: z.string().optional().openapi({ description: 'A code: `http-<status>`, `timeout` or `network`.' }),
        createdAt: z.iso.datetime(),
      }),
    ),
  })
  .openapi('ReferralDeadLetters');

const counts = z.object({
  reports: z.number().int().min(0),
  reportsWithProtectedData: z.number().int().min(0).openapi({ description: 'Counted by opening each report’s protected section, never from a flag.' }),
  referralsByRecipientType: z.record(z.enum(RECIPIENT_TYPES), z.number().int().min(0)),
  disclosuresByPurpose: z.record(z.enum(PURPOSES), z.number().int().min(0)),
  protectedDisclosuresToEnforcement: z.number().int().min(0).openapi({ description: 'Disclosures of the protected-immigration class to an enforcement recipient. Must be 0.' }),
  protectedShreddedOnTime: z.number().int().min(0).openapi({ description: 'Reports of the month whose protected section was shredded within a day of its retention date.' }),
  protectedShreddedLate: z.number().int().min(0).openapi({ description: 'Reports of the month whose protected section was shredded more than a day after its retention date.' }),
  protectedOverdue: z.number().int().min(0).openapi({ description: 'Reports of the month whose protected section is more than a day past its retention date and still held. Should be 0.' }),
  removalsByClass: z.record(z.enum(REMOVABLE_CLASSES), z.object({ onTime: z.number().int().min(0), late: z.number().int().min(0), overdue: z.number().int().min(0) })).openapi({
    description: 'For every class that leaves a report on its own date: reports of the month whose class was removed within a day of its date (`onTime`), later (`late`), or is more than a day past it and still held (`overdue`, should be 0). Classes sealed in one part leave together and are each counted.',
  }),
});

export const TransparencyResponseSchema = z
  .object({
    forceId: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    months: z.array(counts.extend({ month: z.string().regex(/^\d{4}-\d{2}$/) })),
    totals: counts,
  })
  .openapi('TransparencyFigures');
