/**
 * Removal schedules in the force table. At acceptance each sealed part gets
 * one schedule entry beside its report (`REPORT#<id>` / `RETENTION#<part>`;
 * the protected section's is `RETENTION#protected-immigration`): the classes
 * of a part share its date and can only leave together, so one entry says
 * when they go. Each removable class gets its date in the `retention` map on
 * the report item. While pending, the entry sits on GSI1 under
 * `RETENTION-DUE#<force>`, sorted by due date. The worker queries that sparse
 * index (bounded pages) and removes each part in one transaction: its
 * ciphertext (`protected`, or `body.<part>`) is REMOVEd and
 * `retention.<class>.removedAt` set for every class of the part, its entry
 * leaves the index, the erasure record is put — all conditional, all or
 * nothing. The removal also moves `bodyVersion` on, so a victim's body
 * change read before it cannot write the removed part back.
 *
 * The entry is small on purpose (ids and dates): GSI1 projects ALL, so the
 * report item itself must never be on it, or the index would copy ciphertext.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord, Page, PageRequest } from '../../domain/audit/audit-trail';
import type { NewReport } from '../../domain/report';
import {
  REMOVABLE_CLASSES,
  type BringForwardOutcome,
  type ClassRetention,
  type DueItem,
  type DueMessage,
  type DueRemoval,
  type DueReport,
  type MayStep,
  type MessageClass,
  type MessagesBroughtForward,
  type RemovableClass,
  type RemovalOutcome,
  type RetentionStore,
  classesRemovedWith,
  ON_TIME_GRACE_MS,
} from '../../domain/retention/retention';
import { MESSAGE_CLASS } from '../../domain/channel/channel-store';
import { AUDIT_PUT_CONDITION, auditItem } from './audit-store';
import { decodeCursor, encodeCursor } from './cursor';
import { NEEDS_HINT_DATA_CLASS, removeNeedsHint } from './needs-hint';
import { keys } from './table-design';
import { BODY_ATTRIBUTE } from './sealed-body-attribute';
import { REPORT_END_LIMITS, removeReportEnd, type ReportEndLimits } from './report-end';
import { removeReferralTargets } from './referral-targets';
import { bringMessagesForward } from './message-bring-forward';
import { isCancelled } from './transactions';

/** The report item attribute that holds the protected section's ciphertext. */
export const SEALED_ATTRIBUTE: Readonly<Record<'protected-immigration', string>> = { 'protected-immigration': 'protected' };

/** The document path of a class's ciphertext on the report item, with its attribute names. */
function sealedPath(entry: Pick<ClassRetention, 'dataClass' | 'part'>): { path: string; names: Record<string, string>; body: boolean } {
  if (entry.dataClass === 'protected-immigration') return { path: '#sealed', names: { '#sealed': SEALED_ATTRIBUTE['protected-immigration'] }, body: false };
  if (!entry.part) throw new Error(`no sealed part recorded for ${entry.dataClass}`);
  return { path: '#body.#part', names: { '#body': BODY_ATTRIBUTE, '#part': entry.part }, body: true };
}

const GSI = 'GSI1';
const MESSAGE_CLASSES: readonly string[] = Object.values(MESSAGE_CLASS);
const CONFLICT_RETRIES = 3;
/** A due-index sort key: `<dueAt>#<reportId>#<part or class>` or `<dueAt>#<reportId>#message#<messageId>`. */
const DUE_SORT_KEY = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z#[0-9a-f-]{36}#[a-z+-]{2,200}(#[0-9A-Za-z-]{1,64})?$/;

/**
 * What a part's schedule entry is named by: its part id (`special+support`), or the class itself for the
 * protected section (a part of its own) and for a class sealed on its own.
 *
 * @example
 * scheduleEntryName({ dataClass: 'special', part: 'special+support' }); // 'special+support'
 */
export function scheduleEntryName(entry: Pick<ClassRetention, 'dataClass' | 'part'>): string {
  return entry.part ?? entry.dataClass;
}

/** One conditional update of a schedule entry, as an item of a transaction. */
function entryUpdate(tableName: string, key: Record<string, string>, update: string, condition: string, values: Record<string, unknown>) {
  return { Update: { TableName: tableName, Key: key, UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeValues: values } };
}

/**
 * The schedule entries, written in the report's creation transaction: one per sealed part, and the
 * report's own end (`routing`, on the date its TTL names; ./report-end.ts). That entry's TTL comes two days
 * later, so the backstop never takes it off the index before the worker has removed the report and audited it.
 */
export function retentionItems(tableName: string, report: NewReport): Record<string, unknown>[] {
  const endsAt = new Date(report.expiresAt * 1000).toISOString();
  const end = {
    Put: {
      TableName: tableName,
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: {
        ...keys.retentionEntry(report.routing.reportId, 'routing'),
        ...keys.retentionDue(report.routing.forceId, endsAt, report.routing.reportId, 'routing'),
        type: 'retention',
        reportId: report.routing.reportId,
        forceId: report.routing.forceId,
        dataClass: 'routing',
        dueAt: endsAt,
        ttl: report.expiresAt + 2 * MESSAGE_TTL_BACKSTOP_SECONDS,
      },
    },
  };
  return [...partItems(tableName, report), end];
}

/**
 * One entry per part, on the part's date, naming the class whose date its removal checks (`dataClass`): the
 * part's first class in the schedule, as the classes of a part are dated alike (./parts.ts); should two ever
 * differ, the earliest, since removing the part removes them all.
 */
function partItems(tableName: string, report: NewReport): Record<string, unknown>[] {
  const byPart = new Map<string, ClassRetention>();
  for (const entry of report.retention ?? []) {
    const name = scheduleEntryName(entry);
    const held = byPart.get(name);
    if (!held || entry.dueAt < held.dueAt) byPart.set(name, entry);
  }
  return [...byPart.entries()].map(([name, entry]) => ({
    Put: {
      TableName: tableName,
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: {
        ...keys.retentionEntry(report.routing.reportId, name),
        ...keys.retentionDue(report.routing.forceId, entry.dueAt, report.routing.reportId, name),
        type: 'retention',
        reportId: report.routing.reportId,
        forceId: report.routing.forceId,
        dataClass: entry.dataClass,
        ...(entry.part ? { part: entry.part } : {}),
        dueAt: entry.dueAt,
        ttl: report.expiresAt,
      },
    },
  }));
}

/**
 * How long after its date the TTL backstop deletes a message item (and its entry a day later): the worker's
 * on-time grace, so the worker — not the TTL — is what removes it, and audits it, when it runs.
 */
export const MESSAGE_TTL_BACKSTOP_SECONDS = ON_TIME_GRACE_MS / 1000;

/**
 * The removal date of a receipt-channel message (epoch seconds): its class's days from when it was written,
 * never later than the report itself expires.
 *
 * @example
 * messageDueSeconds(message.expiresAt, report.expiresAt);
 */
export function messageDueSeconds(messageExpiresAt: number, reportExpiresAt: number): number {
  return Number.isFinite(reportExpiresAt) ? Math.min(messageExpiresAt, reportExpiresAt) : messageExpiresAt;
}

/**
 * The schedule entry a message is written with (same transaction): ids, class and dates only.
 *
 * @example
 * items.push({ Put: { TableName, Item: messageRetentionItem({ reportId, forceId }, message, 'staff-message', dueSeconds) } });
 */
export function messageRetentionItem(
  report: { reportId: string; forceId: string },
  message: { messageId: string; at: string },
  dataClass: MessageClass,
  dueSeconds: number,
): Record<string, unknown> {
  const dueAt = new Date(dueSeconds * 1000).toISOString();
  return {
    ...keys.messageRetentionEntry(report.reportId, message.at, message.messageId),
    ...keys.messageRetentionDue(report.forceId, dueAt, report.reportId, message.messageId),
    type: 'message-retention',
    reportId: report.reportId,
    forceId: report.forceId,
    dataClass,
    messageId: message.messageId,
    messageAt: message.at,
    dueAt,
    ttl: dueSeconds + 2 * MESSAGE_TTL_BACKSTOP_SECONDS,
  };
}

/** The report item's `retention` attribute at acceptance. */
export function retentionAttribute(report: NewReport): Record<string, unknown> {
  const entries = report.retention ?? [];
  return entries.length
    ? { retention: Object.fromEntries(entries.map((entry) => [entry.dataClass, { dueAt: entry.dueAt, ...(entry.part ? { part: entry.part } : {}) }])) }
    : {};
}

/** Reads the `retention` map of a report item (a report item without one has no removal schedule: an empty list). */
export function retentionOf(item: Record<string, unknown>): ClassRetention[] {
  const map = item.retention as Record<string, { dueAt?: unknown; removedAt?: unknown; part?: unknown }> | undefined;
  if (!map) return [];
  return REMOVABLE_CLASSES.flatMap((dataClass) => {
    const entry = map[dataClass];
    if (!entry || typeof entry.dueAt !== 'string') return [];
    return [
      {
        dataClass,
        ...(typeof entry.part === 'string' ? { part: entry.part } : {}),
        dueAt: entry.dueAt,
        ...(typeof entry.removedAt === 'string' ? { removedAt: entry.removedAt } : {}),
      },
    ];
  });
}

/**
 * @example
 * const store = new DynamoRetentionStore(document, 'safe-pathway-example-north');
 * const page = await store.due('example-north', new Date(), { limit: 25 });
 */
export class DynamoRetentionStore implements RetentionStore {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How much of one report's end a run deletes at most (./report-end.ts). */
    private readonly reportEndLimits: ReportEndLimits = REPORT_END_LIMITS,
  ) {}

  removeReport(removal: DueReport, removedAt: Date, audit: AuditRecord, mayStep?: MayStep): Promise<RemovalOutcome> {
    return removeReportEnd(this.document, this.tableName, removal, removedAt, audit, this.reportEndLimits, mayStep);
  }

  async due(forceId: string, now: Date, page: PageRequest): Promise<Page<DueItem>> {
    const partition = keys.retentionDuePartition(forceId);
    const result = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
        // `#~` sorts after every `#<reportId>#<class>` of the same instant.
        ExpressionAttributeValues: { ':pk': partition, ':now': `${now.toISOString()}#~` },
        ProjectionExpression: 'reportId, dataClass, part, dueAt, messageId, messageAt',
        Limit: page.limit,
        // An index page's last key names the index keys and the table's: all four, each of its shape.
        ExclusiveStartKey: decodeCursor(page.cursor, { GSI1PK: partition, GSI1SK: DUE_SORT_KEY, PK: /^REPORT#[0-9a-f-]{36}$/, SK: /^RETENTION#[A-Za-z0-9:.#+-]{1,200}$/ }),
      }),
    );
    const items = (result.Items ?? []).flatMap((item): DueItem[] => {
      if (typeof item.messageId === 'string') {
        if (!MESSAGE_CLASSES.includes(item.dataClass as MessageClass)) return [];
        return [{ reportId: item.reportId as string, dataClass: item.dataClass as MessageClass, messageId: item.messageId, at: item.messageAt as string, dueAt: item.dueAt as string }];
      }
      if (item.dataClass === 'routing') return [{ reportId: item.reportId as string, dataClass: 'routing', dueAt: item.dueAt as string }];
      if (!REMOVABLE_CLASSES.includes(item.dataClass as RemovableClass)) return [];
      return [{ reportId: item.reportId as string, dataClass: item.dataClass as RemovableClass, ...(typeof item.part === 'string' ? { part: item.part } : {}), dueAt: item.dueAt as string }];
    });
    const cursor = encodeCursor(result.LastEvaluatedKey);
    return { items, ...(cursor ? { cursor } : {}) };
  }

  async remove(removal: DueRemoval, removedAt: Date, audit: AuditRecord, mayStep?: MayStep): Promise<RemovalOutcome> {
    const at = removedAt.toISOString();
    const sealed = sealedPath(removal);
    // Every class of the part leaves with it: their dates on the report; the part's one entry off the index.
    const others = classesRemovedWith(removal).filter((dataClass) => dataClass !== removal.dataClass);
    const classNames = Object.fromEntries([removal.dataClass, ...others].map((dataClass, index) => [`#c${index}`, dataClass]));
    // The queue entry's sealed needs hint is class `support` too (./needs-hint.ts): it goes first, and
    // removing it again on a retry, or after the report left the queue, writes nothing.
    if ([removal.dataClass, ...others].includes(NEEDS_HINT_DATA_CLASS)) await removeNeedsHint(this.document, this.tableName, removal.reportId);
    // The referrals' sealed targets are derived from consent (./referral-targets.ts): they go first, in bounded
    // idempotent steps; while a dispatcher holds one, or past the run's bound, the part stays due for the next run.
    if ([removal.dataClass, ...others].includes('consent') && (await removeReferralTargets(this.document, this.tableName, removal.reportId, removedAt, undefined, mayStep)) !== 'done') {
      return 'partly-removed';
    }
    const transaction = new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.report(removal.reportId),
            // Deleting the attribute deletes the Encryption SDK message, and with it the only copy of its data key.
            UpdateExpression:
              `REMOVE ${sealed.path} SET ${Object.keys(classNames).map((name) => `#retention.${name}.removedAt = :at`).join(', ')}` +
              (sealed.body ? ', bodyVersion = if_not_exists(bodyVersion, :zero) + :one' : ''),
            ConditionExpression: `attribute_exists(${sealed.path}) AND #retention.#c0.dueAt <= :at`,
            ExpressionAttributeNames: { ...sealed.names, '#retention': 'retention', ...classNames },
            ExpressionAttributeValues: { ':at': at, ...(sealed.body ? { ':zero': 0, ':one': 1 } : {}) },
          },
        },
        entryUpdate(this.tableName, keys.retentionEntry(removal.reportId, scheduleEntryName(removal)), 'SET removedAt = :at REMOVE GSI1PK, GSI1SK', 'attribute_exists(GSI1PK) AND dueAt <= :at', {
          ':at': at,
        }),
        { Put: { TableName: this.tableName, Item: auditItem(audit), ConditionExpression: AUDIT_PUT_CONDITION } },
      ],
    });
    return this.sendRemoval(transaction, (error) => this.classify(removal, at, error));
  }

  async removeMessage(removal: DueMessage, removedAt: Date, audit: AuditRecord): Promise<RemovalOutcome> {
    const at = removedAt.toISOString();
    const entryKey = keys.messageRetentionEntry(removal.reportId, removal.at, removal.messageId);
    const transaction = new TransactWriteCommand({
      TransactItems: [
        // Deleting the item deletes the message's Encryption SDK message, its only copy; an item the TTL
        // backstop already deleted deletes nothing, and the removal is still recorded.
        { Delete: { TableName: this.tableName, Key: keys.message(removal.reportId, removal.at, removal.messageId) } },
        {
          Delete: {
            TableName: this.tableName,
            Key: entryKey,
            // Exactly one run deletes the entry, so exactly one records the erasure.
            ConditionExpression: 'attribute_exists(GSI1PK) AND dueAt <= :at',
            ExpressionAttributeValues: { ':at': at },
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(audit), ConditionExpression: AUDIT_PUT_CONDITION } },
      ],
    });
    return this.sendRemoval(transaction, async (error) => {
      const entry = await this.document.send(new GetCommand({ TableName: this.tableName, Key: entryKey, ConsistentRead: true }));
      if (!entry.Item) return 'already-removed';
      if ((entry.Item.dueAt as string) > at) return 'not-due';
      throw error;
    });
  }

  /**
   * Sends a removal's transaction: 'removed' when it commits; while another
   * run holds the same items (TransactionConflict) it tries again once that
   * run is done; a failed condition is handed to `whyNot` to say what stood
   * (already removed, not due); anything else throws and the entry stays due.
   */
  private async sendRemoval(transaction: TransactWriteCommand, whyNot: (error: Error) => Promise<RemovalOutcome>): Promise<RemovalOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.document.send(transaction);
        return 'removed';
      } catch (error) {
        if (!isCancelled(error)) throw error;
        const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
        if (codes.includes('TransactionConflict') && attempt < CONFLICT_RETRIES) {
          await sleep(10 + Math.random() * 40 * (attempt + 1));
          continue;
        }
        if (!codes.includes('ConditionalCheckFailed')) throw error;
        return whyNot(error);
      }
    }
  }

  /**
   * Why a removal's conditions failed, from strongly consistent reads. Throws
   * when none of the expected reasons holds (e.g. the audit put collided):
   * nothing was written, and the entry stays due for the next run.
   */
  private async classify(removal: DueRemoval, at: string, error: Error): Promise<RemovalOutcome> {
    const [report, entry] = await Promise.all([
      this.document.send(new GetCommand({ TableName: this.tableName, Key: keys.report(removal.reportId), ConsistentRead: true })),
      this.document.send(new GetCommand({ TableName: this.tableName, Key: keys.retentionEntry(removal.reportId, scheduleEntryName(removal)), ConsistentRead: true })),
    ]);
    if (!entry.Item) return 'gone';
    if (!report.Item) {
      // The report expired (TTL) first: take its entry off the index so it is not offered again.
      await this.closeEntry(removal, at);
      return 'gone';
    }
    const state = retentionOf(report.Item).find((candidate) => candidate.dataClass === removal.dataClass);
    if (state?.removedAt !== undefined || entry.Item.GSI1PK === undefined) return 'already-removed';
    if (!state || state.dueAt > at) return 'not-due';
    throw error;
  }

  private async closeEntry(removal: DueRemoval, at: string): Promise<void> {
    try {
      await this.document.send(
        new TransactWriteCommand({
          TransactItems: [
            entryUpdate(this.tableName, keys.retentionEntry(removal.reportId, scheduleEntryName(removal)), 'SET closedAt = :at REMOVE GSI1PK, GSI1SK', 'attribute_exists(GSI1PK)', { ':at': at }),
          ],
        }),
      );
    } catch (error) {
      if (!isCancelled(error)) throw error;
    }
  }

  bringMessagesForward(report: { forceId: string; reportId: string }, dataClass: MessageClass, dueAt: Date): Promise<MessagesBroughtForward> {
    return bringMessagesForward(this.document, this.tableName, report, dataClass, dueAt);
  }

  async bringForward(reportId: string, dataClass: RemovableClass, dueAt: Date, audit: AuditRecord): Promise<BringForwardOutcome> {
    const due = dueAt.toISOString();
    // The part the class is sealed in, from the report's own map: the part's one entry moves, and the
    // dates of all its classes with it (they can only leave together).
    const current = await this.document.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.report(reportId),
        ConsistentRead: true,
        ProjectionExpression: '#retention.#class',
        ExpressionAttributeNames: { '#retention': 'retention', '#class': dataClass },
      }),
    );
    const entry = current.Item ? retentionOf(current.Item).find((candidate) => candidate.dataClass === dataClass) : undefined;
    if (!entry) return 'not-found';
    const entryKey = keys.retentionEntry(reportId, scheduleEntryName(entry));
    const sealed = sealedPath(entry);
    const classNames = Object.fromEntries(classesRemovedWith(entry).map((name, index) => [`#c${index}`, name]));
    try {
      await this.document.send(
        new TransactWriteCommand({
          TransactItems: [
            // Never later than the date it has: the config's date, or one already brought forward.
            entryUpdate(this.tableName, entryKey, 'SET dueAt = :due, GSI1SK = :sk', 'attribute_exists(GSI1PK) AND dueAt > :due', {
              ':due': due,
              ':sk': keys.retentionDue(audit.forceId, due, reportId, scheduleEntryName(entry)).GSI1SK,
            }),
            {
              Update: {
                TableName: this.tableName,
                Key: keys.report(reportId),
                UpdateExpression: `SET ${Object.keys(classNames).map((name) => `#retention.${name}.dueAt = :due`).join(', ')}`,
                ConditionExpression: `attribute_exists(${sealed.path})`,
                ExpressionAttributeNames: { '#retention': 'retention', ...classNames, ...sealed.names },
                ExpressionAttributeValues: { ':due': due },
              },
            },
            { Put: { TableName: this.tableName, Item: auditItem(audit), ConditionExpression: AUDIT_PUT_CONDITION } },
          ],
        }),
      );
      return 'brought-forward';
    } catch (error) {
      if (!isCancelled(error)) throw error;
      const held = await this.document.send(new GetCommand({ TableName: this.tableName, Key: entryKey, ConsistentRead: true }));
      if (!held.Item) return 'not-found';
      if (held.Item.GSI1PK === undefined) return 'already-removed';
      if ((held.Item.dueAt as string) <= due) return 'not-earlier';
      throw error;
    }
  }
}
