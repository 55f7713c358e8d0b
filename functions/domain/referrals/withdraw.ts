/**
 * Withdrawal of consent: every referral of the report not yet delivered is
 * stopped (pending and dead-lettered alike), for some recipient types or all.
 * Charities that already have it are named, so the victim can be told.
 */
import { RECIPIENT_TYPES, type RecipientType } from '../../../schemas/report';
import type { StaffPrincipal } from '../access/staff-access';
import type { AuditTrail } from '../audit/audit-trail';
import type { QueueDesk } from '../queue/queue-desk';
import type { ReferralOutbox, ReferralTargetSealer } from './outbox';

export interface WithdrawalResult {
  /** Referrals stopped before delivery. */
  withdrawn: number;
  /** Charity ids that already have the referral: the victim should be told to contact them. */
  alreadyDeliveredTo: string[];
}

/**
 * @example
 * await withdrawReferralConsent({ outbox, targets }, { forceId, reportId }, ['idva']);
 */
export async function withdrawReferralConsent(
  deps: { outbox: ReferralOutbox; targets: ReferralTargetSealer; now?: () => Date },
  report: { forceId: string; reportId: string },
  recipientTypes?: readonly RecipientType[],
): Promise<WithdrawalResult> {
  const now = (deps.now ?? (() => new Date()))();
  const result: WithdrawalResult = { withdrawn: 0, alreadyDeliveredTo: [] };
  for (const referral of await deps.outbox.ofReport(report.reportId)) {
    if (referral.state === 'withdrawn' || referral.state === 'cancelled') continue;
    // Its target left with the report's consent class (the retention worker cancelled it first if undelivered):
    // nothing is left to stop, and no charity can be named any more.
    if (!referral.sealedTarget) continue;
    const target = await deps.targets.open(referral.sealedTarget, report);
    if (recipientTypes && !recipientTypes.includes(target.recipientType)) continue;
    // The conditional update loses only to a delivery that completed meanwhile.
    if (referral.state !== 'delivered' && (await deps.outbox.withdraw(referral, now))) result.withdrawn += 1;
    else result.alreadyDeliveredTo.push(target.charityId);
  }
  return result;
}

export interface ConsentWithdrawalDeps {
  desk: Pick<QueueDesk, 'admit' | 'now'>;
  audit: Pick<AuditTrail, 'record'>;
  outbox: ReferralOutbox;
  targets: ReferralTargetSealer;
}

/**
 * A call handler (holding the report's lease) or a supervisor records that
 * the victim withdrew consent: the referrals stop and the alteration goes
 * on the s.62 audit trail. Anyone else is refused (403, audited) before
 * anything changes.
 *
 * @example
 * const result = await recordConsentWithdrawal({ desk, audit, outbox, targets }, principal, reportId, ['idva']);
 */
export async function recordConsentWithdrawal(
  deps: ConsentWithdrawalDeps,
  principal: StaffPrincipal,
  reportId: string,
  recipientTypes?: readonly RecipientType[],
): Promise<WithdrawalResult> {
  const routing = await deps.desk.admit(principal, reportId, { operation: 'consent-withdrawal', purpose: 'support-referral', dataClasses: ['consent'] });
  const result = await withdrawReferralConsent({ ...deps, now: () => deps.desk.now() }, { forceId: routing.forceId, reportId }, recipientTypes);
  // Recorded after the change, with what it did; a retry after a failed write changes nothing and is recorded again.
  await deps.audit.record({
    action: 'alteration',
    operation: 'consent-withdrawal',
    actor: principal.actor,
    role: principal.role,
    purpose: 'support-referral',
    dataClasses: ['consent'],
    reportId,
    detail: {
      recipientTypes: (recipientTypes ?? RECIPIENT_TYPES).join(','),
      withdrawn: String(result.withdrawn),
      alreadyDelivered: String(result.alreadyDeliveredTo.length),
    },
  });
  return result;
}
