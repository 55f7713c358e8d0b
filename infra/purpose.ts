/**
 * Purposes of processing. Every function and role of a force stack carries a
 * `purpose` tag; the safeguarding key policy and the enforcement firewall
 * (infra/enforcement-firewall.ts) decide on it.
 */
export const PURPOSES = ['safeguarding', 'support-referral', 'investigation', 'enforcement'] as const;

export type Purpose = (typeof PURPOSES)[number];

/** The IAM tag key that carries a principal's purpose; key policies condition on `aws:PrincipalTag/purpose`. */
export const PURPOSE_TAG = 'purpose';
