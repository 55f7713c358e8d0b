/**
 * A supervisor brings a class's removal forward on a closed report (the case
 * ended early, the victim asked, it is no longer needed). Only ever earlier
 * than the date the report has — the force config's, or one already brought
 * forward — so nobody can keep a class longer than the config says. The
 * change and its alteration record are written in one transaction; the
 * retention worker removes the class on its first run after the new date.
 * The message classes (`staff-message`, and `account` for the victim's
 * replies) move every pending message removal of the report too, each only
 * earlier, in bounded steps, then audited with how many moved; past the bound
 * the request is refused as `not-finished` and a repeat moves the rest.
 */
import type { StaffPrincipal } from '../access/staff-access';
import type { AuditTrail } from '../audit/audit-trail';
import type { QueueDesk } from '../queue/queue-desk';
import type { BringForwardOutcome, MessageClass, MessagesBroughtForward, RetentionStore } from './retention';
import type { BRING_FORWARD_REASONS, BringForwardClass } from '../../../schemas/retention';
import { DomainError } from '../errors';

/** Raised when the removal cannot be brought forward; `code` says why (HTTP 409 or 410). */
export class BringForwardRefusedError extends DomainError {
  constructor(readonly code: 'report-open' | 'not-earlier' | 'already-removed' | 'not-scheduled' | 'not-finished') {
    super(`removal not brought forward: ${code}`);
    this.name = 'BringForwardRefusedError';
  }
}

export interface BringForwardDeps {
  desk: Pick<QueueDesk, 'admit' | 'now'>;
  store: RetentionStore;
  audit: AuditTrail;
}

export interface BringForwardRequest {
  dataClass: BringForwardClass;
  /** The new removal date; a past instant (or none) means now. */
  removeAt?: Date;
  reason: (typeof BRING_FORWARD_REASONS)[number];
}

/**
 * @example
 * const dueAt = await bringRemovalForward(deps, supervisor, reportId, { dataClass: 'protected-immigration', reason: 'report-closed-early' });
 */
export async function bringRemovalForward(
  deps: BringForwardDeps,
  principal: StaffPrincipal,
  reportId: string,
  request: BringForwardRequest,
): Promise<Date> {
  // Same-force supervisor (or lease holder; the route admits supervisors only), refusals audited by the desk.
  const routing = await deps.desk.admit(principal, reportId, { operation: 'retention-bring-forward', purpose: 'safeguarding', dataClasses: [request.dataClass] });
  // `closed` is final (status only moves forward), so reading it here cannot go stale before the write.
  if (routing.status !== 'closed') throw new BringForwardRefusedError('report-open');
  const now = deps.desk.now();
  const dueAt = request.removeAt && request.removeAt.getTime() > now.getTime() ? request.removeAt : now;
  const detail = { dataClass: request.dataClass, dueAt: dueAt.toISOString(), reason: request.reason };
  const event = { action: 'alteration', operation: 'retention-bring-forward', actor: principal.actor, role: principal.role, purpose: 'safeguarding', dataClasses: [request.dataClass], reportId } as const;
  // A sealed part (every class but staff messages): moved with its alteration record in one transaction.
  let part: BringForwardOutcome | undefined;
  if (request.dataClass !== 'staff-message') part = await deps.store.bringForward(reportId, request.dataClass, dueAt, deps.audit.prepare({ ...event, detail }));
  // The class's messages (the victim's replies are `account`): each pending entry moved, then audited with what moved.
  let messages: MessagesBroughtForward | undefined;
  if (isMessageClass(request.dataClass)) {
    messages = await deps.store.bringMessagesForward({ forceId: routing.forceId, reportId }, request.dataClass, dueAt);
    if (messages.moved > 0) await deps.audit.record({ ...event, detail: { ...detail, item: 'message', moved: String(messages.moved) } });
    if (!messages.finished) throw new BringForwardRefusedError('not-finished');
  }
  if (part === 'brought-forward' || (messages?.moved ?? 0) > 0) return dueAt;
  if (part === undefined) throw new BringForwardRefusedError(messages && messages.pending > 0 ? 'not-earlier' : 'not-scheduled');
  throw new BringForwardRefusedError(part === 'not-found' ? 'not-scheduled' : part);
}

function isMessageClass(dataClass: BringForwardClass): dataClass is MessageClass {
  return dataClass === 'account' || dataClass === 'staff-message';
}
