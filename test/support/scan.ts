/**
 * Every item of a test table, page by page. A scan answers at most 1 MB a
 * page and a report item is over 50 KB (its protected section is padded to
 * one size), so a single page misses items once a table holds a score of
 * reports: a leak check over it would pass without looking.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * @example
 * for (const item of await scanTable(force.dynamo.document, force.tableName)) expect(JSON.stringify(item)).not.toContain(canary);
 */
export async function scanTable(document: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await document.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
