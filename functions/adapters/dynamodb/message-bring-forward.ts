/**
 * A supervisor's bring-forward for the message classes: every pending removal
 * entry of the report's messages of one class (`account` for the victim's
 * replies, `staff-message` for staff's) moves to the new date, on the entry
 * and its due-index key, one conditional update each (still pending, and the
 * new date earlier than the one it has: never later than the force config
 * allows). Read a page at a time (strongly consistent, keys and dates only),
 * bounded per request in pages read and entries moved: past either bound the
 * rest stay as they were and the caller is told, so a repeated request moves
 * them (an entry already moved is read but not moved again).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalUpdate, reportItemPages } from './report-pages';
import type { MessageClass, MessagesBroughtForward } from '../../domain/retention/retention';
import { keys } from './table-design';

/** The bounds of one request: entries read per page, pages read, entries moved (a page's moves run in parallel). */
export interface MessageBringForwardLimits {
  pageSize: number;
  maxPages: number;
  maxMoves: number;
}

export const MESSAGE_BRING_FORWARD_LIMITS: MessageBringForwardLimits = { pageSize: 50, maxPages: 200, maxMoves: 500 };

/**
 * @example
 * const { moved, finished } = await bringMessagesForward(document, tableName, { forceId, reportId }, 'staff-message', new Date());
 */
export async function bringMessagesForward(
  document: DynamoDBDocumentClient,
  tableName: string,
  report: { forceId: string; reportId: string },
  dataClass: MessageClass,
  dueAt: Date,
  limits: MessageBringForwardLimits = MESSAGE_BRING_FORWARD_LIMITS,
): Promise<MessagesBroughtForward> {
  const due = dueAt.toISOString();
  const result: MessagesBroughtForward = { moved: 0, pending: 0, finished: true };
  let pages = 0;
  const entriesOfClass = reportItemPages(document, {
    tableName,
    reportId: report.reportId,
    prefix: keys.messageRetentionPrefix,
    // Pending entries of the class only (a removed message's entry is deleted with it).
    filter: 'dataClass = :class AND attribute_exists(GSI1PK)',
    projection: 'PK, SK, messageId, dueAt',
    values: { ':class': dataClass },
    pageSize: limits.pageSize,
  });
  for await (const { items: entries, more } of entriesOfClass) {
    pages += 1;
    result.pending += entries.length;
    const candidates = entries.filter((entry) => (entry.dueAt as string) > due);
    const room = Math.max(0, limits.maxMoves - result.moved);
    const moves = await Promise.all(candidates.slice(0, room).map((entry) => move(document, tableName, report, entry, due)));
    result.moved += moves.filter(Boolean).length;
    if (candidates.length > room || (more && pages >= limits.maxPages)) return { ...result, finished: false };
  }
  return result;
}

/** Moves one entry's date earlier; false when it was removed by the worker meanwhile, or already moved as early by another request. */
function move(document: DynamoDBDocumentClient, tableName: string, report: { forceId: string; reportId: string }, entry: Record<string, unknown>, due: string): Promise<boolean> {
  return conditionalUpdate(document, {
    TableName: tableName,
    Key: { PK: entry.PK as string, SK: entry.SK as string },
    UpdateExpression: 'SET dueAt = :due, GSI1SK = :sk',
    // Still pending, and only ever earlier.
    ConditionExpression: 'attribute_exists(GSI1PK) AND dueAt > :due',
    ExpressionAttributeValues: { ':due': due, ':sk': keys.messageRetentionDue(report.forceId, due, report.reportId, entry.messageId as string).GSI1SK },
  });
}
