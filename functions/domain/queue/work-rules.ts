/**
 * Rules of working a report: the coarse status only moves forward, and a
 * lease gives one member of staff the report for a limited time.
 */
import { REPORT_STATUSES, type ReportStatus } from '../report';

export { OUTCOME_CODES, type OutcomeCode } from '../../../schemas/outcomes';

/**
 * The later of two statuses: `received` → `in-review` → `contact-attempted` →
 * `closed`. A transition can never move a report back.
 *
 * @example
 * advanceStatus('contact-attempted', 'in-review'); // 'contact-attempted'
 */
export function advanceStatus(current: ReportStatus, proposed: ReportStatus): ReportStatus {
  return REPORT_STATUSES.indexOf(proposed) > REPORT_STATUSES.indexOf(current) ? proposed : current;
}

/** Who holds a report and until when (epoch milliseconds). */
export interface Lease {
  holder: string;
  until: number;
}

/** True when `lease` exists and has not expired at `nowMs`. */
export function leaseActive(lease: Lease | undefined, nowMs: number): lease is Lease {
  return lease !== undefined && lease.until > nowMs;
}

/** True when `actor` holds an active lease on the report at `nowMs`. */
export function holdsLease(lease: Lease | undefined, actor: string, nowMs: number): boolean {
  return leaseActive(lease, nowMs) && lease.holder === actor;
}
