/**
 * What the retention tests share over a firewall force (firewall-fixture.ts):
 * the worker's sweep on an injected clock, the report item as stored, and a
 * consistent scan of the whole table to look for any trace left behind.
 */
import { GetCommand, ScanCommand, type GetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { sweepRetention } from '../../functions/domain/retention/sweep';
import { retentionRuntime } from '../../functions/wiring/retention-runtime';
import type { FirewallFixture } from './firewall-fixture';

export const DAY = 86_400_000;
export const MINUTE = 60_000;

/**
 * @example
 * const { sweep, reportItem, scanAll } = retentionTools(() => fixture, () => new Date(clockMs));
 * await sweep();
 */
export function retentionTools(fixture: () => FirewallFixture, now: () => Date) {
  const table = () => ({ document: fixture().force.dynamo.document, TableName: fixture().force.tableName });
  return {
    /** One run of the retention worker at the injected time, with `remainingMs` (a minute unless told). */
    sweep: (options: { remainingMs?: () => number } = {}) => sweepRetention(retentionRuntime(process.env, { now }), { remainingMs: options.remainingMs ?? (() => 60_000) }),
    /** The report item as stored (strongly consistent); undefined at run time once the worker removed it. */
    reportItem: async (reportId: string): Promise<NonNullable<GetCommandOutput['Item']>> =>
      (await table().document.send(new GetCommand({ TableName: table().TableName, Key: keys.report(reportId), ConsistentRead: true }))).Item!,
    /** Every item of the table. */
    scanAll: async (): Promise<Record<string, unknown>[]> => {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table().document.send(new ScanCommand({ TableName: table().TableName, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
  };
}

/** Every binary value of an item, at any depth (the body's parts are a map of binaries). */
export function binaries(value: unknown): Uint8Array[] {
  if (value instanceof Uint8Array) return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(binaries);
  return [];
}
