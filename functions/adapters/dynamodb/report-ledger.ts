/**
 * Reads the month ledger (one item per report, ids and times only) so the
 * transparency figures need neither a Scan nor a plaintext index on content.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReportLedger } from '../../domain/transparency/figures';
import { monthsBetween } from './months';
import { keys } from './table-design';

export class DynamoReportLedger implements ReportLedger {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async *reportsBetween(forceId: string, from: string, to: string): AsyncIterable<{ reportId: string; createdAt: string }> {
    for (const month of monthsBetween(from, to)) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.document.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': keys.reportLedgerPartition(forceId, month), ':from': from, ':to': to },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          if ((item.createdAt as string) < to) yield { reportId: item.reportId as string, createdAt: item.createdAt as string };
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }
  }
}
