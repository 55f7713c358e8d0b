/**
 * A supervisor brings a class's removal forward on a closed report (the case
 * ended early, the victim asked, it is no longer needed). Only ever earlier
 * than the date the report has — the force config's, or one already brought
 * forward — so nobody can keep a class longer than the config says. The
 * change and its alteration record are written in one transaction; the
 * retention worker removes the class on its first run after the new date.
 */
import type { StaffPrincipal } from '../access/staff-access';
import type { AuditTrail } from '../audit/audit-trail';
import type { QueueDesk } from '../queue/queue-desk';
import type { RemovableClass, RetentionStore } from './retention';
import type { BRING_FORWARD_REASONS } from '../../../schemas/retention';
import { DomainError } from '../errors';

/** Raised when the removal cannot be brought forward; `code` says why (HTTP 409 or 410). */
export class BringForwardRefusedError extends DomainError {
  constructor(readonly code: 'report-open' | 'not-earlier' | 'already-removed' | 'not-scheduled') {
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
  dataClass: RemovableClass;
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
  const record = deps.audit.prepare({
    action: 'alteration',
    operation: 'retention-bring-forward',
    actor: principal.actor,
    role: principal.role,
    purpose: 'safeguarding',
    dataClasses: [request.dataClass],
    reportId,
    detail: { dataClass: request.dataClass, dueAt: dueAt.toISOString(), reason: request.reason },
  });
  const outcome = await deps.store.bringForward(reportId, request.dataClass, dueAt, record);
  if (outcome === 'brought-forward') return dueAt;
  throw new BringForwardRefusedError(outcome === 'not-found' ? 'not-scheduled' : outcome);
}
