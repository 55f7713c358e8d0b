/**
 * A pure-domain test double of the audit log for unit tests of the audit
 * trail and the disclosure records. The DynamoDB store itself is exercised
 * against DynamoDB Local in test/integration.
 */
import type { AuditLog, AuditRecord } from '../../functions/domain/audit/audit-trail';
import type { DisclosureRecordIndex } from '../../functions/domain/audit/audited-disclosures';

export class MemoryAuditLog implements AuditLog, DisclosureRecordIndex {
  readonly records: AuditRecord[] = [];
  async append(record: AuditRecord) {
    this.records.push(record);
  }
  async byReport() {
    return { items: this.records };
  }
  async byActor() {
    return { items: this.records };
  }
  async *disclosuresBetween(forceId: string, from: string, to: string) {
    yield* this.records.filter((record) => record.forceId === forceId && record.at >= from && record.at < to);
  }
}
