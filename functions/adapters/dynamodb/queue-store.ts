/**
 * The force queue in the force table. Queue entries (`PK = QUEUE#<force>`,
 * `SK = rank`) carry the lease; the report item mirrors it. Every change
 * writes both, and its audit record, in one transaction conditioned on the
 * lease and the status, so the queue entry and the report never disagree and
 * no two members of staff can both win a report.
 *
 * Claim candidates are read with a strongly consistent Query on the base
 * table, never from a (necessarily eventually consistent) index; see
 * docs/data-model.md, "Claiming".
 */
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditRecord, Page, PageRequest } from '../../domain/audit/audit-trail';
import { WorkContentionError, type QueueEntry, type QueueListState, type QueueStore, type StoredReport, type WorkChange, type WorkGuard, type WorkItemRef } from '../../domain/queue/queue-store';
import type { OutcomeCode } from '../../domain/queue/work-rules';
import type { ReportStatus } from '../../domain/report';
import { AUDIT_PUT_CONDITION, auditItem } from './audit-store';
import { decodeCursor, encodeCursor } from './cursor';
import { sealedReportOf } from './report-item';
import { keys } from './table-design';
import { NEEDS_HINT_ATTRIBUTE } from './needs-hint';
import { isCancelled } from './transactions';

const STATE_FILTERS: Record<QueueListState, string | undefined> = {
  waiting: 'attribute_not_exists(leaseUntil) OR leaseUntil <= :now',
  claimed: 'leaseUntil > :now',
  all: undefined,
};

/** A queue entry's sort key, as `queueRank` spells it: priority band, creation time, report id. */
const QUEUE_RANK = /^P\d#\d{4}-\d{2}-\d{2}T[0-9:.]+Z#[0-9a-f-]{36}$/;

/** Queries read per listing page at most, when a filter hides most entries; the page then ends with a cursor where the reading stopped. */
const MAX_QUERIES_PER_PAGE = 20;
/** Entries read per query when a filter hides some: leased entries are walked 100 at a time, not a page size at a time. */
const FILTERED_READ_LIMIT = 100;
/** Retries of a transaction cancelled only because another one touched the same items. */
const CONFLICT_RETRIES = 5;
/** A claim retries a conflict once, then moves on: the other transaction is most likely claiming that report. */
const CLAIM_CONFLICT_RETRIES = 1;

interface Expression {
  condition: string;
  values: Record<string, unknown>;
}

function entryOf(item: Record<string, unknown>): QueueEntry {
  return {
    reportId: item.reportId as string,
    rank: item.SK as string,
    priority: item.priority as QueueEntry['priority'],
    grade: item.grade as QueueEntry['grade'],
    createdAt: item.createdAt as string,
    // Intake writes entries without a status: a new entry is `received`.
    status: (item.status as ReportStatus | undefined) ?? 'received',
    ...(typeof item.leaseHolder === 'string' && typeof item.leaseUntil === 'number'
      ? { lease: { holder: item.leaseHolder, until: item.leaseUntil } }
      : {}),
    ...channelMetadata(item),
    ...(item[NEEDS_HINT_ATTRIBUTE] instanceof Uint8Array ? { sealedNeeds: item[NEEDS_HINT_ATTRIBUTE] } : {}),
  };
}

/** The receipt channel's routing metadata on a queue entry (booleans and times only; see docs/data-model.md). */
function channelMetadata(item: Record<string, unknown>): Pick<QueueEntry, 'pausedUntil' | 'unreadReply' | 'victimLastLookedAt'> {
  return {
    ...(typeof item.pausedUntil === 'number' ? { pausedUntil: item.pausedUntil } : {}),
    ...(item.unreadReply === true ? { unreadReply: true } : {}),
    ...(typeof item.victimLastLookedAt === 'string' ? { victimLastLookedAt: item.victimLastLookedAt } : {}),
  };
}

function guardExpression(guard: WorkGuard): Expression {
  switch (guard.kind) {
    case 'unleased':
      return { condition: 'attribute_exists(PK) AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)', values: { ':now': guard.nowMs } };
    case 'held-by':
      return { condition: 'attribute_exists(PK) AND leaseHolder = :holder AND leaseUntil > :now', values: { ':holder': guard.holder, ':now': guard.nowMs } };
    case 'open':
      // The queue entry exists exactly while the report is open.
      return { condition: 'attribute_exists(PK)', values: {} };
  }
}

/**
 * @example
 * const store = new DynamoQueueStore(document, 'safe-pathway-example-north');
 * const page = await store.list('example-north', 'waiting', Date.now(), { limit: 25 });
 */
export class DynamoQueueStore implements QueueStore {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(forceId: string, state: QueueListState, nowMs: number, page: PageRequest): Promise<Page<QueueEntry>> {
    const partition = keys.queuePartition(forceId);
    const filter = STATE_FILTERS[state];
    const items: QueueEntry[] = [];
    let start = decodeCursor(page.cursor, { PK: partition, SK: QUEUE_RANK });
    for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
      const result = await this.document.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': partition, ...(filter ? { ':now': nowMs } : {}) },
          ...(filter ? { FilterExpression: filter } : {}),
          // Strongly consistent: a claimer must see leases taken a moment ago.
          ConsistentRead: true,
          Limit: filter ? Math.max(page.limit, FILTERED_READ_LIMIT) : page.limit,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(result.Items ?? []).map(entryOf));
      start = result.LastEvaluatedKey as Record<string, string> | undefined;
      if (items.length >= page.limit || !start) break;
    }
    const shown = items.slice(0, page.limit);
    // Resume after the last entry shown, so entries read but not shown come on the next page;
    // when nothing was shown but the reading stopped early, resume where it stopped (never "no more" while more exist).
    const last = shown.at(-1);
    const more = items.length > page.limit || start !== undefined;
    const resumeAt = last ? { PK: partition, SK: last.rank } : start;
    return { items: shown, ...(more && resumeAt ? { cursor: encodeCursor(resumeAt) } : {}) };
  }

  async report(reportId: string): Promise<StoredReport | undefined> {
    const result = await this.document.send(new GetCommand({ TableName: this.tableName, Key: keys.report(reportId), ConsistentRead: true }));
    const item = result.Item;
    if (!item) return undefined;
    return {
      ...sealedReportOf(item),
      rank: item.queueRank as string,
      ...(typeof item.leaseHolder === 'string' && typeof item.leaseUntil === 'number'
        ? { lease: { holder: item.leaseHolder, until: item.leaseUntil } }
        : {}),
      ...(item.outcome ? { outcome: item.outcome as OutcomeCode } : {}),
      ...(typeof item.pausedUntil === 'number' ? { pausedUntil: item.pausedUntil } : {}),
    };
  }

  async transition(forceId: string, ref: WorkItemRef, guard: WorkGuard, change: WorkChange, audit: AuditRecord): Promise<boolean> {
    const guarded = guardExpression(guard);
    const names = { '#status': 'status' };
    // Entries written by intake carry no status: for them, no status means `received`.
    const entryStatus = ref.status === 'received' ? '(#status = :expected OR attribute_not_exists(#status))' : '#status = :expected';
    const entryCondition = `${guarded.condition} AND ${entryStatus}`;
    const entryValues = { ...guarded.values, ':expected': ref.status };

    const sets = ['#status = :status'];
    const removes: string[] = [];
    const values: Record<string, unknown> = { ':status': change.status };
    if (change.lease) {
      sets.push('leaseHolder = :leaseHolder', 'leaseUntil = :leaseUntil');
      Object.assign(values, { ':leaseHolder': change.lease.holder, ':leaseUntil': change.lease.until });
    } else if (change.lease === null) removes.push('leaseHolder', 'leaseUntil');
    const update = (extraSets: string[] = []) => [`SET ${[...sets, ...extraSets].join(', ')}`, removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim();

    const entryKey = keys.queueEntry(forceId, ref.rank);
    const entryWrite = change.close
      ? { Delete: { TableName: this.tableName, Key: entryKey, ConditionExpression: entryCondition, ExpressionAttributeNames: names, ExpressionAttributeValues: entryValues } }
      : {
          Update: {
            TableName: this.tableName,
            Key: entryKey,
            UpdateExpression: update(),
            ConditionExpression: entryCondition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...entryValues, ...values },
          },
        };
    const closeSets = change.close ? ['outcome = :outcome', 'closedAt = :closedAt', 'closedBy = :closedBy'] : [];
    const closeValues = change.close ? { ':outcome': change.close.outcome, ':closedAt': change.close.closedAt, ':closedBy': change.close.closedBy } : {};
    // A contact attempt is written only while no pause is in force: the victim's pause writes the same item.
    const notPaused = change.notPausedAt === undefined ? '' : ' AND (attribute_not_exists(pausedUntil) OR pausedUntil <= :pauseNow)';
    const pauseValues = change.notPausedAt === undefined ? {} : { ':pauseNow': change.notPausedAt };
    const reportWrite = {
      Update: {
        TableName: this.tableName,
        Key: keys.report(ref.reportId),
        UpdateExpression: update(closeSets),
        ConditionExpression: `attribute_exists(PK) AND #status = :expected${notPaused}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':expected': ref.status, ...values, ...closeValues, ...pauseValues },
      },
    };
    const auditWrite = { Put: { TableName: this.tableName, Item: auditItem(audit), ConditionExpression: AUDIT_PUT_CONDITION } };

    for (let attempt = 0; ; attempt++) {
      try {
        await this.document.send(new TransactWriteCommand({ TransactItems: [entryWrite, reportWrite, auditWrite] }));
        return true;
      } catch (error) {
        if (!isCancelled(error)) throw error;
        const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
        if (codes.includes('ConditionalCheckFailed')) return false;
        // Another transaction held one of these items: evaluate the conditions again.
        if (codes.includes('TransactionConflict')) {
          if (attempt >= (guard.kind === 'unleased' ? CLAIM_CONFLICT_RETRIES : CONFLICT_RETRIES)) throw new WorkContentionError();
          await sleep(10 + Math.random() * 40 * (attempt + 1));
          continue;
        }
        throw error;
      }
    }
  }
}
