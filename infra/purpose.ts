/**
 * The purpose tag. Every function and role of a force stack carries one of the
 * purposes of processing (schemas/purpose.ts) as its `purpose` tag; the
 * safeguarding key policy and the enforcement firewall
 * (infra/enforcement-firewall.ts) decide on it.
 */
export type { Purpose } from '../schemas/purpose';

/** The IAM tag key that carries a principal's purpose; key policies condition on `aws:PrincipalTag/purpose`. */
export const PURPOSE_TAG = 'purpose';
