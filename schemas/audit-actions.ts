/**
 * The actions an audit record names: the s.62 operations (Data Protection
 * Act 2018, Part 3), plus refusals of a request. The audit list contract
 * (schemas/queue.ts) and the audit trail (functions/domain/audit) share them.
 */

/**
 * What happened to the data: the s.62 operations, plus refusals of a request.
 *
 * @example
 * AUDIT_ACTIONS.includes('disclosure'); // true
 */
export const AUDIT_ACTIONS = ['collection', 'consultation', 'alteration', 'disclosure', 'combination', 'erasure', 'refusal'] as const;
/** @example const action: AuditAction = 'consultation'; */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
