/**
 * Payload contracts of outbound integrations. Each is a projection (what is
 * copied), a TypeScript type (what the payload can hold at all) and a strict
 * zod schema (what is accepted at run time: unknown keys are refused).
 */
import * as z from 'zod';
import {
  ImmigrationSchema,
  RECIPIENT_TYPES,
  ReportSubmissionSchema,
  SuspectSchema,
  type ReportSubmission,
  type RecipientType,
} from '../../../schemas/report';
import { OfficerSuspectIdentifiersSchema, suspectIdentifier as identifier, suspectRelationship as relationship, type OfficerSuspectIdentifiers } from '../../../schemas/firewall';
import { CONSENT_FLAG, PROTECTED_SHARING } from './flow-table';
import { defineProjection } from './projection';
import { DomainError } from '../errors';

// ---------------------------------------------------------------- enforcement

/**
 * The structured suspect identifiers the report itself may give a suspect
 * check. Not the suspect description (the victim's own words, class
 * `account`), not the account, nothing else the victim wrote as prose.
 */
export const SUSPECT_CHECK_PROJECTION = defineProjection(ReportSubmissionSchema, {
  purpose: 'enforcement',
  name: 'suspect-check@v2',
  allow: ['suspect.name', 'suspect.relationship', 'suspect.livesWithVictim'],
});

export { OfficerSuspectIdentifiersSchema, type OfficerSuspectIdentifiers };

/**
 * The suspect-check payload. No victim, reporter, contact, incident, account
 * or immigration member exists in the type or the schema, and no free-text
 * member: `.strict()` refuses any key that is not listed, at every level.
 */
export const SuspectCheckPayloadSchema = z
  .object({
    contract: z.literal('suspect-check@v2'),
    /** Random per disclosure; not the report id, so the receiving system cannot link back to the report. */
    disclosureId: z.uuid(),
    forceId: z.string().regex(/^[a-z0-9-]{2,32}$/),
    requestedAt: z.iso.datetime(),
    suspect: z
      .object({
        name: identifier.optional(),
        aliases: z.array(identifier).max(10).optional(),
        dateOfBirth: z.iso.date().optional(),
        relationship: relationship.optional(),
        livesWithVictim: SuspectSchema.shape.livesWithVictim.unwrap().optional(),
      })
      .strict(),
  })
  .strict();

export type SuspectCheckPayload = z.output<typeof SuspectCheckPayloadSchema>;

/** Raised when a report has nothing the suspect check could carry. */
export class NoSuspectDetailsError extends DomainError {
  constructor() {
    super('the report holds no suspect details to check');
    this.name = 'NoSuspectDetailsError';
  }
}

/**
 * Builds a suspect-check payload: the report's identifiers by projection,
 * overlaid with what the officer typed or confirmed, then validated strictly.
 *
 * @example
 * const payload = buildSuspectCheck(report, { disclosureId, forceId, requestedAt }, { aliases: ['Kal'] });
 */
export function buildSuspectCheck(
  report: ReportSubmission | Omit<ReportSubmission, 'immigration'>,
  envelope: { disclosureId: string; forceId: string; requestedAt: string },
  officer: OfficerSuspectIdentifiers = {},
): SuspectCheckPayload {
  const projected = (SUSPECT_CHECK_PROJECTION.apply(report) as { suspect?: SuspectCheckPayload['suspect'] }).suspect ?? {};
  const suspect: SuspectCheckPayload['suspect'] = { ...projected };
  if (officer.name !== undefined) suspect.name = officer.name;
  if (officer.aliases !== undefined && officer.aliases.length > 0) suspect.aliases = [...officer.aliases];
  if (officer.dateOfBirth !== undefined) suspect.dateOfBirth = officer.dateOfBirth;
  if (officer.relationship !== undefined) suspect.relationship = officer.relationship;
  if (suspect.name === undefined && suspect.aliases === undefined && suspect.dateOfBirth === undefined) throw new NoSuspectDetailsError();
  const payload: SuspectCheckPayload = { contract: 'suspect-check@v2', ...envelope, suspect };
  return SuspectCheckPayloadSchema.parse(payload);
}

// ----------------------------------------------------------- support referral

/**
 * What a charity needs to make safe contact and offer support. The free-text
 * account, the incident location and the suspect's name and description stay
 * with the force; the charity hears the victim's own account from the victim.
 */
export const REFERRAL_PROJECTION = defineProjection(ReportSubmissionSchema, {
  purpose: 'support-referral',
  name: 'referral@v1',
  allow: [
    'reporter.type',
    'incident.kind',
    'incident.occurredOn',
    'incident.ongoing',
    'incident.postcode',
    'victim.anonymous',
    'victim.name',
    'safeContact',
    'risk.answers',
    'support',
    'suspect.relationship',
    'suspect.livesWithVictim',
  ],
});

/** The protected section, for recipient types allowed to see it, with the victim's consent. */
export const REFERRAL_PROTECTED_PROJECTION = defineProjection(ReportSubmissionSchema, {
  purpose: 'support-referral',
  name: 'referral@v1#protected',
  allow: ['immigration'],
});

export const ReferralPayloadSchema = z
  .object({
    contract: z.literal('referral@v1'),
    /** Stable across retries of one referral: receivers dedupe on it. */
    deliveryId: z.uuid(),
    forceId: z.string(),
    charityId: z.string(),
    recipientType: z.enum(RECIPIENT_TYPES),
    referredAt: z.iso.datetime(),
    riskGrade: z.enum(['standard', 'medium', 'high']),
    report: z.record(z.string(), z.unknown()),
    immigration: ImmigrationSchema.strict().optional(),
  })
  .strict();

export type ReferralPayload = z.output<typeof ReferralPayloadSchema>;

/** Raised when a referral is built for a recipient type the victim did not consent to. */
export class ReferralNotConsentedError extends DomainError {
  constructor(readonly recipientType: RecipientType) {
    super(`no consent to refer to ${recipientType}`);
    this.name = 'ReferralNotConsentedError';
  }
}

/** Whether the victim consented to a referral to this recipient type. */
export function consentsTo(report: Pick<ReportSubmission, 'consent'>, recipientType: RecipientType): boolean {
  return report.consent[CONSENT_FLAG[recipientType]] === true;
}

/** Whether this recipient type may see the protected section of this report. */
export function sharesProtected(report: Pick<ReportSubmission, 'consent'>, recipientType: RecipientType): boolean {
  return PROTECTED_SHARING[recipientType] && report.consent.shareImmigrationWithSupport === true && consentsTo(report, recipientType);
}

/**
 * Builds a referral payload by projection. The protected section is projected
 * only when {@link sharesProtected} holds; otherwise it is not even read.
 *
 * @example
 * const section = sharesProtected(body, type) ? await open(sealedProtected) : undefined;
 * const payload = buildReferral(body, section, { deliveryId, forceId, charityId, recipientType, referredAt, riskGrade });
 */
export function buildReferral(
  body: Omit<ReportSubmission, 'immigration'>,
  protectedSection: ReportSubmission['immigration'],
  envelope: Omit<ReferralPayload, 'contract' | 'report' | 'immigration'>,
): ReferralPayload {
  if (!consentsTo(body, envelope.recipientType)) throw new ReferralNotConsentedError(envelope.recipientType);
  const report = REFERRAL_PROJECTION.apply(body);
  const immigration = sharesProtected(body, envelope.recipientType)
    ? (REFERRAL_PROTECTED_PROJECTION.apply({ immigration: protectedSection }).immigration as ReferralPayload['immigration'])
    : undefined;
  return ReferralPayloadSchema.parse({ contract: 'referral@v1', ...envelope, report, ...(immigration ? { immigration } : {}) });
}
