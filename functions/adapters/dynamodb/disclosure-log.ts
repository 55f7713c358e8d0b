/**
 * Disclosure records in the force table. INTERIM: the append-only audit
 * trail of issue 4 (functions/adapters/dynamodb/audit-store.ts) replaces this
 * adapter behind the same DisclosureLog/DisclosureReader interfaces.
 * Append-only: every put is conditioned on the item not existing.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Disclosure, DisclosureLog, DisclosureReader } from '../../domain/policy/disclosure';
import { monthOf } from './referral-outbox';
import { keys } from './table-design';

/** Months `YYYY-MM` from the month of `from` to the month of `to` (inclusive). */
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
 * @example
 * const log = new DynamoDisclosureLog(document, tableName);
 * await log.record(disclosure);
 */
export class DynamoDisclosureLog implements DisclosureLog, DisclosureReader {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(disclosure: Disclosure): Promise<void> {
    await this.document.send(
      new PutCommand({
        TableName: this.tableName,
        ConditionExpression: 'attribute_not_exists(PK)',
        Item: { ...keys.disclosure(disclosure.forceId, monthOf(disclosure.at), disclosure.at, disclosure.disclosureId), type: 'disclosure', ...disclosure },
      }),
    );
  }

  async *disclosuresBetween(forceId: string, from: string, to: string): AsyncIterable<Disclosure> {
    for (const month of monthsBetween(from, to)) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.document.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': keys.disclosurePartition(forceId, month), ':from': from, ':to': to },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const { PK: _pk, SK: _sk, type: _type, ...disclosure } = item;
          if ((disclosure.at as string) < to) yield disclosure as Disclosure;
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }
  }
}
