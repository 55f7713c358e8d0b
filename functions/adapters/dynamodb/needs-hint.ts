/**
 * Where the queue entry keeps its sealed support-needs hint, and how it
 * leaves. The hint is class `support` (functions/domain/queue/needs-hint.ts):
 * it must go when that class goes, so removing the support class of a report
 * deletes two things: this attribute of the report's queue entry
 * ({@link removeNeedsHint}, called first by the retention store, safe to
 * repeat) and the support part of the report item. Closing a report deletes
 * the whole queue entry, hint included.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './table-design';

/** The queue entry attribute holding the sealed hint (binary, one padded size). */
export const NEEDS_HINT_ATTRIBUTE = 'needs';

/** The data class the hint belongs to, and leaves with. */
export const NEEDS_HINT_DATA_CLASS = 'support';

/** What removing a hint found. */
export type HintRemoval = 'removed' | 'no-entry' | 'no-report';

/**
 * Deletes the hint from the report's queue entry, if the report is still in
 * the queue. Idempotent: a second run, or a report closed meanwhile (its
 * entry deleted), answers without writing; the condition never creates an
 * entry that is not there.
 *
 * @example
 * await removeNeedsHint(document, tableName, reportId); // then remove the support part itself
 */
export async function removeNeedsHint(document: DynamoDBDocumentClient, tableName: string, reportId: string): Promise<HintRemoval> {
  const report = await document.send(
    new GetCommand({ TableName: tableName, Key: keys.report(reportId), ProjectionExpression: 'forceId, queueRank', ConsistentRead: true }),
  );
  const forceId = report.Item?.forceId as string | undefined;
  const rank = report.Item?.queueRank as string | undefined;
  if (!forceId || !rank) return 'no-report';
  try {
    await document.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.queueEntry(forceId, rank),
        UpdateExpression: 'REMOVE #needs',
        ConditionExpression: 'attribute_exists(PK) AND reportId = :reportId',
        ExpressionAttributeNames: { '#needs': NEEDS_HINT_ATTRIBUTE },
        ExpressionAttributeValues: { ':reportId': reportId },
      }),
    );
    return 'removed';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') return 'no-entry';
    throw error;
  }
}
