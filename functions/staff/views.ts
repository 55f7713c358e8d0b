/**
 * How the staff API shows domain objects: leases with ISO times, reports
 * flattened. Routing metadata and the body only; never the protected section.
 */
import type { z } from 'zod';
import type { AuditRecord } from '../domain/audit/audit-trail';
import type { ReportView } from '../domain/queue/queue-desk';
import type { QueueEntry } from '../domain/queue/queue-store';
import type { Lease } from '../domain/queue/work-rules';
import type { AuditRecordSchema, QueueEntrySchema, StaffReportSchema } from '../../schemas/queue';

export function leaseView(lease: Lease | undefined): { holder: string; expiresAt: string } | null {
  return lease ? { holder: lease.holder, expiresAt: new Date(lease.until).toISOString() } : null;
}

export function queueEntryView(entry: QueueEntry, nowMs: number): z.input<typeof QueueEntrySchema> {
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
  };
}

export function staffReportView(report: ReportView): z.input<typeof StaffReportSchema> {
  return {
    ...report.routing,
    lease: leaseView(report.lease),
    ...(report.outcome ? { outcome: report.outcome } : {}),
    body: report.body,
  };
}

export function auditRecordView(record: AuditRecord): z.input<typeof AuditRecordSchema> {
  const { expiresAt: _retention, ...shown } = record;
  return { ...shown, dataClasses: [...record.dataClasses] };
}
