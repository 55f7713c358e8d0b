/**
 * The report submission contract. Every leaf field is wrapped in
 * {@link classified} so its data class travels with it; a unit test walks the
 * schema and fails if any field is unclassified.
 */
import * as z from 'zod';
import { classified } from './data-class';
import { INDICATOR_ANSWERS, INDICATOR_CODES } from './risk-indicators';

/**
 * Characters that show nothing on their own: whitespace, format controls (zero-width, bidi
 * overrides), default-ignorables (fillers, variation selectors) and the braille blank.
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/gu;
/** True when `value` has at least one character a person can see. */
export const hasVisibleCharacter = (value: string): boolean => value.replace(INVISIBLE, '').length > 0;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Characters as a person sees them (grapheme clusters), not UTF-16 units: a
 * Bengali conjunct, an Arabic letter with its marks, or an emoji family each count once.
 *
 * @example
 * graphemeLength('নমস্কার');   // 4, though it is 7 UTF-16 units
 */
export function graphemeLength(value: string): number {
  let count = 0;
  for (const _ of segmenter.segment(value)) count++;
  return count;
}

/** How many UTF-16 units a character may take before a text is refused unread (keeps every parse bounded). */
const UNITS_PER_CHARACTER = 4;

/** Free text in any script: up to `max` characters as a person sees them. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max * UNITS_PER_CHARACTER)
    // A grapheme is at least one UTF-16 unit, so a text no longer in units than `max` is within it uncounted.
    .refine((value) => value.length <= max || graphemeLength(value) <= max, { message: `must be at most ${max} characters`, abort: true })
    .refine(hasVisibleCharacter, 'must contain visible characters')
    .openapi({ description: `At most ${max} characters as a person sees them (grapheme clusters), in any script.` });

/** The longest account of what happened, in characters as a person sees them (the form's hint says so). */
export const ACCOUNT_MAX = 10_000;
/** The longest note about immigration status. */
export const IMMIGRATION_NOTES_MAX = 2_000;
const yesNoUnknown = z.enum(['yes', 'no', 'dont-know']);

export const INCIDENT_KINDS = [
  'domestic-abuse',
  'stalking-harassment',
  'honour-based-abuse',
  'forced-marriage',
  'fgm',
  'modern-slavery',
] as const;

/**
 * `site-messages`: messages the victim pulls on this site with their receipt
 *; nothing is pushed to their devices, so it may be chosen alone or
 * with others, even when their devices may be monitored.
 */
export const SAFE_CHANNELS = ['phone', 'sms', 'email', 'via-charity', 'site-messages', 'none'] as const;
export type SafeChannel = (typeof SAFE_CHANNELS)[number];
/** Channels that touch the victim's own devices or accounts. */
export const DIGITAL_CHANNELS: readonly SafeChannel[] = ['phone', 'sms', 'email'];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const TIME_WINDOWS = ['morning', 'afternoon', 'evening', 'night'] as const;

export const RECIPIENT_TYPES = ['idva', 'local-da-service', 'by-and-for-service', 'victim-care-unit'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

export const IMMIGRATION_STATUSES = [
  'british-or-irish',
  'settled',
  'pre-settled',
  'visa-holder',
  'spouse-or-partner-visa',
  'asylum-seeker',
  'refugee',
  'no-current-status',
  'dont-know',
  'prefer-not-to-say',
] as const;

const ukPostcode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/, 'must be a UK postcode such as S1 2HE');
const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d ()-]{7,20}$/, 'must be a phone number of 7 to 20 digits');
const isoDate = z.iso.date();
/** A date of birth: not before 1900, not after today (UTC). */
const dateOfBirth = isoDate
  .refine((value) => value >= '1900-01-01', 'must not be before 1900-01-01')
  .refine((value) => value <= new Date().toISOString().slice(0, 10), 'must not be in the future');

export const ThirdPartyReporterSchema = z
  .object({
    name: classified('identity', text(200)),
    organisation: classified('identity', text(200)).optional(),
    role: classified('identity', text(200)).optional(),
    relationshipToVictim: classified('identity', text(200)).optional(),
    phone: classified('contact', phone).optional(),
    email: classified('contact', z.email().max(254)).optional(),
  })
  .strict();

export const ReporterSchema = z
  .object({
    type: classified('incident', z.enum(['victim', 'third-party'])),
    thirdParty: ThirdPartyReporterSchema.optional(),
  })
  .strict()
  .refine((reporter) => reporter.type === 'victim' || reporter.thirdParty !== undefined, {
    message: 'a third-party reporter must say who they are',
    path: ['thirdParty'],
  });

export const IncidentSchema = z
  .object({
    kind: classified('incident', z.enum(INCIDENT_KINDS)),
    occurredOn: classified('incident', isoDate).optional(),
    occurredWhen: classified('account', text(200)).optional(),
    ongoing: classified('incident', yesNoUnknown).optional(),
    postcode: classified('identity', ukPostcode).optional(),
    location: classified('account', text(500)).optional(),
    account: classified('account', text(ACCOUNT_MAX)),
  })
  .strict();

export const VictimSchema = z
  .object({
    anonymous: classified('identity', z.boolean()).default(false),
    name: classified('identity', text(200)).optional(),
    dateOfBirth: classified('identity', dateOfBirth).optional(),
  })
  .strict();

export const SuspectSchema = z
  .object({
    name: classified('suspect', text(200)).optional(),
    relationship: classified('suspect', z.enum(['partner', 'ex-partner', 'family-member', 'employer', 'other', 'unknown'])).optional(),
    // The victim's own words about the suspect: free text of the account class, so no enforcement projection can carry it.
    description: classified('account', text(2_000)).optional(),
    livesWithVictim: classified('suspect', yesNoUnknown).optional(),
  })
  .strict();

export const RiskAnswersSchema = z
  .object({
    answers: classified(
      'risk',
      z.partialRecord(z.enum(INDICATOR_CODES), z.enum(INDICATOR_ANSWERS)),
    ),
  })
  .strict();

export const SafeContactSchema = z
  .object({
    channels: classified('contact', z.array(z.enum(SAFE_CHANNELS)).min(1).max(SAFE_CHANNELS.length)),
    phone: classified('contact', phone).optional(),
    email: classified('contact', z.email().max(254)).optional(),
    viaCharityName: classified('contact', text(200)).optional(),
    days: classified('contact', z.array(z.enum(WEEKDAYS)).max(7)).default([]),
    times: classified('contact', z.array(z.enum(TIME_WINDOWS)).max(4)).default([]),
    voicemailOk: classified('contact', z.boolean()).default(false),
    smsOk: classified('contact', z.boolean()).default(false),
    nameToUse: classified('contact', text(100)).optional(),
    safeWord: classified('contact', text(100)).optional(),
    ifSomeoneElseAnswers: classified('contact', z.enum(['hang-up', 'say-wrong-number', 'ask-for-name-to-use'])).default('hang-up'),
    devicesMayBeMonitored: classified('contact', yesNoUnknown),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.channels.includes('none') && plan.channels.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['channels'], message: '"none" cannot be combined with other channels' });
    }
    if ((plan.channels.includes('phone') || plan.channels.includes('sms')) && !plan.phone) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'a phone number is needed for phone or SMS contact' });
    }
    if (plan.channels.includes('email') && !plan.email) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'an email address is needed for email contact' });
    }
    if (plan.channels.includes('via-charity') && !plan.viaCharityName) {
      ctx.addIssue({ code: 'custom', path: ['viaCharityName'], message: 'name the charity to contact you through' });
    }
  });

/** A BCP 47 language tag (class `support` where it is used). */
export const languageTag = z.string().trim().max(35).regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en, cy or pl');

export const SupportNeedsSchema = z
  .object({
    // 35 characters: the length RFC 5646 asks every implementation to support; it also bounds the queue's sealed needs hint to one size.
    language: classified('support', languageTag).default('en'),
    interpreterNeeded: classified('support', z.boolean()).default(false),
    accessibility: classified('special', z.array(z.enum(['bsl', 'textphone', 'easy-read', 'large-print', 'hearing-loop', 'other'])).max(6)).default([]),
    accessibilityNotes: classified('special', text(1_000)).optional(),
  })
  .strict();

export const ConsentSchema = z
  .object({
    idva: classified('consent', z.boolean()).default(false),
    localDaService: classified('consent', z.boolean()).default(false),
    byAndForService: classified('consent', z.boolean()).default(false),
    victimCareUnit: classified('consent', z.boolean()).default(false),
    shareImmigrationWithSupport: classified('consent', z.boolean()).default(false),
  })
  .strict();

/**
 * OPTIONAL and asked only for support signposting. Every field is protected:
 * it is encrypted under the safeguarding key and never leaves that path.
 */
export const ImmigrationSchema = z
  .object({
    status: classified('protected-immigration', z.enum(IMMIGRATION_STATUSES)).optional(),
    visaDependentOnAbuser: classified('protected-immigration', yesNoUnknown).optional(),
    documentsHeldByAbuser: classified('protected-immigration', yesNoUnknown).optional(),
    noRecourseToPublicFunds: classified('protected-immigration', yesNoUnknown).optional(),
    nationality: classified('protected-immigration', text(100)).optional(),
    countryOfBirth: classified('protected-immigration', text(100)).optional(),
    notes: classified('protected-immigration', text(IMMIGRATION_NOTES_MAX)).optional(),
  })
  .strict();

export const ReportSubmissionSchema = z
  .object({
    reporter: ReporterSchema,
    incident: IncidentSchema,
    victim: VictimSchema.prefault({}),
    suspect: SuspectSchema.optional(),
    risk: RiskAnswersSchema.prefault({ answers: {} }),
    safeContact: SafeContactSchema,
    support: SupportNeedsSchema.prefault({}),
    consent: ConsentSchema.prefault({}),
    immigration: ImmigrationSchema.optional(),
  })
  .strict()
  .openapi('ReportSubmission');

/** A submission as the client sends it. */
export type ReportSubmissionInput = z.input<typeof ReportSubmissionSchema>;
/** A submission after validation, defaults applied. */
export type ReportSubmission = z.output<typeof ReportSubmissionSchema>;
export type ImmigrationSection = z.output<typeof ImmigrationSchema>;
/** Everything but the protected section: what the report key encrypts. */
export type ReportBody = Omit<ReportSubmission, 'immigration'>;
