/**
 * A supervisor puts a parked referral back to work, once the charity's
 * endpoint is fixed: due now, with a fresh attempt budget, delivered by the
 * next sweep. Nothing accepted is ever lost, and nothing is sent twice: the
 * delivery id stays the referral id.
 */
import type { StaffPrincipal } from '../access/staff-access';
import type { AuditTrail } from '../audit/audit-trail';
import type { ReferralOutbox, ReferralRef } from './outbox';
import { DomainError } from '../errors';

/** No parked referral with these ids in this force (never there, delivered, withdrawn, or already re-driven). */
export class NoParkedReferralError extends DomainError {
  constructor() {
    super('no parked referral with these ids in this force');
    this.name = 'NoParkedReferralError';
  }
}

/**
 * @example
 * await redriveReferral({ outbox, audit }, supervisor, { reportId, referralId });
 */
export async function redriveReferral(
  deps: { outbox: Pick<ReferralOutbox, 'redrive'>; audit: Pick<AuditTrail, 'record'>; now?: () => Date },
  principal: StaffPrincipal,
  ref: ReferralRef,
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  if (!(await deps.outbox.redrive(ref, principal.forceId, now))) throw new NoParkedReferralError();
  await deps.audit.record({
    action: 'alteration',
    operation: 'referral-redrive',
    actor: principal.actor,
    role: principal.role,
    purpose: 'support-referral',
    dataClasses: ['routing'],
    reportId: ref.reportId,
    detail: { referralId: ref.referralId },
  });
}
