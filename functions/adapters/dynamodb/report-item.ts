/**
 * The one decoding of a report item (PK `REPORT#<id>`, SK `REPORT`) into the
 * sealed report the domain reads: its routing attributes, the sealed body,
 * the sealed protected section while it is kept, and its per-class retention.
 * The queue desk's store and the referral outbox both read reports through
 * it, so a new attribute of the report item is decoded in one place.
 */
import type { SealedReport } from '../../domain/referrals/outbox';
import type { ReportRouting } from '../../domain/report';
import { retentionOf } from './retention-store';
import { sealedBodyOf } from './sealed-body-attribute';

/**
 * The sealed report a stored report item holds.
 *
 * @example
 * const { Item } = await document.send(new GetCommand({ TableName, Key: keys.report(reportId) }));
 * const report = Item ? sealedReportOf(Item) : undefined;
 */
export function sealedReportOf(item: Record<string, unknown>): SealedReport {
  const routing: ReportRouting = {
    reportId: item.reportId as string,
    forceId: item.forceId as string,
    grade: item.grade as ReportRouting['grade'],
    priority: item.priority as ReportRouting['priority'],
    status: item.status as ReportRouting['status'],
    createdAt: item.createdAt as string,
  };
  return {
    routing,
    sealedBody: sealedBodyOf(item.body),
    ...(item.protected ? { sealedProtected: item.protected as Uint8Array } : {}),
    ...(item.retention ? { retention: retentionOf(item) } : {}),
  };
}
