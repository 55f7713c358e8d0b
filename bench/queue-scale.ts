/**
 * Queue scale: the claim path with 100,000 queued reports against 1,000.
 *
 * The claim-next endpoint (issue 4) is not on main yet, so this measures the
 * claim-path primitive that docs/data-model.md describes: a strongly
 * consistent forward Query of the force's queue partition for the first
 * unleased entry, then a conditional UpdateItem that takes the lease. Each
 * measured claim is released afterwards (unmeasured), so the queue keeps its size.
 */
import { BatchWriteCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { keys } from '../functions/adapters/dynamodb/table-design';
import { queueRank } from '../functions/domain/risk/assess';
import { percentile } from './stats';

export interface QueueScaleResult {
  small: number;
  large: number;
  claims: number;
  p50Small: number;
  p99Small: number;
  p50Large: number;
  p99Large: number;
  seedSeconds: number;
}

/** Writes `count` queue entries with BatchWriteItem, 25 per call, several calls in flight. */
export async function seedQueue(document: DynamoDBDocumentClient, tableName: string, forceId: string, count: number): Promise<void> {
  const start = Date.parse('2026-01-01T00:00:00Z');
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 25);
      let requests = Array.from({ length: next - from }, (_, i) => {
        const reportId = randomUUID();
        const priority = (from + i) % 4;
        const createdAt = new Date(start + (from + i) * 1000).toISOString();
        return {
          PutRequest: {
            Item: {
              ...keys.queueEntry(forceId, queueRank(priority as never, createdAt, reportId)),
              type: 'queue-entry',
              reportId,
              forceId,
              priority,
              grade: ['standard', 'medium', 'high', 'high'][priority],
              createdAt,
            },
          },
        };
      });
      while (requests.length > 0) {
        const result = await document.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Claims the first unleased entry of the force's queue; returns its key. */
export async function claimNext(document: DynamoDBDocumentClient, tableName: string, forceId: string, handler: string): Promise<{ PK: string; SK: string }> {
  const now = Date.now();
  const free = 'attribute_not_exists(leaseUntil) OR leaseUntil < :now';
  const page = await document.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      FilterExpression: free,
      ExpressionAttributeValues: { ':pk': keys.queuePartition(forceId), ':now': now },
      ConsistentRead: true,
      Limit: 10,
    }),
  );
  const head = page.Items?.[0];
  if (!head) throw new Error('queue head not found in the first page');
  const key = { PK: head.PK as string, SK: head.SK as string };
  await document.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET leaseUntil = :until, claimedBy = :handler',
      ConditionExpression: free,
      ExpressionAttributeValues: { ':now': now, ':until': now + 15 * 60_000, ':handler': handler },
    }),
  );
  return key;
}

async function release(document: DynamoDBDocumentClient, tableName: string, key: { PK: string; SK: string }): Promise<void> {
  await document.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'REMOVE leaseUntil, claimedBy' }));
}

/**
 * @example
 * const result = await measureQueueScale({ document, tableName, small: 1_000, large: 100_000, claims: 1_000 });
 */
export async function measureQueueScale(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  small: number;
  large: number;
  claims: number;
}): Promise<QueueScaleResult> {
  const { document, tableName } = options;
  const forces = { small: 'queue-small', large: 'queue-large' };
  const seeded = performance.now();
  await seedQueue(document, tableName, forces.small, options.small);
  await seedQueue(document, tableName, forces.large, options.large);
  const seedSeconds = (performance.now() - seeded) / 1000;
  const samples = { small: [] as number[], large: [] as number[] };
  const warmUp = 100;
  for (let i = -warmUp; i < options.claims; i++) {
    for (const size of (i % 2 === 0 ? ['small', 'large'] : ['large', 'small']) as ('small' | 'large')[]) {
      const started = performance.now();
      const key = await claimNext(document, tableName, forces[size], 'bench-handler');
      const took = performance.now() - started;
      await release(document, tableName, key);
      if (i >= 0) samples[size].push(took);
    }
  }
  return {
    small: options.small,
    large: options.large,
    claims: options.claims,
    p50Small: percentile(samples.small, 50),
    p99Small: percentile(samples.small, 99),
    p50Large: percentile(samples.large, 50),
    p99Large: percentile(samples.large, 99),
    seedSeconds,
  };
}
