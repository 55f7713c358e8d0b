/**
 * How the staff API shows domain objects: leases with ISO times, reports
 * flattened. Routing metadata and the body only; never the protected section.
 */
import type { z } from 'zod';
import type { AuditRecord } from '../domain/audit/audit-trail';
import { openAuditRecord } from '../domain/audit/open-record';
import type { TextSealer } from '../domain/audit/sealed-text';
import type { ReportView } from '../domain/queue/queue-desk';
import type { QueueEntry } from '../domain/queue/queue-store';
import type { SupportNeeds } from '../domain/queue/needs-hint';
import type { Lease } from '../domain/queue/work-rules';
import { SECTION_OF } from '../../schemas/retention';
import type { AuditRecordSchema, QueueEntrySchema, StaffReportSchema } from '../../schemas/queue';

export function leaseView(lease: Lease | undefined): { holder: string; expiresAt: string } | null {
  return lease ? { holder: lease.holder, expiresAt: new Date(lease.until).toISOString() } : null;
}

/** A queue entry for the answer; `needs` is what its sealed hint opened to, or `null` (not shown). */
export function queueEntryView(entry: QueueEntry, nowMs: number, needs: SupportNeeds | null = null): z.input<typeof QueueEntrySchema> {
  return {
    reportId: entry.reportId,
    priority: entry.priority,
    grade: entry.grade,
    createdAt: entry.createdAt,
    status: entry.status,
    lease: entry.lease && entry.lease.until > nowMs ? leaseView(entry.lease) : null,
    pausedUntil: entry.pausedUntil !== undefined && entry.pausedUntil > nowMs ? new Date(entry.pausedUntil).toISOString() : null,
    unreadReply: entry.unreadReply === true,
    victimLastLookedAt: entry.victimLastLookedAt ?? null,
    needs,
  };
}

export function staffReportView(report: ReportView): z.input<typeof StaffReportSchema> {
  return {
    ...report.routing,
    lease: leaseView(report.lease),
    ...(report.outcome ? { outcome: report.outcome } : {}),
    body: report.body,
    ...(report.retention
      ? { retention: report.retention.map((entry) => ({ section: SECTION_OF[entry.dataClass], dueAt: entry.dueAt, removedAt: entry.removedAt ?? null })) }
      : {}),
  };
}

/** An audit record for the answer: sealed words and recipient ids opened where the reader's role allows. */
export async function auditRecordView(record: AuditRecord, reader: { texts: TextSealer; role: string }): Promise<z.input<typeof AuditRecordSchema>> {
  const opened = await openAuditRecord(record, reader);
  return { ...opened, dataClasses: [...opened.dataClasses] };
}
