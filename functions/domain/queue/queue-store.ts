/**
 * What the queue desk needs from storage. The DynamoDB adapter
 * (functions/adapters/dynamodb/queue-store.ts) implements it; every write is
 * conditional, so two desks racing on one report cannot both win.
 */
import type { ReportRouting, ReportStatus } from '../report';
import type { AuditRecord, Page, PageRequest } from '../audit/audit-trail';
import type { Lease, OutcomeCode } from './work-rules';
import type { ClassRetention } from '../retention/retention';
import { DomainError } from '../errors';

/** A queue entry: plaintext routing metadata, and one sealed hint (support needs). */
export interface QueueEntry {
  reportId: string;
  /** The entry's sort key: priority band, then age. */
  rank: string;
  priority: ReportRouting['priority'];
  grade: ReportRouting['grade'];
  createdAt: string;
  status: ReportStatus;
  lease?: Lease;
  /** The victim's receipt channel, routing metadata only: until when contact is paused (epoch ms). */
  pausedUntil?: number;
  /** True when the victim replied and no member of staff has read the thread since. */
  unreadReply?: boolean;
  /** When the victim last looked at their report with the receipt (ISO 8601). */
  victimLastLookedAt?: string;
  /** The sealed support-needs hint (class `support`, ./needs-hint.ts); absent once that class has left. */
  sealedNeeds?: Uint8Array;
}

/** A stored report: routing metadata, its lease, and its two sealed parts. */
export interface StoredReport {
  routing: ReportRouting;
  rank: string;
  lease?: Lease;
  sealedBody: Uint8Array;
  /** Absent once the retention worker has removed the class (its `retention` entry says when). */
  sealedProtected?: Uint8Array;
  outcome?: OutcomeCode;
  /** Per-class retention: when each removable class is due to leave, and when it left. */
  retention?: ClassRetention[];
  /** Until when the victim paused all contact (epoch ms), if they did. */
  pausedUntil?: number;
}

/** The handle of a report to change: its keys and the status it is expected to be in. */
export type WorkItemRef = Pick<QueueEntry, 'reportId' | 'rank' | 'status'>;

/** What must hold for a change to apply, checked by the store at write time. */
export type WorkGuard =
  /** Nobody holds an active lease (claim). */
  | { kind: 'unleased'; nowMs: number }
  /** `holder` holds an active lease (the holder's own actions). */
  | { kind: 'held-by'; holder: string; nowMs: number }
  /** The report is still open, whoever holds it (a supervisor's actions). */
  | { kind: 'open' };

/** The change: a new status, a new lease (or none), or closing with an outcome. */
export interface WorkChange {
  status: ReportStatus;
  /** `null` removes the lease; undefined leaves it as it is. */
  lease?: Lease | null;
  close?: { outcome: OutcomeCode; closedAt: string; closedBy: string };
  /**
   * A contact attempt: the report must not be paused at `notPausedAt` (epoch
   * ms) when the change is written, so a pause landing between the check and
   * the write refuses the attempt instead of both succeeding.
   */
  notPausedAt?: number;
}

export type QueueListState = 'waiting' | 'claimed' | 'all';

/**
 * Raised when a change kept colliding with other writes to the same report
 * (transaction conflicts) and was given up; nothing was written. Claims move
 * on to the next candidate; other callers may retry.
 */
export class WorkContentionError extends DomainError {
  constructor() {
    super('the report is busy with other changes; try again');
    this.name = 'WorkContentionError';
  }
}

export interface QueueStore {
  /** The force queue in priority order, strongly consistent, filtered by lease state at `nowMs`. */
  list(forceId: string, state: QueueListState, nowMs: number, page: PageRequest): Promise<Page<QueueEntry>>;
  /** A strongly consistent read of one report. */
  report(reportId: string): Promise<StoredReport | undefined>;
  /**
   * Applies `change` to the report and its queue entry, and appends `audit`,
   * together (one transaction), only if `guard` holds and the report is still
   * in `ref.status`. Returns false when the guard or the status did not hold;
   * throws {@link WorkContentionError} when other writes kept colliding with it.
   */
  transition(forceId: string, ref: WorkItemRef, guard: WorkGuard, change: WorkChange, audit: AuditRecord): Promise<boolean>;
}
