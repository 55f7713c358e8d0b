/**
 * Intake overhead: the real submit handler, invoked in-process with payload
 * v2 events against DynamoDB Local, against a bare PutItem of an item of the
 * same size to the same DynamoDB Local. The two alternate request by request,
 * so they share the machine's noise.
 */
import { PutCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { httpEvent, lambdaContext, fullSubmission } from '../test/support/reports';
import { percentile } from './stats';

type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
type Item = Record<string, unknown>;

export interface LatencyPair {
  p50: number;
  p99: number;
  floorP50: number;
  floorP99: number;
}

export interface IntakeResult {
  requests: number;
  /** Handler with an Idempotency-Key (what the web form sends) vs one bare PutItem. */
  withKey: LatencyPair;
  /** Handler without an Idempotency-Key vs one bare PutItem. */
  withoutKey: LatencyPair;
  /** Handler with a key vs the same DynamoDB calls it makes, issued bare. */
  ownCalls: LatencyPair;
  reportItemBytes: number;
}

/** Approximate DynamoDB item size: names plus values, binary as bytes. */
export function itemBytes(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name);
    size += value instanceof Uint8Array ? value.byteLength : Buffer.byteLength(String(value));
  }
  return size;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const rekey = (item: Item, pk: string): Item => ({ ...item, PK: pk });

/**
 * @example
 * const result = await measureIntake({ document, tableName, handler, requests: 2000 });
 */
export async function measureIntake(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  handler: Handler;
  requests: number;
}): Promise<IntakeResult> {
  const { document, tableName, handler } = options;
  const body = JSON.stringify(fullSubmission('BENCH'));
  const submit = async (key: boolean) => {
    const headers: Record<string, string> = key ? { 'idempotency-key': randomUUID() } : {};
    const result = await handler(httpEvent('POST', '/reports', { body, headers }), lambdaContext());
    if (result.statusCode !== 201) throw new Error(`submit answered ${result.statusCode}`);
  };

  // One real submission shows what the handler writes: the floor copies it.
  await submit(true);
  const items = (await document.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
  const find = (type: string) => items.find((item) => item.type === type || (type === 'idempotency' && String(item.PK).startsWith('IDEMPOTENCY#')));
  const report = find('report') as Item;
  const queueEntry = find('queue-entry') as Item;
  const receipt = find('receipt') as Item;
  const idempotency = find('idempotency') as Item;

  const barePut = () => document.send(new PutCommand({ TableName: tableName, Item: rekey(report, `FLOOR#${randomUUID()}`) }));
  // What the handler sends with a key: in-progress record, the report transaction, the completed record.
  const bareOwnCalls = async () => {
    const id = randomUUID();
    await document.send(new PutCommand({ TableName: tableName, Item: rekey(idempotency, `FLOOR-IDEM#${id}`), ConditionExpression: 'attribute_not_exists(PK)' }));
    await document.send(
      new TransactWriteCommand({
        TransactItems: [report, queueEntry, receipt].map((item, index) => ({
          Put: { TableName: tableName, Item: rekey(item, `FLOOR-${index}#${id}`), ConditionExpression: 'attribute_not_exists(PK)' },
        })),
      }),
    );
    await document.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: `FLOOR-IDEM#${id}`, SK: idempotency.SK },
        UpdateExpression: 'SET #status = :done, #data = :data',
        ExpressionAttributeNames: { '#status': 'status', '#data': 'data' },
        ExpressionAttributeValues: { ':done': 'COMPLETED', ':data': '{"reportId":"00000000-0000-0000-0000-000000000000","urgent":false}' },
      }),
    );
  };

  const operations = {
    withKey: () => submit(true),
    withoutKey: () => submit(false),
    barePut,
    bareOwnCalls,
  };
  const samples = Object.fromEntries(Object.keys(operations).map((name) => [name, [] as number[]])) as Record<keyof typeof operations, number[]>;
  const warmUp = Math.max(100, Math.floor(options.requests / 10));
  for (let i = -warmUp; i < options.requests; i++) {
    // Rotate the order each round so no operation always follows the same one.
    const names = Object.keys(operations) as (keyof typeof operations)[];
    const order = names.map((_, j) => names[(i + warmUp + j) % names.length] as keyof typeof operations);
    for (const name of order) {
      const took = await time(operations[name]);
      if (i >= 0) samples[name].push(took);
    }
  }
  const pair = (measured: number[], floor: number[]): LatencyPair => ({
    p50: percentile(measured, 50),
    p99: percentile(measured, 99),
    floorP50: percentile(floor, 50),
    floorP99: percentile(floor, 99),
  });
  return {
    requests: options.requests,
    withKey: pair(samples.withKey, samples.barePut),
    withoutKey: pair(samples.withoutKey, samples.barePut),
    ownCalls: pair(samples.withKey, samples.bareOwnCalls),
    reportItemBytes: itemBytes(report),
  };
}
