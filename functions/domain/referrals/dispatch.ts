/**
 * Delivers referrals as signed webhooks. The same code runs behind a
 * DynamoDB Stream (new outbox items, in AWS), a scheduled sweep (retries that
 * came due) and, locally, a poller started by `npm start`.
 *
 * Purpose: `support-referral`. The payload is built by projection at delivery
 * time; the protected section is opened only when the victim consented to
 * share it and the recipient type may see it.
 */
import type { ReportCipher } from '../report';
import { assertNoForbiddenValues, canaryValues } from '../policy/guard';
import { buildReferral, consentsTo, REFERRAL_PROJECTION, REFERRAL_PROTECTED_PROJECTION, sharesProtected } from '../policy/contracts';
import type { DisclosureLog } from '../policy/disclosure';
import { PROTECTED_SHARING } from '../policy/flow-table';
import { signWebhook } from '../webhooks/signature';
import type { IntegrationDirectory, SigningSecrets } from './directory';
import type { OutboxReferral, ReferralOutbox, ReferralRef, ReferralTargetSealer, SealedReportReader } from './outbox';
import { removedClasses } from '../retention/retention';

/** Sends one signed request; resolves with the HTTP status, rejects on network failure. */
export interface WebhookSender {
  post(url: string, body: string, headers: Record<string, string>): Promise<number>;
}

export interface DispatcherOptions {
  /** Attempts before a referral is parked in the dead-letter state. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to `maxDelaySeconds`. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** How long a claim holds a referral against other dispatchers. */
  leaseSeconds: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  maxAttempts: 8,
  baseDelaySeconds: 30,
  maxDelaySeconds: 6 * 3600,
  leaseSeconds: 60,
};

export interface DispatcherDeps {
  outbox: ReferralOutbox;
  reports: SealedReportReader;
  cipher: ReportCipher;
  targets: ReferralTargetSealer;
  directory: IntegrationDirectory;
  secrets: SigningSecrets;
  sender: WebhookSender;
  disclosures: DisclosureLog;
  /** Names the actor in disclosure records. */
  actor: string;
  options?: Partial<DispatcherOptions>;
  now?: () => Date;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'dead-letter' | 'not-claimed' | 'cancelled';

/** What the dispatcher reports for logs: ids and codes only. */
export interface DeliveryResult {
  referralId: string;
  outcome: DeliveryOutcome;
  attempts?: number;
  failure?: string;
}

/** What bounds a run of deliveries: the function's remaining time, as the Lambda context tells it. */
export interface DeliveryBudget {
  remainingMs: () => number;
  /** No delivery starts with less than this left; defaults to {@link DELIVERY_RESERVE_MS}. */
  reserveMs?: number;
}

/** Time one delivery may take: the webhook's own timeout (10 s) plus its records. */
export const DELIVERY_RESERVE_MS = 15_000;

const UNBOUNDED: DeliveryBudget = { remainingMs: () => Number.POSITIVE_INFINITY };

/**
 * True while another delivery may start within `budget`.
 *
 * @example
 * for (const ref of due) if (hasTimeFor({ remainingMs: () => context.getRemainingTimeInMillis() })) await dispatcher.deliver(ref);
 */
export function hasTimeFor(budget: DeliveryBudget): boolean {
  return budget.remainingMs() >= (budget.reserveMs ?? DELIVERY_RESERVE_MS);
}

/**
 * @example
 * const dispatcher = new ReferralDispatcher(deps);
 * await dispatcher.deliver({ reportId, referralId });
 * await dispatcher.sweep(forceId);
 */
export class ReferralDispatcher {
  private readonly options: DispatcherOptions;
  private readonly now: () => Date;

  constructor(private readonly deps: DispatcherDeps) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...deps.options };
    this.now = deps.now ?? (() => new Date());
  }

  /** Delay before attempt `attempts + 1`, in seconds: exponential, capped, with up to 20% jitter. */
  backoffSeconds(attempts: number, random: () => number = Math.random): number {
    const base = Math.min(this.options.maxDelaySeconds, this.options.baseDelaySeconds * 2 ** Math.max(0, attempts - 1));
    return base * (1 + 0.2 * random());
  }

  /**
   * Delivers every referral that is due, one at a time, while the budget
   * lasts: no delivery starts with less than `reserveMs` left (one delivery's
   * webhook and its disclosure record), so the run never stops between a
   * charity receiving a referral and its record; the rest wait for the next run.
   */
  async sweep(forceId: string, limit = 25, budget: DeliveryBudget = UNBOUNDED): Promise<DeliveryResult[]> {
    const due = await this.deps.outbox.due(forceId, this.now(), limit);
    const results: DeliveryResult[] = [];
    for (const ref of due) {
      if (!hasTimeFor(budget)) break;
      results.push(await this.deliver(ref));
    }
    return results;
  }

  async deliver(ref: ReferralRef): Promise<DeliveryResult> {
    const now = this.now();
    const referral = await this.deps.outbox.claim(ref, now, this.options.leaseSeconds);
    if (!referral) return { referralId: ref.referralId, outcome: 'not-claimed' };
    const report = await this.deps.reports.sealedReport(referral.reportId);
    if (!report) {
      await this.deps.outbox.markCancelled(referral, 'report-gone', now);
      return { referralId: referral.referralId, outcome: 'cancelled', failure: 'report-gone' };
    }
    // Its target left with the consent class (the worker cancels such a referral itself; this covers a race).
    if (!referral.sealedTarget) {
      await this.deps.outbox.markCancelled(referral, 'class-removed', now);
      return { referralId: referral.referralId, outcome: 'cancelled', failure: 'class-removed' };
    }
    const context = { forceId: report.routing.forceId, reportId: report.routing.reportId };
    const target = await this.deps.targets.open(referral.sealedTarget, context);
    const charity = this.deps.directory.charities.find((candidate) => candidate.id === target.charityId);
    if (!charity) {
      await this.deps.outbox.markCancelled(referral, 'charity-not-configured', now);
      return { referralId: referral.referralId, outcome: 'cancelled', failure: 'charity-not-configured' };
    }
    // A referral that would carry a removed class (or whose consent record was removed) is cancelled, never sent without it.
    const carried = new Set<string>([...REFERRAL_PROJECTION.dataClasses, 'consent']);
    if (removedClasses(report.retention).some((state) => carried.has(state.dataClass))) {
      await this.deps.outbox.markCancelled(referral, 'class-removed', now);
      return { referralId: referral.referralId, outcome: 'cancelled', failure: 'class-removed' };
    }
    const body = await this.deps.cipher.openBody(report.sealedBody, context);
    if (!consentsTo(body, target.recipientType)) {
      await this.deps.outbox.markCancelled(referral, 'no-consent', now);
      return { referralId: referral.referralId, outcome: 'cancelled', failure: 'no-consent' };
    }
    // A referral that would carry the protected section after its removal is cancelled, never sent without it.
    if (sharesProtected(body, target.recipientType) && !report.sealedProtected) {
      await this.deps.outbox.markCancelled(referral, 'class-removed', now);
      return { referralId: referral.referralId, outcome: 'cancelled', failure: 'class-removed' };
    }
    // Opened only when it may be shared: otherwise the protected section is never decrypted here.
    const section = sharesProtected(body, target.recipientType) && report.sealedProtected
      ? await this.deps.cipher.openProtected(report.sealedProtected, context)
      : undefined;
    const payload = buildReferral(body, section, {
      deliveryId: referral.referralId,
      forceId: report.routing.forceId,
      charityId: charity.id,
      recipientType: target.recipientType,
      referredAt: referral.createdAt,
      riskGrade: report.routing.grade,
    });
    const serialised = JSON.stringify(payload);
    // Last line: configured canaries never leave, whatever the contract says.
    assertNoForbiddenValues(serialised, canaryValues(this.deps.directory.canaries), 'support-referral');

    let failure: string | undefined;
    try {
      const secret = await this.deps.secrets.secretFor(charity.id);
      const status = await this.deps.sender.post(charity.webhookUrl, serialised, signWebhook(secret, { id: referral.referralId, body: serialised, now }));
      if (status < 200 || status > 299) failure = `http-${status}`;
    } catch (error) {
      failure = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
    }
    if (failure === undefined) {
      await this.deps.disclosures.record({
        // The delivery id the charity received (and dedupes on): the record and the charity name the same disclosure.
        disclosureId: referral.referralId,
        forceId: report.routing.forceId,
        reportId: report.routing.reportId,
        purpose: 'support-referral',
        legalBasis: 'consent',
        actor: this.deps.actor,
        recipient: charity.id,
        recipientType: target.recipientType,
        dataClasses: [
          ...REFERRAL_PROJECTION.dataClasses,
          ...(PROTECTED_SHARING[target.recipientType] ? REFERRAL_PROTECTED_PROJECTION.dataClasses : []),
        ],
        contract: 'referral@v1',
        at: now.toISOString(),
      });
      await this.deps.outbox.markDelivered(referral, now);
      return { referralId: referral.referralId, outcome: 'delivered', attempts: referral.attempts + 1 };
    }
    const attempts = referral.attempts + 1;
    const deadLetter = attempts >= this.options.maxAttempts;
    const nextAttemptAt = deadLetter ? undefined : new Date(now.getTime() + this.backoffSeconds(attempts) * 1000);
    await this.deps.outbox.markFailed(referral, { attempts, failure, deadLetter, ...(nextAttemptAt ? { nextAttemptAt } : {}) }, now);
    return { referralId: referral.referralId, outcome: deadLetter ? 'dead-letter' : 'retry', attempts, failure };
  }
}

/** For callers that only hold an outbox item. */
export function refOf(referral: Pick<OutboxReferral, 'reportId' | 'referralId'>): ReferralRef {
  return { reportId: referral.reportId, referralId: referral.referralId };
}
