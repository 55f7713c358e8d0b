/**
 * Withdrawal of consent: every referral of the report not yet delivered is
 * stopped (pending and dead-lettered alike). Optionally only for some
 * recipient types, which needs the sealed targets opened.
 */
import type { RecipientType } from '../../../schemas/report';
import type { ReferralOutbox, ReferralTargetSealer } from './outbox';

export interface WithdrawalResult {
  withdrawn: number;
  /** Already delivered: the charity has it; the victim should be told to contact them. */
  alreadyDelivered: number;
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
  const result: WithdrawalResult = { withdrawn: 0, alreadyDelivered: 0 };
  for (const referral of await deps.outbox.ofReport(report.reportId)) {
    if (referral.state === 'withdrawn' || referral.state === 'cancelled') continue;
    if (recipientTypes) {
      const target = await deps.targets.open(referral.sealedTarget, report);
      if (!recipientTypes.includes(target.recipientType)) continue;
    }
    if (referral.state === 'delivered') {
      result.alreadyDelivered += 1;
      continue;
    }
    if (await deps.outbox.withdraw(referral, now)) result.withdrawn += 1;
    else result.alreadyDelivered += 1;
  }
  return result;
}
