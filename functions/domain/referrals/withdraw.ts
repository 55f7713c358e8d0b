/**
 * Withdrawal of consent: every referral of the report not yet delivered is
 * stopped (pending and dead-lettered alike), for some recipient types or all.
 * Charities that already have it are named, so the victim can be told.
 *
 * Recorded by staff, it also clears those kinds' consent flags in the sealed
 * body, exactly as the victim's own withdrawal through the receipt does
 * (functions/domain/channel/victim-channel.ts): the body is re-sealed into
 * the parts it still holds and written through the channel store with the
 * stopped referrals and the audit record in one transaction, conditioned on
 * the body version read and on the lease, so the victim's page shows the
 * consent as withdrawn and a later gift of it is referred anew.
 */
import { RECIPIENT_TYPES, type RecipientType } from '../../../schemas/report';
import type { StaffPrincipal } from '../access/staff-access';
import type { AuditEvent, AuditTrail } from '../audit/audit-trail';
import type { ChannelReport, ChannelStore } from '../channel/channel-store';
import { ReportNotFoundError } from '../errors';
import { CONSENT_FLAG } from '../policy/flow-table';
import { WorkConflictError, type QueueDesk } from '../queue/queue-desk';
import type { ReportCipher } from '../report';
import { holdsClass, partsToReseal } from '../retention/sealed-body';
import { openExistingReferrals, planConsentReferrals } from './consent-change';
import type { ReferralOutbox, ReferralTargetSealer } from './outbox';

/** Writes retried when the body changed between the read and the write (as the receipt channel retries its own). */
const WRITE_ATTEMPTS = 4;

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
  audit: Pick<AuditTrail, 'prepare' | 'record'>;
  outbox: ReferralOutbox;
  targets: ReferralTargetSealer;
  /** The receipt channel's store: its conditional body write carries the re-sealed body, the stopped referrals and the audit record. */
  store: Pick<ChannelStore, 'report' | 'apply'>;
  /** Opens and re-seals the body, under the report key only. */
  cipher: Pick<ReportCipher, 'openBody' | 'sealBody'>;
}

/**
 * A call handler (holding the report's lease) or a supervisor records that
 * the victim withdrew consent: the consent flags of those kinds are cleared
 * in the sealed body, the referrals stop, and the alteration goes on the
 * s.62 audit trail, all in one transaction. Anyone else is refused (403,
 * audited) before anything changes. A write that loses to another change of
 * the body (the victim's own consent change, say) is rebuilt on what won;
 * a lease lost meanwhile, or other changes that kept winning, answer 409.
 * Once retention removed the `consent` class there is no flag left to clear:
 * the referrals still stop, one by one, as before.
 *
 * `share-immigration-with-support` is left as it is: the contract's withdrawal
 * names kinds of service (schemas/firewall.ts ConsentWithdrawalRequestSchema,
 * "omitted: all of them"), and that flag is not one; it only says what a
 * referral made with consent may carry, and with no service consented to none is made.
 *
 * @example
 * const result = await recordConsentWithdrawal({ desk, audit, outbox, targets, store, cipher }, principal, reportId, ['idva']);
 */
export async function recordConsentWithdrawal(
  deps: ConsentWithdrawalDeps,
  principal: StaffPrincipal,
  reportId: string,
  recipientTypes?: readonly RecipientType[],
): Promise<WithdrawalResult> {
  const routing = await deps.desk.admit(principal, reportId, { operation: 'consent-withdrawal', purpose: 'support-referral', dataClasses: ['consent'] });
  const kinds = recipientTypes ?? RECIPIENT_TYPES;
  const event = (result: WithdrawalResult): AuditEvent => ({
    action: 'alteration',
    operation: 'consent-withdrawal',
    actor: principal.actor,
    role: principal.role,
    purpose: 'support-referral',
    dataClasses: ['consent'],
    reportId,
    detail: { recipientTypes: kinds.join(','), withdrawn: String(result.withdrawn), alreadyDelivered: String(result.alreadyDeliveredTo.length) },
  });
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const report = await deps.store.report(reportId);
    if (!report) throw new ReportNotFoundError();
    if (attempt > 0 && !holdsLease(principal, report, deps.desk.now().getTime())) {
      throw new WorkConflictError('report-changed', 'The report changed meanwhile (lease expired or reassigned); read it again');
    }
    if (!holdsClass(report.sealedBody, 'consent')) {
      const result = await withdrawReferralConsent({ ...deps, now: () => deps.desk.now() }, { forceId: routing.forceId, reportId }, recipientTypes);
      // Recorded after the change, with what it did; a retry after a failed write changes nothing and is recorded again.
      await deps.audit.record(event(result));
      return result;
    }
    const { result, write } = await resealWithdrawn(deps, principal, report, kinds);
    if (await deps.store.apply(report, write, deps.audit.prepare(event(result)))) return result;
  }
  throw new WorkConflictError('report-changed', 'The report kept changing; read it again');
}

/** The re-sealed body with `kinds` withdrawn, and the undelivered referrals of those kinds stopped (those delivered named). */
async function resealWithdrawn(deps: ConsentWithdrawalDeps, principal: StaffPrincipal, report: ChannelReport, kinds: readonly RecipientType[]) {
  const context = { forceId: report.forceId, reportId: report.reportId };
  const [body, stored] = await Promise.all([deps.cipher.openBody(report.sealedBody, context), deps.outbox.ofReport(report.reportId)]);
  const consent = { ...body.consent };
  for (const kind of kinds) consent[CONSENT_FLAG[kind]] = false;
  const after = { ...body, consent };
  const existing = await openExistingReferrals(stored, deps.targets, context);
  // Nothing given, so no charity list is needed: the plan only stops and names.
  const plan = planConsentReferrals([], body, after, [], kinds, existing);
  const sealedBody = await deps.cipher.sealBody(after, context, partsToReseal(report.sealedBody));
  const now = deps.desk.now();
  const referrals = plan.stop.length ? { referrals: { at: now.toISOString(), create: [], stop: plan.stop } } : {};
  return {
    result: { withdrawn: plan.stop.length, alreadyDeliveredTo: plan.alreadyDeliveredTo },
    write: { kind: 'staff-body' as const, sealedBody, bodyVersion: report.bodyVersion, ...(principal.role === 'supervisor' ? {} : { holder: principal.actor }), nowMs: now.getTime(), ...referrals },
  };
}

/** A supervisor may write while the report exists; anyone else only while holding the lease (as the desk admits). */
function holdsLease(principal: StaffPrincipal, report: ChannelReport, nowMs: number): boolean {
  return principal.role === 'supervisor' || (report.lease?.holder === principal.actor && report.lease.until > nowMs);
}
