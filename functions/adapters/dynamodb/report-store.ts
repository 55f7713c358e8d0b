/**
 * Report items in the force table: the report, its queue entry and its
 * receipt look-up, written together in one transaction.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ReportAlreadyStoredError, type ReportWriter } from '../../domain/intake/accept-report';
import type { NewReport, ReportStatus } from '../../domain/report';
import type { FailureCounter, StatusReader } from '../../domain/status/look-up-status';
import { queueRank } from '../../domain/risk/assess';
import { keys } from './table-design';
import { firewallItems } from './referral-outbox';
import { retentionAttribute, retentionItems } from './retention-store';

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

  async create(report: NewReport): Promise<void> {
    const { routing } = report;
    const rank = queueRank(routing.priority, routing.createdAt, routing.reportId);
    const notThere = 'attribute_not_exists(PK)';
    try {
      await this.writeReport(report, rank, notThere);
    } catch (error) {
      // The report Put is the first item: its condition failing means this id is already stored.
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ReportAlreadyStoredError(routing.reportId);
      }
      throw error;
    }
  }

  private async writeReport(report: NewReport, rank: string, notThere: string): Promise<void> {
    const { routing } = report;
    await this.document.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              ConditionExpression: notThere,
              Item: {
                ...keys.report(routing.reportId),
                type: 'report',
                ...routing,
                queueRank: rank,
                body: report.sealedBody,
                protected: report.sealedProtected,
                ...retentionAttribute(report),
                ttl: report.expiresAt,
              },
            },
          },
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
        ],
      }),
    );
  }

  async statusByReceipt(lookupKey: string): Promise<ReportStatus | undefined> {
    const receipt = await this.document.send(
      // Strongly consistent: a receipt the victim just rotated away (issue 15) must stop here at once too.
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
