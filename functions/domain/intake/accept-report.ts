/**
 * Accepting a report: score, seal, store. The caller has validated it.
 */
import { randomUUID } from 'node:crypto';
import type { ReportSubmission } from '../../../schemas/report';
import type { NewReport, ReportCipher, ReportRouting } from '../report';
import type { ReceiptBook } from '../receipts/receipt';
import { assessRisk, PRIORITY } from '../risk/assess';
import type { Charity } from '../referrals/directory';
import { planReferrals } from '../referrals/match';
import type { NewReferral, ReferralTargetSealer } from '../referrals/outbox';
import { removalSchedule, type RemovableClass } from '../retention/retention';
import { BODY_CLASSES, bodyParts } from '../retention/parts';
import { DomainError } from '../errors';

/**
 * What a keyed submission claims in the same transaction as its report: the
 * Idempotency-Key (keyed-hashed, never stored as sent) names one report and
 * one body fingerprint until it expires.
 */
export interface KeyClaim {
  /** HMAC of the Idempotency-Key (SubmissionFingerprints.claimOf). */
  claimId: string;
  /** Keyed fingerprint of the body (SubmissionFingerprints.of). */
  fingerprint: string;
  /** Epoch seconds after which the key may name another report. */
  expiresAt: number;
}

/** Writes a new report, its queue entry, its receipt look-up (and a keyed submission's claim) in one transaction. */
export interface ReportWriter {
  /**
   * One round trip. Throws {@link ReportAlreadyStoredError} when a report with this id exists,
   * {@link ReceiptReplacedError} when it exists and its intake receipt has since been replaced,
   * {@link IdempotencyKeyReusedError} when the claim names another body, and
   * {@link SubmissionInProgressError} when a concurrent write of the same items won the race.
   */
  create(report: NewReport, claim?: KeyClaim): Promise<void>;
}

/** The Idempotency-Key is claimed by a submission with another body: nothing was stored. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('this Idempotency-Key was already used for a different report');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Another request is writing the same items right now: nothing was stored by this one; a retry answers. */
export class SubmissionInProgressError extends DomainError {
  constructor() {
    super('a concurrent submission is writing the same report');
    this.name = 'SubmissionInProgressError';
  }
}

/**
 * A keyed retry of a report that was already stored, whose intake receipt the
 * victim has since replaced: nothing was stored, and no receipt may
 * be answered. The first one no longer works, and the newest is never handed
 * out again (whoever replays the key may be the abuser).
 */
export class ReceiptReplacedError extends DomainError {
  constructor() {
    super('the report is stored and its receipt has since been replaced');
    this.name = 'ReceiptReplacedError';
  }
}

/** The report id is taken: a keyed retry of a report that was already stored. */
export class ReportAlreadyStoredError extends DomainError {
  constructor(readonly reportId: string) {
    super('a report with this id is already stored');
    this.name = 'ReportAlreadyStoredError';
  }
}

export interface AcceptOptions {
  /** A stable id for a keyed submission (see SubmissionFingerprints.reportIdFor); random otherwise. */
  reportId?: string;
  /** A keyed submission's claim on its Idempotency-Key, written with the report. */
  claim?: Omit<KeyClaim, 'expiresAt'> & { expiresAfterSeconds: number };
}

export interface AcceptReportDeps {
  forceId: string;
  cipher: ReportCipher;
  writer: ReportWriter;
  receipts: ReceiptBook;
  /** How long an accepted report is kept before review-based expiry, in days. */
  retentionDays: number;
  /**
   * Days each removable class is kept (the force config's); a class not named
   * leaves with the report. The body is sealed in one part per distinct number
   * of days among its classes (functions/domain/retention/parts.ts).
   */
  classRetentionDays?: Partial<Record<RemovableClass, number>>;
  now?: () => Date;
  /** Charities of the force and the sealer for referral targets; without it no referral is made. */
  referrals?: { charities: readonly Charity[]; targets: ReferralTargetSealer };
}

/** What acceptance returns: ids and a flag only (no content, no receipt). */
export interface AcceptedReport {
  reportId: string;
  /** True when a red flag was raised: the victim is shown the 999 / Silent Solution prompt. */
  urgent: boolean;
}

/**
 * Accepts a validated submission.
 *
 * @example
 * const accepted = await acceptReport(deps, submission);
 * const receipt = deps.receipts.issue(accepted.reportId);
 */
export async function acceptReport(
  deps: AcceptReportDeps,
  submission: ReportSubmission,
  options: AcceptOptions = {},
): Promise<AcceptedReport> {
  const now = (deps.now ?? (() => new Date()))();
  const reportId = options.reportId ?? randomUUID();
  const risk = assessRisk(submission.risk.answers);
  const routing: ReportRouting = {
    reportId,
    forceId: deps.forceId,
    grade: risk.grade,
    priority: risk.priority,
    status: 'received',
    createdAt: now.toISOString(),
  };
  const context = { forceId: deps.forceId, reportId };
  const { immigration, ...body } = submission;
  // Every encryption of the report starts at once: with KMS, one parallel round of two GenerateDataKey calls (the report's
  // key under the force's report key and under its safeguarding key), which every part below shares.
  const plan = deps.referrals;
  const targets = plan ? planReferrals(plan.charities, submission) : [];
  const classDays = deps.classRetentionDays ?? {};
  const parts = bodyParts(
    Object.fromEntries(BODY_CLASSES.map((dataClass) => [dataClass, Math.min(classDays[dataClass] ?? deps.retentionDays, deps.retentionDays)])) as Record<(typeof BODY_CLASSES)[number], number>,
  );
  // The body's parts are sealed inside sealBody, all at once too (one data key each, wrapped by the report's key); the
  // queue's needs hint (../queue/needs-hint.ts) and the referral targets are more data keys under that same report key.
  const [sealedBody, sealedProtected, sealedNeeds, ...sealedTargets] = await Promise.all([
    deps.cipher.sealBody(body, context, parts.map((part) => part.part)),
    deps.cipher.sealProtected(immigration, context),
    deps.cipher.sealNeeds({ language: submission.support.language, interpreterNeeded: submission.support.interpreterNeeded }, context),
    ...targets.map((target) => (plan as NonNullable<typeof plan>).targets.seal(target, context)),
  ]);
  // Referrals only for the recipient types the victim consented to; written in the same transaction as the report.
  const referrals: NewReferral[] = sealedTargets.map((sealedTarget) => ({ referralId: randomUUID(), sealedTarget }));
  const accepted = { reportId, urgent: risk.priority === PRIORITY.redFlag };
  try {
    await deps.writer.create({
      routing,
      sealedBody,
      sealedProtected,
      sealedNeeds: sealedNeeds as Uint8Array,
      receiptLookupKey: deps.receipts.lookupKey(deps.receipts.issue(reportId)),
      expiresAt: Math.floor(now.getTime() / 1000) + deps.retentionDays * 86_400,
      ...(referrals.length > 0 ? { referrals } : {}),
      // Every report gets the same schedule, whatever it holds: the schedule reveals nothing about its content.
      retention: removalSchedule(now, classDays, deps.retentionDays, parts),
    }, options.claim && {
      claimId: options.claim.claimId,
      fingerprint: options.claim.fingerprint,
      expiresAt: Math.floor(now.getTime() / 1000) + options.claim.expiresAfterSeconds,
    });
  } catch (error) {
    // Same id, so same key and fingerprint: the first attempt stored it; answer as it would have, storing nothing.
    // (A ReceiptReplacedError passes through: the answer the first attempt gave names a receipt that no longer works.)
    if (error instanceof ReportAlreadyStoredError && options.reportId) return accepted;
    throw error;
  }
  return accepted;
}
