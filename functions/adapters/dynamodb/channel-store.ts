/**
 * The victim's receipt channel in the force table. Messages live
 * in their report's partition (`SK = MESSAGE#<at>#<messageId>`), their text
 * sealed, each written with its removal entry (`RETENTION#MESSAGE#…`, on the
 * retention worker's due index) so the worker removes it on its date; the
 * report item and its queue entry carry only booleans and times about the
 * channel (`pausedUntil`, `unreadReply`, `victimLastLookedAt`,
 * `staffLastReadAt`), plus counters (`receiptGeneration`, `bodyVersion`).
 *
 * Every change is one TransactWriteItems with its audit record: a victim's
 * change is conditioned on the receipt's look-up item still naming the
 * report (a rotation deletes it), the queue entry is touched only while it
 * exists (the report is open), and changes that rebuild something (body,
 * receipt) are conditioned on the version they were built from; a consent
 * change's referrals (new outbox items, stopped undelivered ones) ride in
 * the body's transaction. Staff re-seal the body the same way (a consent
 * withdrawal they record), conditioned on the lease instead of a receipt. Two writers
 * that collide are retried, so two replies at once both land.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditRecord } from '../../domain/audit/audit-trail';
import type { ChannelReport, ChannelStore, ChannelWrite, ReferralChanges, StoredMessage } from '../../domain/channel/channel-store';
import type { ReportStatus } from '../../domain/report';
import { AUDIT_PUT_CONDITION, auditItem } from './audit-store';
import { referralItem } from './referral-outbox';
import { MESSAGE_TTL_BACKSTOP_SECONDS, messageDueSeconds, messageRetentionItem } from './retention-store';
import type { MessageClass } from '../../domain/retention/retention';
import { keys } from './table-design';
import { bodyAttribute, sealedBodyOf } from './sealed-body-attribute';
import { isCancelled } from './transactions';

/** Retries of a transaction cancelled only because another one touched the same items. */
const CONFLICT_RETRIES = 8;

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

interface ItemUpdate {
  set: string[];
  remove: string[];
  values: Record<string, unknown>;
  condition?: string;
}

/**
 * @example
 * const store = new DynamoChannelStore(document, 'safe-pathway-demoshire');
 * const reportId = await store.reportIdByReceipt(lookupKey);
 */
export class DynamoChannelStore implements ChannelStore {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async reportIdByReceipt(lookupKey: string): Promise<string | undefined> {
    const result = await this.document.send(
      new GetCommand({ TableName: this.tableName, Key: keys.receipt(lookupKey), ConsistentRead: true, ProjectionExpression: 'reportId' }),
    );
    return result.Item?.reportId as string | undefined;
  }

  async report(reportId: string): Promise<ChannelReport | undefined> {
    const result = await this.document.send(new GetCommand({ TableName: this.tableName, Key: keys.report(reportId), ConsistentRead: true }));
    const item = result.Item;
    if (!item) return undefined;
    return {
      reportId: item.reportId as string,
      forceId: item.forceId as string,
      status: item.status as ReportStatus,
      rank: item.queueRank as string,
      sealedBody: sealedBodyOf(item.body),
      receiptGeneration: typeof item.receiptGeneration === 'number' ? item.receiptGeneration : 0,
      bodyVersion: typeof item.bodyVersion === 'number' ? item.bodyVersion : 0,
      expiresAt: item.ttl as number,
      ...(typeof item.pausedUntil === 'number' ? { pausedUntil: item.pausedUntil } : {}),
      ...(typeof item.staffLastReadAt === 'string' ? { staffLastReadAt: item.staffLastReadAt } : {}),
      ...(typeof item.victimLastLookedAt === 'string' ? { victimLastLookedAt: item.victimLastLookedAt } : {}),
      ...(typeof item.leaseHolder === 'string' && typeof item.leaseUntil === 'number' ? { lease: { holder: item.leaseHolder, until: item.leaseUntil } } : {}),
    };
  }

  async messages(reportId: string, limit: number): Promise<StoredMessage[]> {
    const result = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.report(reportId).PK, ':prefix': keys.messagePrefix },
        ConsistentRead: true,
        // Newest first, so the limit keeps the latest; shown oldest first.
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? [])
      .map((item) => ({
        messageId: item.messageId as string,
        author: item.author as StoredMessage['author'],
        at: item.at as string,
        sealedText: item.text as Uint8Array,
        expiresAt: item.ttl as number,
      }))
      .reverse();
  }

  async apply(report: ChannelReport, change: ChannelWrite, audit: AuditRecord): Promise<boolean> {
    const items = this.#items(report, change);
    items.push({ Put: { TableName: this.tableName, Item: auditItem(audit), ConditionExpression: AUDIT_PUT_CONDITION } });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.document.send(new TransactWriteCommand({ TransactItems: items }));
        return true;
      } catch (error) {
        if (!isCancelled(error)) throw error;
        const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
        if (codes.includes('ConditionalCheckFailed')) return false;
        if (codes.includes('TransactionConflict') && attempt < CONFLICT_RETRIES) {
          await sleep(10 + Math.random() * 30 * (attempt + 1));
          continue;
        }
        throw error;
      }
    }
  }

  #items(report: ChannelReport, change: ChannelWrite): TransactItem[] {
    const open = report.status !== 'closed';
    const items: TransactItem[] = [];
    const receiptStillValid = (lookupKey: string) => ({
      TableName: this.tableName,
      Key: keys.receipt(lookupKey),
      ConditionExpression: 'attribute_exists(PK) AND reportId = :reportId',
      ExpressionAttributeValues: { ':reportId': report.reportId },
    });
    const lease = (holder: string | undefined, nowMs: number) =>
      holder === undefined ? { condition: '', values: {} } : { condition: ' AND leaseHolder = :holder AND leaseUntil > :now', values: { ':holder': holder, ':now': nowMs } };
    // The message and its removal entry (./retention-store.ts): the retention worker deletes both on the
    // message's date and audits it; the item's TTL is only a backstop, a grace period later.
    const messagePut = (message: StoredMessage, dataClass: MessageClass): TransactItem[] => {
      const dueSeconds = messageDueSeconds(message.expiresAt, report.expiresAt);
      return [
        {
          Put: {
            TableName: this.tableName,
            ConditionExpression: 'attribute_not_exists(PK)',
            Item: {
              ...keys.message(report.reportId, message.at, message.messageId),
              type: 'message',
              messageId: message.messageId,
              author: message.author,
              at: message.at,
              dataClass,
              text: message.sealedText,
              ttl: dueSeconds + MESSAGE_TTL_BACKSTOP_SECONDS,
            },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            ConditionExpression: 'attribute_not_exists(PK)',
            Item: messageRetentionItem(report, message, dataClass, dueSeconds),
          },
        },
      ];
    };
    // The report and, while it is open, its queue entry get the same routing metadata.
    const both = (update: ItemUpdate) => {
      items.push(this.#update(keys.report(report.reportId), update));
      if (open) items.push(this.#update(keys.queueEntry(report.forceId, report.rank), { ...update, condition: undefined }));
    };
    switch (change.kind) {
      case 'victim-looked':
        items.push({ ConditionCheck: receiptStillValid(change.receipt.lookupKey) });
        both({ set: ['victimLastLookedAt = :at'], remove: [], values: { ':at': change.at } });
        break;
      case 'victim-reply':
        items.push({ ConditionCheck: receiptStillValid(change.receipt.lookupKey) }, ...messagePut(change.message, 'account'));
        both({ set: ['unreadReply = :true'], remove: [], values: { ':true': true } });
        break;
      case 'pause':
        items.push({ ConditionCheck: receiptStillValid(change.receipt.lookupKey) });
        both(change.pausedUntil === null ? { set: [], remove: ['pausedUntil'], values: {} } : { set: ['pausedUntil = :until'], remove: [], values: { ':until': change.pausedUntil } });
        break;
      case 'body':
      case 'staff-body': {
        // The victim's change holds while the receipt is the report's; staff's while the lease is held (as a staff message).
        const guard = change.kind === 'body' ? { condition: '', values: {} } : lease(change.holder, change.nowMs);
        if (change.kind === 'body') items.push({ ConditionCheck: receiptStillValid(change.receipt.lookupKey) });
        items.push(
          this.#update(keys.report(report.reportId), {
            set: ['body = :body', 'bodyVersion = :next'],
            remove: [],
            values: { ':body': bodyAttribute(change.sealedBody), ':next': change.bodyVersion + 1, ...(change.bodyVersion === 0 ? {} : { ':version': change.bodyVersion }), ...guard.values },
            condition: (change.bodyVersion === 0 ? 'attribute_not_exists(bodyVersion)' : 'bodyVersion = :version') + guard.condition,
          }),
        );
        if (change.referrals) items.push(...this.#referralItems(report, change.referrals));
        break;
      }
      case 'rotate':
        items.push(
          { Delete: receiptStillValid(change.receipt.lookupKey) },
          {
            Put: {
              TableName: this.tableName,
              ConditionExpression: 'attribute_not_exists(PK)',
              Item: { ...keys.receipt(change.newLookupKey), type: 'receipt', reportId: report.reportId, ttl: change.expiresAt },
            },
          },
          this.#update(keys.report(report.reportId), {
            // The new look-up's key moves with it, so the report's end deletes the current one (./report-end.ts).
            set: ['receiptGeneration = :generation', 'receiptKey = :receiptKey'],
            remove: [],
            values: { ':generation': change.generation, ':receiptKey': change.newLookupKey, ...(change.generation === 1 ? {} : { ':previous': change.generation - 1 }) },
            condition: change.generation === 1 ? 'attribute_not_exists(receiptGeneration)' : 'receiptGeneration = :previous',
          }),
        );
        break;
      case 'staff-message': {
        const guard = lease(change.holder, change.nowMs);
        items.push(...messagePut(change.message, 'staff-message'), {
          ConditionCheck: { TableName: this.tableName, Key: keys.report(report.reportId), ConditionExpression: `attribute_exists(PK)${guard.condition}`, ...(change.holder ? { ExpressionAttributeValues: guard.values } : {}) },
        });
        break;
      }
      case 'staff-read': {
        const guard = lease(change.holder, change.nowMs);
        items.push(this.#update(keys.report(report.reportId), { set: ['staffLastReadAt = :at'], remove: ['unreadReply'], values: { ':at': change.at, ...guard.values }, condition: guard.condition.replace(/^ AND /, '') || undefined }));
        if (open) items.push(this.#update(keys.queueEntry(report.forceId, report.rank), { set: [], remove: ['unreadReply'], values: {} }));
        break;
      }
    }
    return items;
  }

  /** A consent change's referrals: new outbox items, and undelivered ones stopped (the write fails if one was delivered meanwhile). */
  #referralItems(report: ChannelReport, changes: ReferralChanges): TransactItem[] {
    const created = changes.create.map((referral) => ({
      Put: {
        TableName: this.tableName,
        ConditionExpression: 'attribute_not_exists(PK)',
        Item: referralItem({ reportId: report.reportId, forceId: report.forceId, createdAt: changes.at, expiresAt: report.expiresAt }, referral),
      },
    }));
    const stopped = changes.stop.map((referralId) => ({
      Update: {
        TableName: this.tableName,
        Key: keys.referral(report.reportId, referralId),
        // As DynamoReferralOutbox.withdraw: only a pending or parked referral; it leaves the work index.
        ConditionExpression: '#state IN (:pending, :dead)',
        UpdateExpression: 'SET #state = :withdrawn, withdrawnAt = :at REMOVE GSI1PK, GSI1SK',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending', ':dead': 'dead-letter', ':withdrawn': 'withdrawn', ':at': changes.at },
      },
    }));
    return [...created, ...stopped];
  }

  /** An update that never creates the item: it must exist (and meet `condition`). */
  #update(key: Record<string, string>, update: ItemUpdate): TransactItem {
    const expression = [update.set.length ? `SET ${update.set.join(', ')}` : '', update.remove.length ? `REMOVE ${update.remove.join(', ')}` : ''].join(' ').trim();
    const values = Object.keys(update.values).length ? { ExpressionAttributeValues: update.values } : {};
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: expression,
        ConditionExpression: update.condition ? `attribute_exists(PK) AND (${update.condition})` : 'attribute_exists(PK)',
        ...values,
      },
    };
  }
}
