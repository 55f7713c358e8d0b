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

/** Writes a new report, its queue entry and its receipt look-up in one transaction. */
export interface ReportWriter {
  /** Throws {@link ReportAlreadyStoredError} when a report with this id exists. */
  create(report: NewReport): Promise<void>;
}

/** The report id is taken: a keyed retry of a report that was already stored. */
export class ReportAlreadyStoredError extends Error {
  constructor(readonly reportId: string) {
    super('a report with this id is already stored');
    this.name = 'ReportAlreadyStoredError';
  }
}

export interface AcceptOptions {
  /** A stable id for a keyed submission (see SubmissionFingerprints.reportIdFor); random otherwise. */
  reportId?: string;
}

export interface AcceptReportDeps {
  forceId: string;
  cipher: ReportCipher;
  writer: ReportWriter;
  receipts: ReceiptBook;
  /** How long an accepted report is kept before review-based expiry, in days. */
  retentionDays: number;
  /** Days each removable class is kept (the force config's); a class not named leaves with the report. */
  classRetentionDays?: Partial<Record<RemovableClass, number>>;
  now?: () => Date;
  /** Charities of the force and the sealer for referral targets; without it no referral is made. */
  referrals?: { charities: readonly Charity[]; targets: ReferralTargetSealer };
}

/** What acceptance returns: safe to keep in an idempotency record (no content, no receipt). */
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
  const [sealedBody, sealedProtected] = await Promise.all([
    deps.cipher.sealBody(body, context),
    deps.cipher.sealProtected(immigration, context),
  ]);
  // Referrals only for the recipient types the victim consented to; written in the same transaction as the report.
  const plan = deps.referrals;
  const referrals: NewReferral[] = plan
    ? await Promise.all(
        planReferrals(plan.charities, submission).map(async (target) => ({
          referralId: randomUUID(),
          sealedTarget: await plan.targets.seal(target, context),
        })),
      )
    : [];
  const accepted = { reportId, urgent: risk.priority === PRIORITY.redFlag };
  try {
    await deps.writer.create({
      routing,
      sealedBody,
      sealedProtected,
      receiptLookupKey: deps.receipts.lookupKey(deps.receipts.issue(reportId)),
      expiresAt: Math.floor(now.getTime() / 1000) + deps.retentionDays * 86_400,
      ...(referrals.length > 0 ? { referrals } : {}),
      // Every report gets the same schedule, whatever it holds: the schedule reveals nothing about its content.
      retention: removalSchedule(now, deps.classRetentionDays ?? {}, deps.retentionDays),
    });
  } catch (error) {
    // Same id, same key and fingerprint: the first attempt stored it; answer as it would have.
    if (error instanceof ReportAlreadyStoredError && options.reportId) return accepted;
    throw error;
  }
  return accepted;
}
