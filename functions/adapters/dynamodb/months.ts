/** Month partitions (`YYYY-MM`) shared by the report ledger and the audit trail's disclosure entries. */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The month of an ISO time, `YYYY-MM`.
 *
 * @example
 * monthOf('2026-03-01T09:00:00.000Z'); // '2026-03'
 */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/**
 * Months `YYYY-MM` from the month of `from` to the month of `to` (inclusive).
 *
 * @example
 * monthsBetween('2026-01-15T00:00:00.000Z', '2026-03-01T00:00:00.000Z'); // ['2026-01', '2026-02', '2026-03']
 */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = monthOf(from).split('-').map(Number) as [number, number];
  const last = monthOf(to);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) break;
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/**
 * Every item of the month partitions between `from` and `to` whose sort key
 * (an ISO time prefix) falls in `[from, to]`, page by page: one Query per
 * page of each month, never a Scan; stops when `signal` aborts.
 *
 * @example
 * for await (const item of itemsOfMonths(document, table, (month) => keys.reportLedgerPartition(force, month), from, to)) …
 */
export async function* itemsOfMonths(
  document: DynamoDBDocumentClient,
  tableName: string,
  partitionOf: (month: string) => string,
  from: string,
  to: string,
  signal?: AbortSignal,
): AsyncIterable<Record<string, unknown>> {
  for (const month of monthsBetween(from, to)) {
    let start: Record<string, unknown> | undefined;
    do {
      // An abandoned request (its function timed out) stops here, not a minute of queries later.
      signal?.throwIfAborted();
      const page = await document.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': partitionOf(month), ':from': from, ':to': to },
          ExclusiveStartKey: start,
        }),
        { abortSignal: signal },
      );
      yield* page.Items ?? [];
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
