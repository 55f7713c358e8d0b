/**
 * Purposes of processing: the one list. Every function and role of a force
 * stack carries one as its `purpose` tag (infra/purpose.ts), the flow table
 * (functions/domain/policy/flow-table.ts) says per purpose which data classes
 * may flow, and the audit trail records the purpose of every access.
 */

/**
 * @example
 * PURPOSES.includes('enforcement'); // true
 */
export const PURPOSES = ['safeguarding', 'support-referral', 'investigation', 'enforcement'] as const;

/** @example const purpose: Purpose = 'safeguarding'; */
export type Purpose = (typeof PURPOSES)[number];
