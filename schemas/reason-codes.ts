/**
 * Reason codes: why a member of staff opened the protected section or asked
 * for a suspect check, as a code. The code is stored in plaintext so the
 * force can count reasons; the words staff type beside it are sealed
 * (functions/domain/audit/sealed-text.ts) and never stored in plaintext.
 */
import * as z from 'zod';
import './data-class';

/** Why the protected-immigration section is opened (`POST /reports/{reportId}/protected`). */
export const PROTECTED_READ_REASONS = [
  'safeguarding-assessment',
  'support-referral-planning',
  'victim-asked',
  'safe-contact-planning',
  'supervisor-review',
  'other',
] as const;

export type ProtectedReadReason = (typeof PROTECTED_READ_REASONS)[number];

/** Why a supervisor asks for an officer-initiated suspect check. */
export const SUSPECT_CHECK_REASONS = ['risk-to-victim', 'risk-to-others', 'bail-or-order-check', 'suspect-identification', 'other'] as const;

/** Every reason code the audit trail accepts in plaintext. */
export const REASON_CODES = [...new Set([...PROTECTED_READ_REASONS, ...SUSPECT_CHECK_REASONS])] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * @example
 * ProtectedReadReasonSchema.parse('victim-asked');
 */
export const ProtectedReadReasonSchema = z.enum(PROTECTED_READ_REASONS).openapi({
  description: 'Why, as a code: stored in plaintext and counted. The words in `reason` are sealed under the safeguarding key.',
});

export const SuspectCheckReasonSchema = z.enum(SUSPECT_CHECK_REASONS).openapi({
  description: 'Why, as a code: stored in plaintext and counted. The words in `justification` are sealed under the report key.',
});
