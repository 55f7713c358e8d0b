/**
 * A report's end (class `routing`), carried out by the retention worker on the
 * date its TTL also names, so the TTL is only a backstop. Everything of the
 * report leaves but its audit records (the s.62 log outlives the report):
 * first, in bounded idempotent steps of at most 100 deletes per transaction,
 * the items outside its partition (queue entry, current receipt look-up,
 * ledger line, each keyed from the report item) and every item of its
 * partition (messages and their removal entries, referral outbox items,
 * removal schedule entries); then, LAST and in one transaction, the report
 * item, its `routing` schedule entry and the erasure record. That last
 * transaction is conditional on the entry still being due, so of two workers
 * exactly one audits; a run stopped before it leaves the entry on the due
 * index and the next run finishes the removal (its deletes are idempotent).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../../domain/audit/audit-trail';
import type { DueReport, MayStep, RemovalOutcome } from '../../domain/retention/retention';
import { AUDIT_PUT_CONDITION, auditItem } from './audit-store';
import { monthOf } from './months';
import { keys } from './table-design';
import { isCancelled } from './transactions';

/** The bounds of one report's removal in one run. */
export interface ReportEndLimits {
  /** Deletes per transaction (DynamoDB allows 100). */
  itemsPerStep: number;
  /** Transactions of deletes and pages read before the run leaves the rest to the next run. */
  maxSteps: number;
}

export const REPORT_END_LIMITS: ReportEndLimits = { itemsPerStep: 100, maxSteps: 40 };

const ROUTING = 'routing';
const CONFLICT_RETRIES = 3;
type Key = { PK: string; SK: string };

/**
 * @example
 * const outcome = await removeReportEnd(document, tableName, { reportId, dataClass: 'routing', dueAt }, new Date(), record);
 */
export async function removeReportEnd(
  document: DynamoDBDocumentClient,
  tableName: string,
  removal: DueReport,
  removedAt: Date,
  audit: AuditRecord,
  limits: ReportEndLimits = REPORT_END_LIMITS,
  mayStep: MayStep = () => true,
): Promise<RemovalOutcome> {
  const at = removedAt.toISOString();
  const entryKey = keys.retentionEntry(removal.reportId, ROUTING);
  const entry = await document.send(new GetCommand({ TableName: tableName, Key: entryKey, ConsistentRead: true, ProjectionExpression: 'dueAt, GSI1PK' }));
  if (!entry.Item || entry.Item.GSI1PK === undefined) return 'already-removed';
  if ((entry.Item.dueAt as string) > at) return 'not-due';

  const step = Math.max(1, Math.min(100, limits.itemsPerStep));
  let steps = 0;
  // Another step only within the run's bound and its time (the sweep's remaining time, less its reserve).
  const canStep = () => steps < limits.maxSteps && mayStep();
  const deleteAll = async (batch: Key[]) => {
    for (let start = 0; start < batch.length; start += step) {
      if (!canStep()) return false;
      steps += 1;
      await transact(document, batch.slice(start, start + step).map((Key) => deleteOf(tableName, Key, removal.reportId)));
    }
    return true;
  };

  // The items keyed from the report item: gone already if a previous run deleted them (the deletes write nothing then).
  const report = await document.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.report(removal.reportId),
      ConsistentRead: true,
      ProjectionExpression: 'forceId, queueRank, createdAt, receiptKey, #retention',
      ExpressionAttributeNames: { '#retention': 'retention' },
    }),
  );
  // A class of the report due by now but not yet removed leaves first, with its own erasure record (the sweep
  // runs report ends after a page's other removals; a race with another run waits for the next run).
  if (report.Item && classesStillDue(report.Item, at)) return 'not-due';
  if (report.Item && !(await deleteAll(outsideKeys(removal.reportId, report.Item)))) return 'partly-removed';

  // The report's partition, a page at a time, around its audit records (they stay, and are never read here):
  // the sort keys below `AUDIT#` and above every `AUDIT#…` (ASCII), so a report with many records is no slower.
  for (const range of [
    { condition: 'PK = :pk AND SK < :audit', bound: keys.auditSortPrefix },
    { condition: 'PK = :pk AND SK > :audit', bound: `${keys.auditSortPrefix}\uffff` },
  ]) {
    let start: Key | undefined;
    do {
      if (!canStep()) return 'partly-removed';
      steps += 1;
      const page = await document.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: range.condition,
          ExpressionAttributeValues: { ':pk': keys.report(removal.reportId).PK, ':audit': range.bound },
          ProjectionExpression: 'PK, SK',
          ConsistentRead: true,
          Limit: step * 2,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const doomed = (page.Items ?? []).map((item) => ({ PK: item.PK as string, SK: item.SK as string })).filter((key) => !keptToLast(key.SK));
      if (!(await deleteAll(doomed))) return 'partly-removed';
      start = page.LastEvaluatedKey as Key | undefined;
    } while (start);
  }

  // LAST: the report item, its routing entry and the erasure record, together — exactly one run gets here first.
  try {
    await transact(document, [
      { Delete: { TableName: tableName, Key: keys.report(removal.reportId) } },
      {
        Delete: {
          TableName: tableName,
          Key: entryKey,
          ConditionExpression: 'attribute_exists(GSI1PK) AND dueAt <= :at',
          ExpressionAttributeValues: { ':at': at },
        },
      },
      { Put: { TableName: tableName, Item: auditItem(audit), ConditionExpression: AUDIT_PUT_CONDITION } },
    ]);
    return 'removed';
  } catch (error) {
    if (!isCancelled(error) || !(error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed')) throw error;
    const again = await document.send(new GetCommand({ TableName: tableName, Key: entryKey, ConsistentRead: true }));
    if (!again.Item || again.Item.GSI1PK === undefined) return 'already-removed';
    if ((again.Item.dueAt as string) > at) return 'not-due';
    throw error;
  }
}

function classesStillDue(item: Record<string, unknown>, at: string): boolean {
  const map = (item.retention ?? {}) as Record<string, { dueAt?: unknown; removedAt?: unknown }>;
  return Object.values(map).some((state) => typeof state.dueAt === 'string' && state.dueAt <= at && state.removedAt === undefined);
}

/** Kept until the last step (the report item, its routing entry) or kept for good (audit records). */
function keptToLast(sortKey: string): boolean {
  return sortKey === 'REPORT' || sortKey === `RETENTION#${ROUTING}` || sortKey.startsWith(keys.auditSortPrefix);
}

/** The queue entry, the current receipt look-up and the ledger line: keyed from the report item's own attributes. */
function outsideKeys(reportId: string, item: Record<string, unknown>): Key[] {
  const forceId = item.forceId as string | undefined;
  const createdAt = item.createdAt as string | undefined;
  return [
    ...(forceId && typeof item.queueRank === 'string' ? [keys.queueEntry(forceId, item.queueRank)] : []),
    ...(typeof item.receiptKey === 'string' ? [keys.receipt(item.receiptKey)] : []),
    ...(forceId && createdAt ? [keys.reportLedger(forceId, monthOf(createdAt), createdAt, reportId)] : []),
  ];
}

/** A delete that never touches another report's item (a key in another partition is checked to name this report). */
function deleteOf(tableName: string, Key: Key, reportId: string) {
  if (Key.PK === keys.report(reportId).PK) return { Delete: { TableName: tableName, Key } };
  return {
    Delete: {
      TableName: tableName,
      Key,
      ConditionExpression: 'attribute_not_exists(PK) OR reportId = :reportId',
      ExpressionAttributeValues: { ':reportId': reportId },
    },
  };
}

async function transact(document: DynamoDBDocumentClient, items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await document.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      // Another run is deleting the same items right now: once it is done, ours delete nothing and pass.
      const conflict = isCancelled(error) && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');
      if (!conflict || attempt >= CONFLICT_RETRIES) throw error;
      await sleep(10 + Math.random() * 40 * (attempt + 1));
    }
  }
}
