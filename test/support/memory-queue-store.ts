/**
 * In-memory ports of the queue desk for unit tests: a queue store whose
 * `transition` is one check-and-set (the conditional transaction DynamoDB
 * runs), and a report cipher that binds each sealed part to its force and
 * report. The DynamoDB store itself is exercised against DynamoDB Local in
 * test/integration (queue-api, queue-concurrency, claim-behind-leases).
 */
import type { HintContext, SupportNeeds } from '../../functions/domain/queue/needs-hint';
import type { AuditRecord, Page, PageRequest } from '../../functions/domain/audit/audit-trail';
import type { ReportCipher, ReportRouting, SealContext } from '../../functions/domain/report';
import {
  WorkContentionError,
  type QueueEntry,
  type QueueListState,
  type QueueStore,
  type StoredReport,
  type WorkChange,
  type WorkGuard,
  type WorkItemRef,
} from '../../functions/domain/queue/queue-store';
import { holdsLease, leaseActive } from '../../functions/domain/queue/work-rules';
import type { ImmigrationSection, ReportBody } from '../../schemas/report';

/**
 * @example
 * const store = new MemoryQueueStore();
 * store.put(await storedReport(cipher, { reportId: 'r-1', forceId: 'example-north', priority: 3 }));
 */
export class MemoryQueueStore implements QueueStore {
  readonly reports = new Map<string, StoredReport>();
  readonly audit: AuditRecord[] = [];
  /** Transitions still to fail with WorkContentionError (colliding writes), before any check. */
  contention = 0;

  put(report: StoredReport): void {
    this.reports.set(report.routing.reportId, structuredClone(report));
  }

  async list(forceId: string, state: QueueListState, nowMs: number, page: PageRequest): Promise<Page<QueueEntry>> {
    const matching = [...this.reports.values()]
      .filter((report) => report.routing.forceId === forceId && report.routing.status !== 'closed')
      .filter((report) => state === 'all' || (state === 'claimed') === leaseActive(report.lease, nowMs))
      .sort((a, b) => (a.rank < b.rank ? -1 : 1));
    const start = page.cursor ? Number(page.cursor) : 0;
    const items = matching.slice(start, start + page.limit).map((report) => entryOf(report));
    return { items, ...(start + page.limit < matching.length ? { cursor: String(start + page.limit) } : {}) };
  }

  async report(reportId: string): Promise<StoredReport | undefined> {
    const report = this.reports.get(reportId);
    return report && structuredClone(report);
  }

  async transition(forceId: string, ref: WorkItemRef, guard: WorkGuard, change: WorkChange, audit: AuditRecord): Promise<boolean> {
    if (this.contention > 0) {
      this.contention--;
      throw new WorkContentionError();
    }
    // Everything below runs without an await: one atomic check-and-set, as the transaction is.
    const report = this.reports.get(ref.reportId);
    if (!report || report.routing.forceId !== forceId || report.routing.status !== ref.status) return false;
    if (!guardHolds(report, guard)) return false;
    if (change.notPausedAt !== undefined && report.pausedUntil !== undefined && report.pausedUntil > change.notPausedAt) return false;
    report.routing = { ...report.routing, status: change.status };
    if (change.lease === null) delete report.lease;
    else if (change.lease) report.lease = change.lease;
    if (change.close) report.outcome = change.close.outcome;
    this.audit.push(audit);
    return true;
  }
}

function guardHolds(report: StoredReport, guard: WorkGuard): boolean {
  if (guard.kind === 'unleased') return !leaseActive(report.lease, guard.nowMs);
  if (guard.kind === 'held-by') return holdsLease(report.lease, guard.holder, guard.nowMs);
  return report.routing.status !== 'closed';
}

function entryOf(report: StoredReport): QueueEntry {
  const { reportId, priority, grade, createdAt, status } = report.routing;
  return { reportId, rank: report.rank, priority, grade, createdAt, status, ...(report.lease ? { lease: report.lease } : {}) };
}

/**
 * A cipher whose sealed parts are JSON bound to their force and report: opening one under another
 * report's context fails, as the Encryption SDK's encryption context does.
 *
 * @example
 * const sealed = await memoryCipher.sealBody(body, { forceId, reportId });
 */
export const memoryCipher: ReportCipher = {
  sealBody: async (body: ReportBody, context: SealContext) => encode({ context, part: body }),
  sealProtected: async (section: ImmigrationSection | undefined, context: SealContext) => encode({ context, part: section ?? null }),
  openBody: async (sealed: Uint8Array, context: SealContext) => open(sealed, context) as ReportBody,
  openProtected: async (sealed: Uint8Array, context: SealContext) => (open(sealed, context) ?? undefined) as ImmigrationSection | undefined,
  sealNeeds: async (needs: SupportNeeds, context: HintContext) => encode({ context, part: needs }),
  openNeeds: async (sealed: Uint8Array, context: HintContext) => open(sealed, context) as SupportNeeds,
};

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

function open(sealed: Uint8Array, context: SealContext): unknown {
  const { context: bound, part } = JSON.parse(new TextDecoder().decode(sealed)) as { context: SealContext; part: unknown };
  if (bound.forceId !== context.forceId || bound.reportId !== context.reportId) throw new Error('sealed under another context');
  return part;
}

/**
 * A stored report with a sealed body, ranked by priority band (highest first) then age.
 *
 * @example
 * store.put(await storedReport({ reportId: 'r-1', forceId: 'example-north', priority: 3, createdAt: '2026-11-01T09:00:00.000Z' }));
 */
export async function storedReport(
  routing: Pick<ReportRouting, 'reportId' | 'forceId'> & Partial<ReportRouting>,
  body: ReportBody = { reporter: 'victim' } as unknown as ReportBody,
): Promise<StoredReport> {
  const full: ReportRouting = { grade: 'standard', priority: 0, status: 'received', createdAt: '2026-11-01T09:00:00.000Z', ...routing };
  const context = { forceId: full.forceId, reportId: full.reportId };
  return {
    routing: full,
    rank: `${9 - full.priority}#${full.createdAt}`,
    sealedBody: await memoryCipher.sealBody(body, context),
    sealedProtected: await memoryCipher.sealProtected(undefined, context),
  };
}
