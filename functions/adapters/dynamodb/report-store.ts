/**
 * Report items in the force table: the report, its queue entry, its receipt
 * look-up, its ledger line, its referrals and (for a keyed submission) the
 * Idempotency-Key's claim, written together in ONE conditional transaction.
 * The intake is one round trip in every case: a retry, a reused key and a
 * race are all answered from the transaction's cancellation reasons.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  IdempotencyKeyReusedError,
  ReceiptReplacedError,
  ReportAlreadyStoredError,
  SubmissionInProgressError,
  type KeyClaim,
  type ReportWriter,
} from '../../domain/intake/accept-report';
import type { NewReport, ReportStatus } from '../../domain/report';
import type { FailureCounter, StatusReader } from '../../domain/status/look-up-status';
import { queueRank } from '../../domain/risk/assess';
import { keys } from './table-design';
import { firewallItems } from './referral-outbox';
import { retentionAttribute, retentionItems } from './retention-store';
import { NEEDS_HINT_ATTRIBUTE } from './needs-hint';
import { bodyAttribute } from './sealed-body-attribute';

const REPORT_INDEX = 0;
const CLAIM_INDEX = 1;
/** The receipt look-up's position: after the report and the queue entry (and the claim, when keyed). */
const RECEIPT_INDEX = 2;
const RECEIPT_INDEX_KEYED = 3;

/**
 * @example
 * const store = new DynamoReportStore(document, 'safe-pathway-xy');
 * await store.create(newReport);
 */
export class DynamoReportStore implements ReportWriter, StatusReader {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(report: NewReport, claim?: KeyClaim): Promise<void> {
    const { routing } = report;
    const rank = queueRank(routing.priority, routing.createdAt, routing.reportId);
    try {
      await this.document.send(new TransactWriteCommand({ TransactItems: this.items(report, rank, claim) }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      // The claim names another body (its report id differs, so the report's own condition held): a reused key.
      if (claim && reasons[CLAIM_INDEX] === 'ConditionalCheckFailed') throw new IdempotencyKeyReusedError();
      // The report Put is the first item: its condition failing means this id is already stored. If the intake
      // receipt's look-up put did NOT fail beside it, that look-up is gone: the victim replaced the receipt.
      if (reasons[REPORT_INDEX] === 'ConditionalCheckFailed') {
        if (reasons[claim ? RECEIPT_INDEX_KEYED : RECEIPT_INDEX] === 'None') throw new ReceiptReplacedError();
        throw new ReportAlreadyStoredError(routing.reportId);
      }
      // Another transaction is writing the same items (a race of two with one key): nothing of ours was written.
      if (reasons.includes('TransactionConflict')) throw new SubmissionInProgressError();
      throw error;
    }
  }

  /** The transaction's items: the report, the claim (keyed only), the queue entry, the receipt look-up (the cancellation reasons are read by position). */
  private items(report: NewReport, rank: string, claim: KeyClaim | undefined) {
    const { routing } = report;
    const notThere = 'attribute_not_exists(PK)';
    return [
      {
        Put: {
          TableName: this.tableName,
          ConditionExpression: notThere,
          Item: {
            ...keys.report(routing.reportId),
            type: 'report',
            ...routing,
            queueRank: rank,
            // The current receipt look-up's key (a keyed hash: it opens nothing), so the report's end can delete it.
            receiptKey: report.receiptLookupKey,
            body: bodyAttribute(report.sealedBody),
            protected: report.sealedProtected,
            ...retentionAttribute(report),
            ttl: report.expiresAt,
          },
        },
      },
      ...(claim
        ? [
            {
              Put: {
                TableName: this.tableName,
                // Free, or claimed by the same body (whose report condition then answers), or expired but not yet swept.
                ConditionExpression: 'attribute_not_exists(PK) OR fingerprint = :fingerprint OR #ttl < :now',
                ExpressionAttributeNames: { '#ttl': 'ttl' },
                ExpressionAttributeValues: { ':fingerprint': claim.fingerprint, ':now': Math.floor(Date.now() / 1000) },
                // Ids and a keyed fingerprint only: no receipt, no report content.
                Item: {
                  ...keys.idempotencyClaim(claim.claimId),
                  type: 'idempotency-claim',
                  reportId: routing.reportId,
                  fingerprint: claim.fingerprint,
                  ttl: claim.expiresAt,
                },
              },
            },
          ]
        : []),
      {
        Put: {
          TableName: this.tableName,
          ConditionExpression: notThere,
          Item: {
            ...keys.queueEntry(routing.forceId, rank),
            type: 'queue-entry',
            reportId: routing.reportId,
            forceId: routing.forceId,
            priority: routing.priority,
            grade: routing.grade,
            createdAt: routing.createdAt,
            // Sealed (class `support`): the language and interpreter need, never in plaintext (./needs-hint.ts).
            [NEEDS_HINT_ATTRIBUTE]: report.sealedNeeds,
            ttl: report.expiresAt,
          },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          ConditionExpression: notThere,
          Item: {
            ...keys.receipt(report.receiptLookupKey),
            type: 'receipt',
            reportId: routing.reportId,
            ttl: report.expiresAt,
          },
        },
      },
      ...firewallItems(this.tableName, report),
      ...retentionItems(this.tableName, report),
    ];
  }

  async statusByReceipt(lookupKey: string): Promise<ReportStatus | undefined> {
    const receipt = await this.document.send(
      // Strongly consistent: a receipt the victim just rotated away must stop here at once too.
      new GetCommand({ TableName: this.tableName, Key: keys.receipt(lookupKey), ProjectionExpression: 'reportId', ConsistentRead: true }),
    );
    const reportId = receipt.Item?.reportId as string | undefined;
    if (!reportId) return undefined;
    const report = await this.document.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.report(reportId),
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    return report.Item?.status as ReportStatus | undefined;
  }
}

/** Failed status look-ups per hashed client per window, expiring by TTL. */
export class DynamoFailureCounter implements FailureCounter {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async reserveAttempt(clientKey: string, window: number, max: number, expiresAt: number): Promise<boolean> {
    try {
      await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.statusFailures(clientKey, window),
          UpdateExpression: 'ADD failures :one SET #ttl = :ttl',
          // The check and the count are one conditional write, so parallel guesses cannot overtake it.
          ConditionExpression: 'attribute_not_exists(failures) OR failures < :max',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':ttl': expiresAt, ':max': max },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async forgiveAttempt(clientKey: string, window: number): Promise<void> {
    await this.document.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.statusFailures(clientKey, window),
        UpdateExpression: 'ADD failures :minusOne',
        ExpressionAttributeValues: { ':minusOne': -1 },
      }),
    );
  }
}
