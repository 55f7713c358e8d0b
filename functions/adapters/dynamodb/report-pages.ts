/**
 * Reading one report's items of one kind a page at a time: a strongly
 * consistent `Query` of the report's partition under a sort-key prefix, with
 * the caller's filter and projection. Callers that change what they read
 * (referral targets leaving with consent, message removals brought forward)
 * bound each run by the pages they read, so the pager says whether more
 * pages are left instead of reading on: a run stopped at its bound is carried
 * on by the next one. Each change they make is one conditional update
 * ({@link conditionalUpdate}), read as made or not.
 */
import { UpdateCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './table-design';

export interface ReportItemsQuery {
  tableName: string;
  reportId: string;
  /** Sort-key prefix of the items (table-design.ts `keys`). */
  prefix: string;
  filter: string;
  projection: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  pageSize: number;
}

/** One page: its items, and whether another page follows. */
export interface ReportItemsPage {
  items: Record<string, unknown>[];
  more: boolean;
}

/**
 * @example
 * for await (const { items, more } of reportItemPages(document, { tableName, reportId, prefix: keys.referralPrefix, filter, projection, pageSize: 25 })) {
 *   // … handle items; stop here (return) when the run's bound is reached and `more` is true
 * }
 */
export async function* reportItemPages(document: DynamoDBDocumentClient, query: ReportItemsQuery): AsyncGenerator<ReportItemsPage> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await document.send(
      new QueryCommand({
        TableName: query.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        FilterExpression: query.filter,
        ProjectionExpression: query.projection,
        ...(query.names ? { ExpressionAttributeNames: query.names } : {}),
        ExpressionAttributeValues: { ...query.values, ':pk': keys.report(query.reportId).PK, ':prefix': query.prefix },
        ConsistentRead: true,
        Limit: query.pageSize,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    start = page.LastEvaluatedKey;
    yield { items: page.Items ?? [], more: start !== undefined };
  } while (start);
}

/**
 * One conditional update: true when it was made, false when its condition did not hold.
 *
 * @example
 * if (!(await conditionalUpdate(document, { TableName, Key, UpdateExpression, ConditionExpression }))) return 'moved-meanwhile';
 */
export async function conditionalUpdate(document: DynamoDBDocumentClient, input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
  try {
    await document.send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if ((error as Error | undefined)?.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
