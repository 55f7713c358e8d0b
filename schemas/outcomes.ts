/**
 * The outcome codes a report closes with: the close request's contract
 * (schemas/queue.ts) and the work rules (functions/domain/queue) share them.
 */

/**
 * Outcome codes a report closes with. None reveals anything about immigration status.
 *
 * @example
 * OUTCOME_CODES.includes('crime-recorded'); // true
 */
export const OUTCOME_CODES = [
  'referred-to-support',
  'crime-recorded',
  'safeguarding-plan-agreed',
  'victim-declined-further-contact',
  'unable-to-contact',
  'duplicate-report',
  'no-further-action',
] as const;
/** @example const outcome: OutcomeCode = 'no-further-action'; */
export type OutcomeCode = (typeof OUTCOME_CODES)[number];
