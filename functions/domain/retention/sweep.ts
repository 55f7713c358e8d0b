/**
 * The retention worker's job: read the removals that are due, a bounded page
 * at a time, and carry each out as one conditional transaction (ciphertext
 * deleted + schedule entry closed + erasure audited, or nothing). It stops
 * when the time left is short and the next run resumes where it stopped:
 * whatever is still due is still in the schedule. Running it twice at once is
 * safe: a removal's condition lets exactly one run delete and audit it.
 * Classes sealed in one part are due together and leave in one removal, from
 * the part's one schedule entry; should a store offer a part more than once,
 * the run carries out the first it reads and passes over the rest.
 * Receipt-channel messages are on the same schedule, one entry per message:
 * each leaves whole (item and entry deleted, erasure audited) in one transaction.
 * The report's own end (class `routing`) is on it too: every item of the report
 * but its audit records is deleted, the report item last with its audit record.
 * The part holding `consent` takes every referral's sealed target with it (the store removes them first).
 */
import type { AuditRecord, AuditTrail } from '../audit/audit-trail';
import { classesRemovedWith, isDueMessage, isDueReport, RETENTION_ACTOR, type DueItem, type MayStep, type RemovalOutcome, type RetentionStore } from './retention';

/** One removal per sealed part of a report (classes sharing a part share this key), one per message. */
const removalKey = (removal: DueItem) =>
  isDueMessage(removal)
    ? `${removal.reportId}#message#${removal.messageId}`
    : isDueReport(removal)
      ? `${removal.reportId}#routing`
      : `${removal.reportId}#${removal.part ?? removal.dataClass}`;

export interface SweepDeps {
  forceId: string;
  store: RetentionStore;
  audit: AuditTrail;
  now?: () => Date;
  /** Told of a removal that failed (ids and the error name only reach the logs). */
  onFailure?: (removal: DueItem, error: unknown) => void;
}

export interface SweepOptions {
  /** Milliseconds left before the caller must stop (a Lambda's `getRemainingTimeInMillis`). */
  remainingMs: () => number;
  /** Stop when less than this is left: enough for one more transaction to finish. */
  reserveMs?: number;
  /** Due entries read per page. */
  pageSize?: number;
  /** Upper bound of entries handled in one run, whatever the time left. */
  maxRemovals?: number;
  /** Removals in flight at once (different reports). */
  concurrency?: number;
}

export interface SweepResult {
  removed: number;
  alreadyRemoved: number;
  skipped: number;
  /**
   * Removals begun but not finished this run (the next run finishes them): report ends past the run's bound, and
   * parts holding `consent` whose referrals' targets could not all be removed yet (a dispatcher's lease, or the bound).
   */
  partly: number;
  /** Removals that failed unexpectedly (nothing written for them); they stay due for the next run. */
  failed: number;
  /** True when the run stopped with due entries possibly left (time or bound): the next run carries on. */
  stoppedEarly: boolean;
}

/**
 * @example
 * const result = await sweepRetention({ forceId, store, audit }, { remainingMs: () => context.getRemainingTimeInMillis() });
 */
export async function sweepRetention(deps: SweepDeps, options: SweepOptions): Promise<SweepResult> {
  const now = deps.now ?? (() => new Date());
  const reserveMs = options.reserveMs ?? 5_000;
  const pageSize = options.pageSize ?? 25;
  const maxRemovals = options.maxRemovals ?? 10_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const result: SweepResult = { removed: 0, alreadyRemoved: 0, skipped: 0, partly: 0, failed: 0, stoppedEarly: false };
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    if (options.remainingMs() < reserveMs || seen.size >= maxRemovals) {
      result.stoppedEarly = true;
      return result;
    }
    const page = await deps.store.due(deps.forceId, now(), { limit: pageSize, ...(cursor ? { cursor } : {}) });
    // A few removals at a time: each is its own conditional transaction on its own report. Report ends go
    // after the page's other removals, so a class due on the same date leaves (and is audited) first.
    for (const phase of [page.items.filter((removal) => !isDueReport(removal)), page.items.filter(isDueReport)]) {
      for (let start = 0; start < phase.length; start += concurrency) {
        if (options.remainingMs() < reserveMs || seen.size >= maxRemovals) {
          result.stoppedEarly = true;
          return result;
        }
        const batch = phase
          .slice(start, start + concurrency)
          .filter((removal, index, all) => !seen.has(removalKey(removal)) && all.findIndex((other) => removalKey(other) === removalKey(removal)) === index)
          .slice(0, Math.max(0, maxRemovals - seen.size));
        for (const removal of batch) seen.add(removalKey(removal));
        await Promise.all(
          batch.map(async (removal) => {
            try {
              // Each step of a removal made of several (a report's end, referral targets) waits on the run's time too.
              count(result, await removeOne(deps, removal, now(), () => options.remainingMs() >= reserveMs));
            } catch (error) {
              // One removal failing must not hold up the others; its entry stays due and the next run tries again.
              result.failed += 1;
              deps.onFailure?.(removal, error);
            }
          }),
        );
      }
    }
    if (!page.cursor) return result;
    cursor = page.cursor;
  }
}

/**
 * One removal (a sealed part with every class it holds, or a message) with its erasure record (written in the same transaction).
 *
 * @example
 * const outcome = await removeOne({ store, audit }, removal, new Date());
 */
export function removeOne(deps: Pick<SweepDeps, 'store' | 'audit'>, removal: DueItem, at: Date, mayStep: MayStep = () => true): Promise<RemovalOutcome> {
  const removedAt = at.toISOString();
  if (isDueMessage(removal)) {
    // Ids, codes and dates only: never the message's text, nor who wrote it beyond its class.
    const detail = { dataClass: removal.dataClass, dataClasses: removal.dataClass, item: 'message', messageId: removal.messageId, scheduledFor: removal.dueAt, removedAt };
    return deps.store.removeMessage(removal, at, erasureRecord(deps, removal.reportId, [removal.dataClass], detail, at));
  }
  if (isDueReport(removal)) {
    // Ids, codes and dates only: the report's end, not what it held.
    const detail = { dataClass: 'routing', dataClasses: 'routing', item: 'report', scheduledFor: removal.dueAt, removedAt };
    return deps.store.removeReport(removal, at, erasureRecord(deps, removal.reportId, ['routing'], detail, at), mayStep);
  }
  const classes = classesRemovedWith(removal);
  // Codes and dates only: which classes, when they were due, when they left.
  const detail = { dataClass: removal.dataClass, dataClasses: classes.join(','), scheduledFor: removal.dueAt, removedAt };
  return deps.store.remove(removal, at, erasureRecord(deps, removal.reportId, classes, detail, at), mayStep);
}

/** The erasure record of one removal, written in the removal's own transaction: the retention worker's, for safeguarding, codes and dates only. */
function erasureRecord(deps: Pick<SweepDeps, 'audit'>, reportId: string, dataClasses: AuditRecord['dataClasses'], detail: Record<string, string>, at: Date): AuditRecord {
  return deps.audit.prepare({ action: 'erasure', operation: 'retention-removal', actor: RETENTION_ACTOR, role: 'service', purpose: 'safeguarding', dataClasses, reportId, detail }, { at });
}

function count(result: SweepResult, outcome: RemovalOutcome): void {
  if (outcome === 'removed') result.removed += 1;
  else if (outcome === 'already-removed') result.alreadyRemoved += 1;
  else if (outcome === 'partly-removed') result.partly += 1;
  else result.skipped += 1;
}
