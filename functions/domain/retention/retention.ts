/**
 * Per-class retention: a data class kept for fewer days than the report is
 * removed on its own date by deleting its ciphertext (crypto-shredding: each
 * sealed part is an Encryption SDK message with its own data key, so once the
 * message is gone nothing can open it). Removals are scheduled when a report
 * is accepted, one schedule entry per sealed part, and carried out by the
 * retention worker ({@link sweepRetention}), which also removes the whole
 * report at its end ({@link DueReport}); DynamoDB's TTL is only a backstop.
 *
 * The protected-immigration section is a part of its own (safeguarding key);
 * the body's classes are sealed in one part per distinct retention period
 * (./parts.ts), so classes of equal retention share a part and leave together:
 * removing one removes its part, and with it every class the part holds.
 */
import { REMOVABLE_CLASSES, type RemovableClass } from '../../../schemas/retention';
import type { AuditRecord, Page, PageRequest } from '../audit/audit-trail';
import { classesOfPart, type PartPlan } from './parts';
import { DomainError } from '../errors';

export { REMOVABLE_CLASSES, type RemovableClass } from '../../../schemas/retention';

/** A class's retention on one report: when it is due to leave, and when it left (once removed). */
export interface ClassRetention {
  dataClass: RemovableClass;
  /** The body part holding the class (./parts.ts), absent for the protected section (a part of its own). */
  part?: string;
  /** ISO 8601 UTC: the removal date (from the force config at acceptance, or brought forward since). */
  dueAt: string;
  /** ISO 8601 UTC: when the ciphertext was deleted; absent while it is still held. */
  removedAt?: string;
}

/** A class that has left a report: which, when it was due, when it left. */
export type RemovedClass = Required<Pick<ClassRetention, 'dataClass' | 'dueAt' | 'removedAt'>>;

/** A removal that is due: what the worker reads from the schedule. */
export interface DueRemoval {
  reportId: string;
  dataClass: RemovableClass;
  /** The body part holding the class: removing it removes every class it holds (./parts.ts). */
  part?: string;
  dueAt: string;
}

/** Classes of the receipt channel's messages: the victim's text is `account`, staff's `staff-message`. */
export type MessageClass = 'account' | 'staff-message';

/**
 * A receipt-channel message that is due: each message is an item of its own,
 * dated from when it was written by its class's days (never later than the
 * report), and leaves whole — the item and its schedule entry deleted together.
 */
export interface DueMessage {
  reportId: string;
  dataClass: MessageClass;
  messageId: string;
  /** ISO 8601 UTC: when the message was written (part of its key). */
  at: string;
  dueAt: string;
}

/**
 * The report's own end (class `routing`): the report item with its plaintext
 * routing, its queue entry, receipt look-up, ledger line, schedule entries,
 * referrals and any message left all leave together, on the date the report's
 * TTL also names (the TTL is only a backstop). Its audit records stay.
 */
export interface DueReport {
  reportId: string;
  dataClass: 'routing';
  dueAt: string;
}

/** Whatever the worker reads from the schedule: a sealed part of a report, a message, or the report's end. */
export type DueItem = DueRemoval | DueMessage | DueReport;

/**
 * Whether a due entry is the report's end (class `routing`).
 *
 * @example
 * if (isDueReport(entry)) await store.removeReport(entry, now, record);
 */
export function isDueReport(entry: DueItem): entry is DueReport {
  return entry.dataClass === 'routing';
}

/**
 * Whether a due entry is a message's.
 *
 * @example
 * if (isDueMessage(entry)) await store.removeMessage(entry, now, record);
 */
export function isDueMessage(entry: DueItem): entry is DueMessage {
  return 'messageId' in entry;
}

/** What one removal attempt found. */
export type RemovalOutcome =
  /** The ciphertext was deleted, the schedule entry closed and the erasure audited, together. */
  | 'removed'
  /** Someone (another worker run) removed it first; the entry is closed. Nothing audited twice. */
  | 'already-removed'
  /** The entry is not (or no longer) due at this instant, e.g. read from a stale index. Nothing written. */
  | 'not-due'
  /** The report is gone (TTL) or the entry no longer exists. Nothing written. */
  | 'gone'
  /**
   * A report's end: some of its items were deleted but more remain than one run's bound allows; the report
   * item and its schedule entry stay, so the next run finishes it (nothing audited yet). Or the part holding
   * `consent`: its referrals' sealed targets could not all be removed this run (a dispatcher holds a lease on
   * one, or the run's bound was reached); the part and its entry stay, due, for the next run.
   */
  | 'partly-removed';

/** What a supervisor's bring-forward found. */
export type BringForwardOutcome = 'brought-forward' | 'not-earlier' | 'already-removed' | 'not-found';

/** What bringing a message class forward did: entries moved, entries of the class still pending (moved or not), whether every page was read. */
export interface MessagesBroughtForward {
  moved: number;
  pending: number;
  /** False when the request's bound was reached before every entry was read: a repeated request moves the rest. */
  finished: boolean;
}

/**
 * Whether a removal made of several steps may take its next one: the sweep
 * says no once the run's remaining time is under its reserve, and the removal
 * stops where it is (`partly-removed`; every step is safe to repeat).
 */
export type MayStep = () => boolean;

/**
 * Storage of removal schedules. Every write is conditional, so two workers
 * racing on one entry cannot both remove it, and a failed removal writes nothing.
 */
export interface RetentionStore {
  /**
   * Removals of a force due at or before `now`, earliest first, one bounded
   * page at a time (a sparse index: only entries still to be removed are in it).
   */
  due(forceId: string, now: Date, page: PageRequest): Promise<Page<DueItem>>;
  /**
   * In one transaction: deletes the ciphertext of the class's part from the
   * report and records when for every class of the part, closes the part's
   * schedule entry, and appends `audit` — only if the ciphertext is still
   * there and the entry is due at `removedAt`.
   * When the part holds `consent`, every referral of the report first loses its
   * sealed target (an undelivered one is cancelled), in bounded idempotent steps,
   * each taken only while `mayStep` says the run has time for it.
   */
  remove(removal: DueRemoval, removedAt: Date, audit: AuditRecord, mayStep?: MayStep): Promise<RemovalOutcome>;
  /**
   * In one transaction: deletes the message item and its schedule entry and
   * appends `audit` — only if the entry is still there and due at `removedAt`
   * (a message the TTL backstop deleted first still has its removal audited).
   */
  removeMessage(removal: DueMessage, removedAt: Date, audit: AuditRecord): Promise<RemovalOutcome>;
  /**
   * Deletes every item of the report but its audit records, in bounded idempotent steps with the report
   * item, its `routing` schedule entry and the put of `audit` LAST, in one transaction — only if that entry
   * is still there and due at `removedAt`. Each step is taken only while `mayStep` says the run has time for
   * it; a run stopped half-way (by time or by the steps' bound) leaves the entry due for the next run.
   */
  removeReport(removal: DueReport, removedAt: Date, audit: AuditRecord, mayStep?: MayStep): Promise<RemovalOutcome>;
  /**
   * Moves a pending removal to `dueAt`, only if that is earlier than the date
   * it has (never later than the config allowed), with `audit`, in one
   * transaction; the other classes of its part move with it (they leave together).
   */
  bringForward(reportId: string, dataClass: RemovableClass, dueAt: Date, audit: AuditRecord): Promise<BringForwardOutcome>;
  /**
   * Moves every pending removal entry of the report's messages of `dataClass` to `dueAt`, each only if that is
   * earlier than the date it has, in bounded idempotent steps (the caller audits what moved).
   */
  bringMessagesForward(report: { forceId: string; reportId: string }, dataClass: MessageClass, dueAt: Date): Promise<MessagesBroughtForward>;
}

/** The actor that removals are recorded under. */
export const RETENTION_ACTOR = 'retention-worker';

/**
 * When each removable class of a report accepted at `acceptedAt` is due:
 * its configured days, never later than the report itself expires. With the
 * body's `parts`, each body class names its part, dated by the part's days.
 *
 * @example
 * removalSchedule(new Date('2026-01-01T00:00:00Z'), { 'protected-immigration': 60 }, 730);
 * // [{ dataClass: 'incident', dueAt: '2028-01-01T00:00:00.000Z' }, …, { dataClass: 'protected-immigration', dueAt: '2026-03-02T00:00:00.000Z' }]
 */
export function removalSchedule(
  acceptedAt: Date,
  classDays: Partial<Record<RemovableClass, number>>,
  reportDays: number,
  parts: readonly PartPlan[] = [],
): ClassRetention[] {
  return REMOVABLE_CLASSES.map((dataClass) => {
    const plan = parts.find((candidate) => (candidate.dataClasses as string[]).includes(dataClass));
    const days = Math.min(plan?.days ?? classDays[dataClass] ?? reportDays, reportDays);
    return { dataClass, ...(plan ? { part: plan.part } : {}), dueAt: new Date(acceptedAt.getTime() + days * 86_400_000).toISOString() };
  });
}

/**
 * The classes that leave together with `dataClass`: those of its part (itself alone when it has none).
 *
 * @example
 * classesRemovedWith({ reportId, dataClass: 'account', part: 'account+identity', dueAt }); // ['account', 'identity']
 */
export function classesRemovedWith(entry: Pick<ClassRetention, 'dataClass' | 'part'>): RemovableClass[] {
  return (entry.part && classesOfPart(entry.part)) || [entry.dataClass];
}

/** Whether a removal counts as on time: done within this long of its due date (the worker runs every 15 minutes). */
export const ON_TIME_GRACE_MS = 24 * 3_600_000;

/** Raised when a removed class is asked for: it no longer exists anywhere the service can read (HTTP 410). */
export class ClassRemovedError extends DomainError {
  constructor(readonly retention: RemovedClass) {
    super(`the ${retention.dataClass} class of this report was removed`);
    this.name = 'ClassRemovedError';
  }
}

/**
 * The classes of a report that have been removed, with their dates.
 *
 * @example
 * removedClasses(report.retention).map((state) => state.dataClass); // ['contact', 'protected-immigration']
 */
export function removedClasses(retention: readonly ClassRetention[] | undefined): RemovedClass[] {
  return (retention ?? []).flatMap((state) => (state.removedAt ? [{ dataClass: state.dataClass, dueAt: state.dueAt, removedAt: state.removedAt }] : []));
}

/** The retention state of `dataClass` if it has been removed. */
export function removedState(retention: readonly ClassRetention[] | undefined, dataClass: RemovableClass): RemovedClass | undefined {
  const state = retention?.find((candidate) => candidate.dataClass === dataClass);
  return state?.removedAt ? { dataClass: state.dataClass, dueAt: state.dueAt, removedAt: state.removedAt } : undefined;
}
