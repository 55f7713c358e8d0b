/**
 * The audit trail in the force table. Append-only by construction: this
 * adapter has a conditional put and two queries, and nothing else — no
 * update, no delete. Only DynamoDB's TTL removes a record, after retention.
 *
 * Keys: under the report's partition (`PK = REPORT#<id>`, `SK = AUDIT#<at>#<auditId>`)
 * so a report's trail is one query; records about no report go to a per-day
 * force partition. GSI1 (`ACTOR#<actor>`, `<at>#<auditId>`) gives the trail per actor.
 * A disclosure record is also copied, in the same transaction, to its force's
 * month partition (`AUDIT-DISCLOSURES#<forceId>#<YYYY-MM>`) so transparency
 * counts disclosures with a query per month, not a Scan.
 */
import { PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditLog, AuditRecord, Page, PageRequest } from '../../domain/audit/audit-trail';
import { AuditedDisclosures, type DisclosureRecordIndex } from '../../domain/audit/audited-disclosures';
import { AuditTrail } from '../../domain/audit/audit-trail';
import type { TextSealer } from '../../domain/audit/sealed-text';
import { decodeCursor, encodeCursor } from './cursor';
import { itemsOfMonths } from './months';
import { keys, TABLE_DESIGN } from './table-design';

/** The item an audit record is stored as (also written inside other transactions). */
export function auditItem(record: AuditRecord): Record<string, unknown> {
  const { expiresAt, ...fields } = record;
  const partition = record.reportId ? keys.report(record.reportId).PK : keys.auditOfForceDay(record.forceId, record.at.slice(0, 10));
  return {
    ...keys.auditRecord(partition, record.at, record.auditId),
    ...keys.auditByActor(record.actor, record.at, record.auditId),
    type: 'audit',
    ...fields,
    dataClasses: [...record.dataClasses],
    [TABLE_DESIGN.ttlAttribute]: expiresAt,
  };
}

/**
 * The month entry of a disclosure record: the same fields, keyed by force and
 * month, and deliberately NOT on GSI1 (the actor's trail lists the record once).
 */
export function auditDisclosureEntry(record: AuditRecord): Record<string, unknown> {
  const { expiresAt, ...fields } = record;
  return {
    ...keys.auditDisclosureEntry(record.forceId, record.at.slice(0, 7), record.at, record.auditId),
    type: 'audit-disclosure',
    ...fields,
    dataClasses: [...record.dataClasses],
    [TABLE_DESIGN.ttlAttribute]: expiresAt,
  };
}

/** Key shapes of audit records, as {@link auditItem} writes them: what a page cursor of the trail may hold. */
const AUDIT_SORT_KEY = /^AUDIT#\d{4}-\d{2}-\d{2}T[0-9:.]+Z#[0-9A-Za-z-]{1,64}$/;
const AUDIT_PARTITION = /^(REPORT#[0-9a-f-]{36}|AUDIT#[a-z0-9-]{1,64}#\d{4}-\d{2}-\d{2})$/;
const ACTOR_SORT_KEY = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z#[0-9A-Za-z-]{1,64}$/;

/** The condition every audit put carries: a record is written once and never overwritten. */
export const AUDIT_PUT_CONDITION = 'attribute_not_exists(PK)';

const RECORD_FIELDS = [
  'auditId', 'at', 'forceId', 'action', 'operation', 'actor', 'role', 'purpose', 'reasonCode', 'sealedJustification',
  'legalBasis', 'dataClasses', 'reportId', 'recipient', 'reason', 'detail',
] as const;

function recordOf(item: Record<string, unknown>): AuditRecord {
  const record: Record<string, unknown> = {};
  for (const field of RECORD_FIELDS) if (item[field] !== undefined) record[field] = item[field];
  record.expiresAt = item[TABLE_DESIGN.ttlAttribute];
  return record as unknown as AuditRecord;
}

/**
 * @example
 * const log = new DynamoAuditLog(document, 'safe-pathway-example-north');
 * const trail = new AuditTrail(log, { forceId: 'example-north', retentionDays: 2190 });
 */
export class DynamoAuditLog implements AuditLog, DisclosureRecordIndex {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(record: AuditRecord): Promise<void> {
    if (record.action === 'disclosure') {
      // Both or neither: a disclosure the figures could not count must not exist.
      await this.document.send(
        new TransactWriteCommand({
          TransactItems: [auditItem(record), auditDisclosureEntry(record)].map((Item) => ({
            Put: { TableName: this.tableName, Item, ConditionExpression: AUDIT_PUT_CONDITION },
          })),
        }),
      );
      return;
    }
    await this.document.send(new PutCommand({ TableName: this.tableName, Item: auditItem(record), ConditionExpression: AUDIT_PUT_CONDITION }));
  }

  /** Disclosure records of `forceId` with `from <= at < to`: one query per month partition. */
  async *disclosuresBetween(forceId: string, from: string, to: string, signal?: AbortSignal): AsyncIterable<AuditRecord> {
    for await (const item of itemsOfMonths(this.document, this.tableName, (month) => keys.auditDisclosurePartition(forceId, month), from, to, signal)) {
      const record = recordOf(item);
      if (record.at < to) yield record;
    }
  }

  async byReport(reportId: string, page: PageRequest): Promise<Page<AuditRecord>> {
    const partition = keys.report(reportId).PK;
    const result = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': partition, ':audit': keys.auditSortPrefix },
        ConsistentRead: true,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, { PK: partition, SK: AUDIT_SORT_KEY }),
      }),
    );
    return { items: (result.Items ?? []).map(recordOf), ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey) } : {}) };
  }

  async byActor(actor: string, page: PageRequest): Promise<Page<AuditRecord>> {
    const partition = keys.auditActorPartition(actor);
    const [index] = TABLE_DESIGN.indexes;
    const result = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: `${index.partitionKey} = :actor`,
        ExpressionAttributeValues: { ':actor': partition },
        Limit: page.limit,
        // An index's LastEvaluatedKey holds its own keys and the table's.
        ExclusiveStartKey: decodeCursor(page.cursor, { [index.partitionKey]: partition, [index.sortKey]: ACTOR_SORT_KEY, PK: AUDIT_PARTITION, SK: AUDIT_SORT_KEY }),
      }),
    );
    return { items: (result.Items ?? []).map(recordOf), ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey) } : {}) };
  }
}

/**
 * The firewall's disclosure log on the audit trail of one force's table.
 *
 * @example
 * const disclosures = auditedDisclosures(document, table, { forceId: 'example-north', retentionDays: 2190, sealer: cipher }); // no sealer: it can read, and refuses to record
 * await disclosures.record(disclosure);
 */
export function auditedDisclosures(
  document: DynamoDBDocumentClient,
  tableName: string,
  options: { forceId: string; retentionDays: number; sealer?: TextSealer },
): AuditedDisclosures {
  const log = new DynamoAuditLog(document, tableName);
  return new AuditedDisclosures(new AuditTrail(log, options), log, options.forceId);
}
