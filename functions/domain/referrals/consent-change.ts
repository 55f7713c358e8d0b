/**
 * What a victim's consent change through the receipt does to the
 * report's referrals. Decided here, from the body before and after the change
 * and the referrals the report already has, so the channel can write the
 * re-sealed body, the new referrals, the stopped ones and the audit record in
 * ONE transaction, conditioned on the body version it read:
 *
 * - a kind of service the victim gives that was not given before is referred
 *   exactly as the intake would have referred it ({@link planReferrals} over
 *   the changed body), unless a referral of that kind is still live (pending,
 *   parked or delivered): a charity never gets the same victim twice for one kind;
 * - a kind given again while already given changes nothing, so the same
 *   consent given twice (or two gifts racing: the second is rebuilt on the
 *   first's version) makes one referral. The web form posts every ticked kind
 *   as given, so leaving a box ticked is never read as asking again;
 * - a kind withdrawn stops every referral of it not yet delivered (pending or
 *   parked), and names the charities that already have one;
 * - give, withdraw, give: the first referral was stopped by the withdrawal, so
 *   the second gift makes a new one; if the first had already been delivered,
 *   the second gift makes none (that charity already has the referral).
 */
import type { RecipientType, ReportSubmission } from '../../../schemas/report';
import { consentsTo } from '../policy/contracts';
import type { Charity } from './directory';
import { planReferrals, type PlannedReferral } from './match';
import type { OutboxReferral, ReferralState, ReferralTarget, ReferralTargetSealer } from './outbox';

/** A referral the report already has, its target opened. */
export interface ExistingReferral {
  referralId: string;
  state: ReferralState;
  target: ReferralTarget;
}

/**
 * The report's referrals a consent change weighs: not withdrawn or cancelled,
 * and still holding a target (one whose target left with the consent class has
 * nothing left to stop or name), their targets opened.
 *
 * @example
 * const existing = await openExistingReferrals(await outbox.ofReport(reportId), targets, { forceId, reportId });
 */
export function openExistingReferrals(stored: readonly OutboxReferral[], targets: ReferralTargetSealer, report: { forceId: string; reportId: string }): Promise<ExistingReferral[]> {
  return Promise.all(
    stored.flatMap(({ referralId, state, sealedTarget }) =>
      state !== 'withdrawn' && state !== 'cancelled' && sealedTarget ? [targets.open(sealedTarget, report).then((target) => ({ referralId, state, target }))] : [],
    ),
  );
}

export interface ConsentReferralPlan {
  /** Referrals to create, as the intake would (charity and kind). */
  create: PlannedReferral[];
  /** Referral ids to stop: undelivered referrals of kinds no longer consented to. */
  stop: string[];
  /** Charity ids that already have a referral of a kind withdrawn now. */
  alreadyDeliveredTo: string[];
}

type Consented = Pick<ReportSubmission, 'consent' | 'incident' | 'support'>;

const LIVE: ReadonlySet<ReferralState> = new Set(['pending', 'dead-letter', 'delivered']);
const UNDELIVERED: ReadonlySet<ReferralState> = new Set(['pending', 'dead-letter']);

/**
 * @example
 * const plan = planConsentReferrals(charities, before, after, ['local-da-service'], ['idva'], existing);
 * // { create: [{ charityId: 'north-da', recipientType: 'local-da-service' }], stop: ['…'], alreadyDeliveredTo: [] }
 */
export function planConsentReferrals(
  charities: readonly Charity[],
  before: Pick<ReportSubmission, 'consent'>,
  after: Consented,
  giving: readonly RecipientType[],
  withdrawing: readonly RecipientType[],
  existing: readonly ExistingReferral[],
): ConsentReferralPlan {
  const liveKinds = new Set(existing.filter((referral) => LIVE.has(referral.state)).map((referral) => referral.target.recipientType));
  const wanted = new Set(giving.filter((kind) => !consentsTo(before, kind) && consentsTo(after, kind) && !liveKinds.has(kind)));
  const create = wanted.size === 0 ? [] : planReferrals(charities, after).filter((planned) => wanted.has(planned.recipientType));
  const stop = existing
    .filter((referral) => UNDELIVERED.has(referral.state) && !consentsTo(after, referral.target.recipientType))
    .map((referral) => referral.referralId);
  const alreadyDeliveredTo = existing
    .filter((referral) => referral.state === 'delivered' && withdrawing.includes(referral.target.recipientType))
    .map((referral) => referral.target.charityId);
  return { create, stop, alreadyDeliveredTo };
}
