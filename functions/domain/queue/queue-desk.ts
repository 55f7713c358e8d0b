/**
 * The call handlers' desk: list the force queue, claim the next report, read
 * it, open its protected section on request, attempt contact within the
 * victim's plan, record the outcome, and manage leases. Pure orchestration
 * over {@link QueueStore}, {@link ReportCipher} and the {@link AuditTrail}.
 *
 * Audit rules kept here:
 * - every read of report content writes a consultation record BEFORE the
 *   content is returned (no record, no content);
 * - every change of a report is written in the same transaction as its
 *   alteration record (both or neither);
 * - a refused request writes a refusal record and never a read record.
 */
import { classifiedFields, type DataClass } from '../../../schemas/data-class';
import { ReportSubmissionSchema, type ImmigrationSection, type ReportBody } from '../../../schemas/report';
import type { ProtectedReadReason } from '../../../schemas/reason-codes';
import { SAFEGUARDING_ROLES, type StaffPrincipal } from '../access/staff-access';
import { screenTypedText, TypedTextRefusedError, valuesOfClasses } from '../policy/guard';
import type { AuditEvent, AuditTrail, Page, PageRequest, Purpose } from '../audit/audit-trail';
import { checkContactAttempt, type ContactChannel, type ContactRefusalReason } from '../contact-policy/contact-policy';
import type { ReportCipher, ReportRouting } from '../report';
import { WorkContentionError, type QueueEntry, type QueueListState, type QueueStore, type StoredReport, type WorkChange, type WorkGuard } from './queue-store';
import { ClassRemovedError, removedState, type ClassRetention } from '../retention/retention';
import { CONTACT_RESULTS, type ContactResult } from '../../../schemas/contact';
import { advanceStatus, holdsLease, leaseActive, type Lease, type OutcomeCode } from './work-rules';
import { DomainError, ReportNotFoundError } from '../errors';

/** The data classes the sealed body can hold: everything but the protected section, plus routing. */
export const REPORT_BODY_DATA_CLASSES: readonly DataClass[] = [
  ...new Set<DataClass>([
    'routing',
    ...classifiedFields(ReportSubmissionSchema)
      .map((field) => field.dataClass)
      .filter((dataClass): dataClass is DataClass => dataClass !== undefined && dataClass !== 'protected-immigration'),
  ]),
].sort();

/** A report as staff see it: routing metadata, lease, and the decrypted body (never the protected section). */
export interface ReportView {
  routing: ReportRouting;
  lease?: Lease;
  outcome?: OutcomeCode;
  body: ReportBody;
  /** Classes kept for fewer days than the report: when each is due to leave, and when it left. */
  retention?: ClassRetention[];
}

/** Raised when the member of staff may not do this to this report; already audited as a refusal. */
export class ReportAccessRefusedError extends DomainError {
  constructor(readonly reason: 'not-lease-holder' | 'not-a-safeguarding-role' | 'wrong-force') {
    super(`access refused: ${reason}`);
    this.name = 'ReportAccessRefusedError';
  }
}

/** Raised when the report's state does not allow the change (closed, lease lost or changed meanwhile). */
export class WorkConflictError extends DomainError {
  constructor(
    readonly code: 'report-closed' | 'lease-not-held' | 'report-changed',
    message: string,
  ) {
    super(message);
    this.name = 'WorkConflictError';
  }
}

/** Raised when the safe-contact plan does not allow an attempt; already audited as a refusal. */
export class ContactRefusedError extends DomainError {
  constructor(
    readonly reasons: readonly ContactRefusalReason[],
    /** When the refusal is a pause: until when (ISO 8601), which the 409 names. */
    readonly pausedUntil?: string,
  ) {
    super(`contact attempt refused: ${reasons.join(', ')}`);
    this.name = 'ContactRefusedError';
  }
}

export { CONTACT_RESULTS, type ContactResult };

export interface ContactAttemptInput {
  channel: ContactChannel;
  leaveVoicemail: boolean;
  result: ContactResult;
}

export interface QueueDeskDeps {
  forceId: string;
  store: QueueStore;
  cipher: ReportCipher;
  audit: AuditTrail;
  /** How long a claim or renewal holds a report, in seconds. */
  leaseSeconds: number;
  now?: () => Date;
  /** Waiting entries a claimer chooses among (K): the head first, then the others in a random order. */
  claimPageSize?: number;
  /**
   * Time a claim keeps in hand after its lease is written, to read and open the
   * report it won: no new claim attempt starts with less than this remaining.
   */
  claimReserveMs?: number;
  /** The random source of the claim spread (tests pin it). */
  random?: () => number;
}

/** What bounds one claim: the function's remaining time, as the Lambda context tells it. */
export interface ClaimBudget {
  remainingMs: () => number;
}

/**
 * Raised when a claim ran out of time BEFORE writing any lease: nothing was
 * taken, so the caller may simply claim again (503).
 */
export class ClaimTimeUpError extends DomainError {
  constructor() {
    super('no time left to claim a report; nothing was taken');
    this.name = 'ClaimTimeUpError';
  }
}

/** The order a claimer tries a page of waiting entries: the head (the queue's priority order is a safeguarding rule), then the rest shuffled. */
export function claimOrder<T>(entries: readonly T[], random: () => number, headFirst: boolean): T[] {
  const [head, ...rest] = entries;
  const shuffled = headFirst ? rest : [...entries];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
  }
  return headFirst && head !== undefined ? [head, ...shuffled] : shuffled;
}

/** The desk's own work is under the safeguarding purpose; {@link QueueDesk.admit} names others. */
const PURPOSE: Purpose = 'safeguarding';

/**
 * @example
 * const desk = new QueueDesk({ forceId, store, cipher, audit, leaseSeconds: 900 });
 * const claimed = await desk.claimNext(principal);   // undefined when nothing is waiting
 */
export class QueueDesk {
  readonly #deps: Required<QueueDeskDeps>;

  constructor(deps: QueueDeskDeps) {
    this.#deps = { now: () => new Date(), claimPageSize: 10, claimReserveMs: 2_500, random: Math.random, ...deps };
  }

  /** The force queue in priority order: plaintext routing metadata only. */
  list(state: QueueListState, page: PageRequest): Promise<Page<QueueEntry>> {
    return this.#deps.store.list(this.#deps.forceId, state, this.#nowMs(), page);
  }

  /**
   * Claims the highest-priority report nobody holds, with a lease, and returns
   * it decrypted. Candidates come from a strongly consistent query that walks
   * past leased entries until it finds waiting ones or the queue ends; the
   * claim itself is a conditional write, so under contention exactly one
   * claimer wins each report.
   *
   * Contention: every claimer tries the head of the waiting queue first (so a
   * lone claimer takes reports strictly in priority order); a claimer that
   * loses a race tries the other waiting entries of its page (K =
   * `claimPageSize`) in a random order, so concurrent losers do not walk the
   * same entries in the same order (bench/claims.ts measures it).
   *
   * Time: no attempt starts with less than `claimReserveMs` left
   * ({@link ClaimTimeUpError}: nothing taken, 503); once a lease is written the
   * report is returned whatever the remaining time. A write whose outcome is
   * unknown (a timeout) is settled by reading the lease back.
   */
  async claimNext(principal: StaffPrincipal, budget: ClaimBudget = { remainingMs: () => Number.POSITIVE_INFINITY }): Promise<ReportView | undefined> {
    const { store, forceId, claimPageSize, claimReserveMs, random } = this.#deps;
    let cursor: string | undefined;
    let lostRace = false;
    // Reports skipped because writes kept colliding on them may still wait: a pass that skipped any is followed by another.
    let skippedBusy = false;
    for (;;) {
      if (budget.remainingMs() < claimReserveMs) throw new ClaimTimeUpError();
      const page = await store.list(forceId, 'waiting', this.#nowMs(), { limit: claimPageSize, cursor });
      for (const entry of claimOrder(page.items, random, !lostRace)) {
        if (budget.remainingMs() < claimReserveMs) throw new ClaimTimeUpError();
        const attempt = await this.#tryClaim(principal, entry);
        if (attempt !== 'lost' && attempt !== 'busy') return this.#view(attempt);
        lostRace = true;
        if (attempt === 'busy') skippedBusy = true;
      }
      cursor = page.cursor;
      if (cursor) continue;
      if (!skippedBusy) return undefined;
      skippedBusy = false;
    }
  }

  /**
   * One claim attempt: the report won, `lost` when another claimer had it,
   * or `busy` when colliding writes left it undecided (it may still wait). The report is read BEFORE the write (its sealed parts never change),
   * so once the lease is written no storage call stands between the claim
   * and its answer.
   */
  async #tryClaim(principal: StaffPrincipal, entry: QueueEntry): Promise<StoredReport | 'lost' | 'busy'> {
    const { store, forceId } = this.#deps;
    const before = await store.report(entry.reportId);
    const nowMs = this.#nowMs();
    // Gone (closed) or taken since the listing: no write needed to know we lost.
    if (!before || leaseActive(before.lease, nowMs)) return 'lost';
    const lease = { holder: principal.actor, until: nowMs + this.#deps.leaseSeconds * 1000 };
    const status = advanceStatus(entry.status, 'in-review');
    const won = { ...before, routing: { ...before.routing, status }, lease };
    // The consultation record is written with the claim: a lost race leaves no record.
    const consultation = this.#deps.audit.prepare(this.#event(principal, entry.reportId, 'consultation', 'claim', REPORT_BODY_DATA_CLASSES));
    try {
      return (await store.transition(forceId, entry, { kind: 'unleased', nowMs }, { status, lease }, consultation)) ? won : 'lost';
    } catch (error) {
      // Writes kept colliding on it (both sides of a conflict may be cancelled): move on, and come back if nothing else is won.
      if (error instanceof WorkContentionError) return 'busy';
      // The write may or may not have happened (a timeout): the lease it would have written says which.
      const after = await store.report(entry.reportId).catch(() => undefined);
      if (after?.lease?.holder === lease.holder && after.lease.until === lease.until) return won;
      throw error;
    }
  }

  /** One report, for its lease holder or a supervisor. */
  async read(principal: StaffPrincipal, reportId: string): Promise<ReportView> {
    const report = await this.#report(reportId);
    await this.#mayWork(principal, report, 'read-report');
    return this.#consultBody(principal, report, 'read-report');
  }

  /**
   * The protected-immigration section, for safeguarding roles holding the
   * report (or supervising), on an explicit request with a reason: a code
   * (plaintext, counted) and the words, which the trail seals under the
   * safeguarding key. Words that quote a protected value of this report are
   * refused (and the refusal audited) before anything is stored or returned.
   */
  async readProtected(principal: StaffPrincipal, reportId: string, reason: { code: ProtectedReadReason; text: string }): Promise<ImmigrationSection | undefined> {
    const report = await this.#report(reportId);
    if (!SAFEGUARDING_ROLES.includes(principal.role)) {
      await this.#refuse(principal, report, 'read-protected', 'not-a-safeguarding-role', ['protected-immigration']);
    }
    await this.#mayWork(principal, report, 'read-protected', ['protected-immigration']);
    const removed = removedState(report.retention, 'protected-immigration');
    if (removed || !report.sealedProtected) {
      // Nothing is opened or returned; the request is on record all the same.
      await this.#deps.audit.record({ ...this.#event(principal, report, 'refusal', 'read-protected', ['protected-immigration']), reason: 'class-removed' });
      if (removed) throw new ClassRemovedError(removed);
      throw new Error('the report holds no protected section and no record of its removal');
    }
    const section = await this.#deps.cipher.openProtected(report.sealedProtected, this.#sealContext(report));
    try {
      screenTypedText({ reason: reason.text }, valuesOfClasses({ immigration: section }, ['protected-immigration']));
    } catch (error) {
      if (error instanceof TypedTextRefusedError) {
        await this.#deps.audit.record({
          ...this.#event(principal, report, 'refusal', 'read-protected', ['protected-immigration']),
          reason: 'protected-value-in-text',
          reasonCode: reason.code,
        });
      }
      throw error;
    }
    await this.#deps.audit.record({
      ...this.#event(principal, report, 'consultation', 'read-protected', ['protected-immigration']),
      reasonCode: reason.code,
      // Typed about the protected section: sealed under the safeguarding key.
      staffText: { text: reason.text, key: 'safeguarding' },
    });
    return section;
  }

  /**
   * Records a contact attempt, or refuses it (409) when the victim's plan does
   * not allow that channel, day or time, or any digital channel when their
   * devices may be monitored. The moment is the server's clock, never the client's.
   * Once the contact class has been removed (retention) there is no plan to
   * check an attempt against, so none is allowed: no plan, no contact (410, audited).
   */
  async attemptContact(principal: StaffPrincipal, reportId: string, attempt: ContactAttemptInput): Promise<ReportRouting['status']> {
    const report = await this.#report(reportId);
    await this.#mayWork(principal, report, 'contact-attempt', ['contact']);
    this.#assertOpen(report);
    const planRemoved = removedState(report.retention, 'contact');
    if (planRemoved) {
      await this.#deps.audit.record({ ...this.#event(principal, report, 'refusal', 'contact-attempt', ['contact']), reason: 'class-removed' });
      throw new ClassRemovedError(planRemoved);
    }
    const body = await this.#deps.cipher.openBody(report.sealedBody, this.#sealContext(report));
    const at = this.#deps.now();
    const decision = checkContactAttempt(body.safeContact, { channel: attempt.channel, leaveVoicemail: attempt.leaveVoicemail, at }, report);
    if (!decision.allowed) await this.#refuseContact(principal, report, attempt.channel, decision.reasons);
    const status = advanceStatus(report.routing.status, 'contact-attempted');
    try {
      // Written only if the victim has not paused contact meanwhile (a conditional write, not this read).
      await this.#change(principal, report, { status, notPausedAt: at.getTime() }, {
        ...this.#event(principal, report, 'alteration', 'contact-attempt', ['contact', 'routing']),
        detail: { channel: attempt.channel, result: attempt.result, voicemail: String(attempt.leaveVoicemail) },
      });
    } catch (error) {
      const now = await this.#deps.store.report(reportId);
      if (error instanceof WorkConflictError && now?.pausedUntil !== undefined && now.pausedUntil > at.getTime()) {
        await this.#refuseContact(principal, now, attempt.channel, ['contact-paused']);
      }
      throw error;
    }
    return status;
  }

  async #refuseContact(principal: StaffPrincipal, report: StoredReport, channel: ContactChannel, reasons: readonly ContactRefusalReason[]): Promise<never> {
    await this.#deps.audit.record({
      ...this.#event(principal, report, 'refusal', 'contact-attempt', ['contact']),
      reason: 'contact-not-allowed',
      detail: { channel, reasons: reasons.join(',') },
    });
    throw new ContactRefusedError(reasons, report.pausedUntil !== undefined && reasons.includes('contact-paused') ? new Date(report.pausedUntil).toISOString() : undefined);
  }

  /** Closes a report with an outcome code; it leaves the queue and its receipt look-up shows `closed`. */
  async recordOutcome(principal: StaffPrincipal, reportId: string, outcome: OutcomeCode): Promise<void> {
    const report = await this.#report(reportId);
    await this.#mayWork(principal, report, 'outcome', ['routing']);
    this.#assertOpen(report);
    await this.#change(
      principal,
      report,
      { status: 'closed', lease: null, close: { outcome, closedAt: this.#deps.now().toISOString(), closedBy: principal.actor } },
      { ...this.#event(principal, report, 'alteration', 'outcome', ['routing']), detail: { outcome } },
    );
  }

  /** Extends the caller's own active lease. An expired lease cannot be renewed: claim again. */
  async renewLease(principal: StaffPrincipal, reportId: string): Promise<Lease> {
    const report = await this.#report(reportId);
    await this.#holderOnly(principal, report, 'lease-renew');
    const lease = { holder: principal.actor, until: this.#nowMs() + this.#deps.leaseSeconds * 1000 };
    await this.#change(principal, report, { status: report.routing.status, lease }, this.#event(principal, report, 'alteration', 'lease-renew', ['routing']));
    return lease;
  }

  /** Gives the report back to the queue. */
  async releaseLease(principal: StaffPrincipal, reportId: string): Promise<void> {
    const report = await this.#report(reportId);
    await this.#holderOnly(principal, report, 'lease-release');
    await this.#change(principal, report, { status: report.routing.status, lease: null }, this.#event(principal, report, 'alteration', 'lease-release', ['routing']));
  }

  /** A supervisor hands an open report to a member of staff, or back to the queue (`to` undefined). */
  async reassign(principal: StaffPrincipal, reportId: string, to: string | undefined): Promise<Lease | undefined> {
    const report = await this.#report(reportId);
    this.#assertOpen(report);
    const lease = to ? { holder: to, until: this.#nowMs() + this.#deps.leaseSeconds * 1000 } : undefined;
    const status = to ? advanceStatus(report.routing.status, 'in-review') : report.routing.status;
    await this.#change(principal, report, { status, lease: lease ?? null }, {
      ...this.#event(principal, report, 'alteration', 'reassign', ['routing']),
      ...(to ? { detail: { assignee: to } } : { detail: { assignee: 'queue' } }),
    });
    return lease;
  }

  /**
   * Admits the lease holder or a supervisor of the report's force to a piece
   * of work done outside the desk (a withdrawal of referral consent); anyone
   * else is refused, and the refusal audited. The caller audits its own work.
   */
  async admit(principal: StaffPrincipal, reportId: string, work: { operation: string; purpose: Purpose; dataClasses: readonly DataClass[] }): Promise<ReportRouting> {
    const report = await this.#report(reportId);
    await this.#mayWork(principal, report, work.operation, work.dataClasses, work.purpose);
    return report.routing;
  }

  /** The desk's clock (tests inject one to move time without sleeping). */
  now(): Date {
    return this.#deps.now();
  }

  #nowMs(): number {
    return this.#deps.now().getTime();
  }

  #sealContext(report: StoredReport) {
    return { forceId: report.routing.forceId, reportId: report.routing.reportId };
  }

  async #report(reportId: string): Promise<StoredReport> {
    const report = await this.#deps.store.report(reportId);
    if (!report) throw new ReportNotFoundError();
    return report;
  }

  #event(
    principal: StaffPrincipal,
    report: StoredReport | string,
    action: AuditEvent['action'],
    operation: string,
    dataClasses: readonly DataClass[],
    purpose: Purpose = PURPOSE,
  ): AuditEvent {
    const reportId = typeof report === 'string' ? report : report.routing.reportId;
    return { action, operation, actor: principal.actor, role: principal.role, purpose, dataClasses, reportId };
  }

  async #refuse(
    principal: StaffPrincipal,
    report: StoredReport,
    operation: string,
    reason: ReportAccessRefusedError['reason'],
    dataClasses: readonly DataClass[],
    purpose: Purpose = PURPOSE,
  ): Promise<never> {
    await this.#deps.audit.record({ ...this.#event(principal, report, 'refusal', operation, dataClasses, purpose), reason });
    throw new ReportAccessRefusedError(reason);
  }

  /** The lease holder or a supervisor of the report's own force. */
  async #mayWork(
    principal: StaffPrincipal,
    report: StoredReport,
    operation: string,
    dataClasses: readonly DataClass[] = REPORT_BODY_DATA_CLASSES,
    purpose: Purpose = PURPOSE,
  ): Promise<void> {
    if (report.routing.forceId !== principal.forceId) await this.#refuse(principal, report, operation, 'wrong-force', dataClasses, purpose);
    if (principal.role === 'supervisor' || holdsLease(report.lease, principal.actor, this.#nowMs())) return;
    await this.#refuse(principal, report, operation, 'not-lease-holder', dataClasses, purpose);
  }

  async #holderOnly(principal: StaffPrincipal, report: StoredReport, operation: string): Promise<void> {
    if (report.routing.forceId !== principal.forceId) await this.#refuse(principal, report, operation, 'wrong-force', ['routing']);
    this.#assertOpen(report);
    if (!holdsLease(report.lease, principal.actor, this.#nowMs())) {
      // Someone else's lease (or none): refused, and the refusal is on the trail like every other; still a 409 to the caller.
      await this.#deps.audit.record({ ...this.#event(principal, report, 'refusal', operation, ['routing']), reason: 'not-lease-holder' });
      throw new WorkConflictError('lease-not-held', 'You do not hold an active lease on this report; claim it again');
    }
  }

  #assertOpen(report: StoredReport): void {
    if (report.routing.status === 'closed') throw new WorkConflictError('report-closed', 'This report is closed');
  }

  /** Writes a change with its audit record in one transaction, guarded by who acts. */
  async #change(principal: StaffPrincipal, report: StoredReport, change: WorkChange, event: AuditEvent): Promise<void> {
    const nowMs = this.#nowMs();
    const guard: WorkGuard = holdsLease(report.lease, principal.actor, nowMs)
      ? { kind: 'held-by', holder: principal.actor, nowMs }
      : { kind: 'open' };
    const ref = { reportId: report.routing.reportId, rank: report.rank, status: report.routing.status };
    const applied = await this.#deps.store.transition(this.#deps.forceId, ref, guard, change, this.#deps.audit.prepare(event));
    if (!applied) throw new WorkConflictError('report-changed', 'The report changed meanwhile (lease expired, reassigned or closed); read it again');
  }

  /** Decrypts the body, records the consultation, and only then hands it over. */
  async #consultBody(principal: StaffPrincipal, report: StoredReport, operation: string): Promise<ReportView> {
    const view = await this.#view(report);
    await this.#deps.audit.record(this.#event(principal, report, 'consultation', operation, REPORT_BODY_DATA_CLASSES));
    return view;
  }

  async #view(report: StoredReport): Promise<ReportView> {
    const body = await this.#deps.cipher.openBody(report.sealedBody, this.#sealContext(report));
    return {
      routing: report.routing,
      ...(leaseActive(report.lease, this.#nowMs()) ? { lease: report.lease } : {}),
      ...(report.outcome ? { outcome: report.outcome } : {}),
      body,
      ...(report.retention?.length ? { retention: report.retention } : {}),
    };
  }
}
