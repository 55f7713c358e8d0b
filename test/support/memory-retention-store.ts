/**
 * An in-memory removal schedule for unit tests of the retention domain. It
 * keeps the port's rules (only due entries are offered; a removal applies only
 * if the ciphertext is still held and the entry is due; the audit record is
 * written with it or not at all); the DynamoDB store is exercised against
 * DynamoDB Local in test/integration/retention.test.ts.
 */
import type { AuditRecord, Page, PageRequest } from '../../functions/domain/audit/audit-trail';
import type { ReferralState } from '../../functions/domain/referrals/outbox';
import { classesRemovedWith } from '../../functions/domain/retention/retention';
import type { MessageClass, MessagesBroughtForward } from '../../functions/domain/retention/retention';
import type { BringForwardOutcome, ClassRetention, DueItem, DueMessage, DueRemoval, DueReport, RemovableClass, RemovalOutcome, RetentionStore } from '../../functions/domain/retention/retention';

export interface MemoryReport {
  sealedProtected?: Uint8Array;
  retention: ClassRetention[];
}

/** A referral outbox item as the retention store sees it: its state, its sealed target while held, whether a dispatcher holds it. */
export interface MemoryReferral {
  referralId: string;
  state: ReferralState;
  target?: Uint8Array;
  lastFailure?: string;
  leased?: boolean;
}

export class MemoryRetentionStore implements RetentionStore {
  readonly reports = new Map<string, MemoryReport>();
  /** Referral outbox items by report id: their targets leave with the consent class. */
  readonly referrals = new Map<string, MemoryReferral[]>();
  readonly audit: AuditRecord[] = [];
  /** Makes the next removal of this report fail before anything is written (a transaction that is cancelled). */
  readonly failNext = new Set<string>();
  /** Receipt-channel messages still held, by `<reportId>#<messageId>`, with their removal entries. */
  readonly messages = new Map<string, DueMessage>();
  queries = 0;
  /** Reports' ends still to come (`routing` entries), with the items of each report still held. */
  readonly ends = new Map<string, { dueAt: string; items: Set<string> }>();
  /** How many of a report's items one removal deletes at most before it stops (a run bound). */
  itemsPerRemoval = Number.POSITIVE_INFINITY;

  /** A report's end on `dueAt`, holding `items` (names of its queue entry, look-up, ledger line, …) besides the report item. */
  scheduleEnd(reportId: string, dueAt: string, items: string[] = []): void {
    this.ends.set(reportId, { dueAt, items: new Set(items) });
  }

  schedule(reportId: string, dueAt: string): void {
    this.reports.set(reportId, { sealedProtected: new Uint8Array([1, 2, 3]), retention: [{ dataClass: 'protected-immigration', dueAt }] });
  }

  scheduleMessage(message: DueMessage): void {
    this.messages.set(`${message.reportId}#${message.messageId}`, message);
  }

  async due(_forceId: string, now: Date, page: PageRequest): Promise<Page<DueItem>> {
    this.queries += 1;
    // Key-ordered, and resumed after the last key, as a DynamoDB query page is (an offset would skip entries removed meanwhile).
    const key = (entry: DueItem) => `${entry.dueAt}#${entry.reportId}#${'messageId' in entry ? `message#${entry.messageId}` : entry.dataClass}`;
    // One entry per sealed part, as the DynamoDB store writes them: the first class of the part names it.
    const classes: DueItem[] = [...this.reports.entries()].flatMap(([reportId, report]) =>
      report.retention
        .filter((entry, index, all) => !entry.removedAt && entry.dueAt <= now.toISOString() && all.findIndex((other) => (other.part ?? other.dataClass) === (entry.part ?? entry.dataClass)) === index)
        .map((entry) => ({ reportId, dataClass: entry.dataClass, ...(entry.part ? { part: entry.part } : {}), dueAt: entry.dueAt })),
    );
    const ends: DueItem[] = [...this.ends.entries()].filter(([, end]) => end.dueAt <= now.toISOString()).map(([reportId, end]) => ({ reportId, dataClass: 'routing', dueAt: end.dueAt }));
    const all = [...classes, ...ends, ...[...this.messages.values()].filter((message) => message.dueAt <= now.toISOString())]
      .sort((a, b) => key(a).localeCompare(key(b)))
      .filter((entry) => !page.cursor || key(entry) > page.cursor);
    const items = all.slice(0, page.limit);
    const last = items.at(-1);
    return { items, ...(all.length > page.limit && last ? { cursor: key(last) } : {}) };
  }

  async remove(removal: DueRemoval, removedAt: Date, audit: AuditRecord): Promise<RemovalOutcome> {
    const report = this.reports.get(removal.reportId);
    if (!report) return 'gone';
    const entry = report.retention.find((candidate) => candidate.dataClass === removal.dataClass)!;
    if (entry.removedAt) return 'already-removed';
    if (entry.dueAt > removedAt.toISOString()) return 'not-due';
    // The referrals' targets first, each step on its own (a run that stops keeps what it did); a leased one keeps the part due.
    if (classesRemovedWith(removal).includes('consent')) {
      let leased = false;
      for (const referral of (this.referrals.get(removal.reportId) ?? []).filter((candidate) => candidate.target)) {
        if (referral.state === 'pending' || referral.state === 'dead-letter') {
          if (referral.leased) {
            leased = true;
            continue;
          }
          Object.assign(referral, { state: 'cancelled', lastFailure: 'class-removed' });
        }
        delete referral.target;
      }
      if (leased) return 'partly-removed';
    }
    if (this.failNext.delete(removal.reportId)) throw new Error('TransactionCanceled');
    delete report.sealedProtected;
    // Every class of the part leaves with it.
    const classes = classesRemovedWith(removal);
    for (const state of report.retention) if (classes.includes(state.dataClass)) state.removedAt = removedAt.toISOString();
    this.audit.push(audit);
    return 'removed';
  }

  async removeMessage(removal: DueMessage, removedAt: Date, audit: AuditRecord): Promise<RemovalOutcome> {
    const key = `${removal.reportId}#${removal.messageId}`;
    const entry = this.messages.get(key);
    if (!entry) return 'already-removed';
    if (entry.dueAt > removedAt.toISOString()) return 'not-due';
    if (this.failNext.delete(removal.reportId)) throw new Error('TransactionCanceled');
    this.messages.delete(key);
    this.audit.push(audit);
    return 'removed';
  }

  async removeReport(removal: DueReport, removedAt: Date, audit: AuditRecord): Promise<RemovalOutcome> {
    const end = this.ends.get(removal.reportId);
    if (!end) return 'already-removed';
    if (end.dueAt > removedAt.toISOString()) return 'not-due';
    if (this.failNext.delete(removal.reportId)) throw new Error('TransactionCanceled');
    // Bounded idempotent steps; the report item, its entry and the audit record last and together.
    let budget = this.itemsPerRemoval;
    for (const item of [...end.items]) {
      if (budget-- <= 0) return 'partly-removed';
      end.items.delete(item);
    }
    this.ends.delete(removal.reportId);
    this.reports.delete(removal.reportId);
    for (const key of [...this.messages.keys()]) if (key.startsWith(`${removal.reportId}#`)) this.messages.delete(key);
    this.audit.push(audit);
    return 'removed';
  }

  async bringMessagesForward(report: { reportId: string }, dataClass: MessageClass, dueAt: Date): Promise<MessagesBroughtForward> {
    const entries = [...this.messages.values()].filter((message) => message.reportId === report.reportId && message.dataClass === dataClass);
    const moving = entries.filter((message) => message.dueAt > dueAt.toISOString());
    for (const message of moving) message.dueAt = dueAt.toISOString();
    return { moved: moving.length, pending: entries.length, finished: true };
  }

  async bringForward(reportId: string, dataClass: RemovableClass, dueAt: Date, audit: AuditRecord): Promise<BringForwardOutcome> {
    const entry = this.reports.get(reportId)?.retention.find((candidate) => candidate.dataClass === dataClass);
    if (!entry) return 'not-found';
    if (entry.removedAt) return 'already-removed';
    if (entry.dueAt <= dueAt.toISOString()) return 'not-earlier';
    // The part's other classes move with it (they leave together).
    const classes = classesRemovedWith(entry);
    for (const state of this.reports.get(reportId)!.retention) if (classes.includes(state.dataClass)) state.dueAt = dueAt.toISOString();
    this.audit.push(audit);
    return 'brought-forward';
  }
}
