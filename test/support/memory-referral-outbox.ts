/**
 * In-memory ports of the referral flows for unit tests: an outbox whose
 * every change is one check-and-set (the conditional updates DynamoDB runs),
 * a report reader over sealed reports, and a target sealer bound to its force
 * and report. The DynamoDB outbox itself is exercised against DynamoDB Local
 * in test/integration/referrals.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { OutboxReferral, ReferralOutbox, ReferralRef, ReferralTarget, ReferralTargetSealer, SealedReport, SealedReportReader } from '../../functions/domain/referrals/outbox';
import type { SealContext } from '../../functions/domain/report';

/**
 * @example
 * const outbox = new MemoryReferralOutbox();
 * outbox.put({ referralId: 'ref-1', reportId: 'r-1', forceId, sealedTarget, createdAt });
 */
export class MemoryReferralOutbox implements ReferralOutbox, SealedReportReader {
  readonly referrals = new Map<string, OutboxReferral>();
  readonly reports = new Map<string, SealedReport>();

  put(referral: Pick<OutboxReferral, 'referralId' | 'reportId' | 'forceId' | 'sealedTarget' | 'createdAt'> & Partial<OutboxReferral>): void {
    this.referrals.set(referral.referralId, { state: 'pending', attempts: 0, nextAttemptAt: referral.createdAt, ...referral });
  }

  async sealedReport(reportId: string): Promise<SealedReport | undefined> {
    return this.reports.get(reportId);
  }

  async claim(ref: ReferralRef, now: Date, _leaseSeconds: number): Promise<OutboxReferral | undefined> {
    const referral = this.#of(ref);
    if (!referral || referral.state !== 'pending' || referral.nextAttemptAt > now.toISOString() || referral.leaseId) return undefined;
    referral.leaseId = randomUUID();
    return { ...referral };
  }

  async markDelivered(referral: OutboxReferral, _now: Date): Promise<void> {
    this.#finish(referral, { state: 'delivered' });
  }

  async markFailed(referral: OutboxReferral, outcome: { attempts: number; failure: string; nextAttemptAt?: Date; deadLetter: boolean }): Promise<void> {
    this.#finish(referral, {
      state: outcome.deadLetter ? 'dead-letter' : 'pending',
      attempts: outcome.attempts,
      lastFailure: outcome.failure,
      ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt.toISOString() } : {}),
    });
  }

  async markCancelled(referral: OutboxReferral, reason: string): Promise<void> {
    this.#finish(referral, { state: 'cancelled', lastFailure: reason });
  }

  async due(forceId: string, now: Date, limit: number): Promise<ReferralRef[]> {
    return [...this.referrals.values()]
      .filter((referral) => referral.forceId === forceId && referral.state === 'pending' && referral.nextAttemptAt <= now.toISOString())
      .sort((a, b) => (a.nextAttemptAt < b.nextAttemptAt ? -1 : 1))
      .slice(0, limit)
      .map(({ reportId, referralId }) => ({ reportId, referralId }));
  }

  async deadLetters(forceId: string, limit: number): Promise<OutboxReferral[]> {
    return [...this.referrals.values()].filter((referral) => referral.forceId === forceId && referral.state === 'dead-letter').slice(0, limit);
  }

  async ofReport(reportId: string): Promise<OutboxReferral[]> {
    return [...this.referrals.values()].filter((referral) => referral.reportId === reportId).map((referral) => ({ ...referral }));
  }

  async withdraw(ref: ReferralRef, _now: Date): Promise<boolean> {
    const referral = this.#of(ref);
    if (!referral || referral.state === 'delivered' || referral.state === 'cancelled') return false;
    referral.state = 'withdrawn';
    delete referral.leaseId;
    return true;
  }

  async redrive(ref: ReferralRef, forceId: string, now: Date): Promise<boolean> {
    const referral = this.#of(ref);
    if (!referral || referral.forceId !== forceId || referral.state !== 'dead-letter') return false;
    Object.assign(referral, { state: 'pending', attempts: 0, nextAttemptAt: now.toISOString() });
    return true;
  }

  #of(ref: ReferralRef): OutboxReferral | undefined {
    const referral = this.referrals.get(ref.referralId);
    return referral?.reportId === ref.reportId ? referral : undefined;
  }

  /** Only the dispatcher holding the lease, and only while still pending (a withdrawal meanwhile wins). */
  #finish(held: OutboxReferral, change: Partial<OutboxReferral>): void {
    const referral = this.referrals.get(held.referralId);
    if (!referral || referral.state !== 'pending' || referral.leaseId !== held.leaseId) return;
    Object.assign(referral, change);
    delete referral.leaseId;
  }
}

/**
 * Referral targets sealed as JSON bound to their force and report (opening under another report fails).
 *
 * @example
 * const sealedTarget = await memoryTargets.seal({ charityId: 'north-idva', recipientType: 'idva' }, { forceId, reportId });
 */
export const memoryTargets: ReferralTargetSealer = {
  seal: async (target: ReferralTarget, context: SealContext) => new TextEncoder().encode(JSON.stringify({ context, target })),
  open: async (sealed: Uint8Array, context: SealContext) => {
    const { context: bound, target } = JSON.parse(new TextDecoder().decode(sealed)) as { context: SealContext; target: ReferralTarget };
    if (bound.forceId !== context.forceId || bound.reportId !== context.reportId) throw new Error('sealed under another context');
    return target;
  },
};
