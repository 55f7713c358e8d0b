/**
 * Reads the month ledger (one item per report, ids and times only) so the
 * transparency figures need neither a Scan nor a plaintext index on content.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReportLedger } from '../../domain/transparency/figures';
import { itemsOfMonths } from './months';
import { keys } from './table-design';

export class DynamoReportLedger implements ReportLedger {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The request's abort signal: reading stops when the request is abandoned. */
    private readonly signal?: AbortSignal,
  ) {}

  async *reportsBetween(forceId: string, from: string, to: string): AsyncIterable<{ reportId: string; createdAt: string }> {
    for await (const item of itemsOfMonths(this.document, this.tableName, (month) => keys.reportLedgerPartition(forceId, month), from, to, this.signal)) {
      if ((item.createdAt as string) < to) yield { reportId: item.reportId as string, createdAt: item.createdAt as string };
    }
  }
}
