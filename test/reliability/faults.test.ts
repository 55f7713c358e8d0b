/**
 * Faults: DynamoDB Local (persistent, so a restart keeps its data) is stopped
 * in the middle of a submission load and started again on the same port.
 * Every submission answered 201 stays readable and decryptable; clients
 * retrying with the same Idempotency-Key make no duplicates; while the store
 * is down the API answers 503 promptly — not a hang, not a 500.
 */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EnvelopeReportCipher } from '../../functions/adapters/crypto/envelope-report-cipher';
import { localKeyrings, readLocalSecret } from '../../functions/adapters/crypto/keyrings';
import { dynamoClients } from '../../functions/adapters/dynamodb/client';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { ReceiptBook } from '../../functions/domain/receipts/receipt';
import { fullSubmission } from '../support/reports';
import { post, SAMPLED, useLocalForce } from './support';
import { sealedBodyOf } from '../../functions/adapters/dynamodb/sealed-body-attribute';

const CLIENTS = 6;
const REPORTS_PER_CLIENT = SAMPLED ? 6 : 25;
const json = { 'content-type': 'application/json' };

const local = useLocalForce({ forceId: 'faults-north', persistent: true });

interface Submitted {
  key: string;
  canary: string;
  body: string;
  receipt?: string;
  statuses: number[];
}

/** A client that retries the same report with the same key until it gets 201, as the web form does. */
async function submitUntilAccepted(report: Submitted, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const answer = await post(`${local.force.url}/reports`, report.body, { ...json, 'idempotency-key': report.key }, 10_000);
    report.statuses.push(answer.status);
    if (answer.status === 201) {
      report.receipt = (JSON.parse(answer.text) as { receipt: string }).receipt;
      return;
    }
    const retryAfter = Number(answer.headers.get('retry-after') ?? '0');
    await sleep(Math.min(2_000, Math.max(200, retryAfter * 1000 / 4)));
  }
}

describe('faults: the store stops in the middle of a submission load', () => {
  it('keeps every accepted report, makes no duplicates, and answers 503 while the store is down', async () => {
    const reports: Submitted[][] = Array.from({ length: CLIENTS }, () =>
      Array.from({ length: REPORTS_PER_CLIENT }, () => {
        const canary = `FAULT${randomUUID().slice(0, 8)}`;
        return { key: randomUUID(), canary, body: JSON.stringify(fullSubmission(canary)), statuses: [] };
      }),
    );
    const deadline = Date.now() + 120_000;
    let accepted = 0;
    const load = Promise.all(
      reports.map(async (queue) => {
        for (const report of queue) {
          await submitUntilAccepted(report, deadline);
          if (report.receipt) accepted++;
          // Pace the clients so the outage lands in the middle of the load.
          await sleep(50);
        }
      }),
    );

    while (accepted < CLIENTS) await sleep(20);
    await local.system.dynamo.stop();
    // While the store is down: a prompt 503 with Retry-After, on both routes.
    const probes = await Promise.all([
      post(`${local.force.url}/reports`, JSON.stringify(fullSubmission()), { ...json, 'idempotency-key': randomUUID() }, 10_000),
      post(`${local.force.url}/reports/status`, JSON.stringify({ receipt: '1234 5678 9012 3456' }), json, 10_000),
    ]);
    for (const probe of probes) {
      expect(probe.status).toBe(503);
      expect(probe.ms).toBeLessThan(5_000);
      expect(Number(probe.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(probe.text).not.toMatch(/stack|Error:|at \//);
    }
    await sleep(1_500);
    await local.system.dynamo.restart();
    await load;

    const all = reports.flat();
    const statuses = all.flatMap((report) => report.statuses);
    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(statuses).toContain(503);
    expect(all.filter((report) => !report.receipt)).toEqual([]);

    // Every 201 is still there: readable by its receipt, and both sealed parts open.
    const { document } = dynamoClients({ endpoint: local.system.dynamo.endpoint });
    const keyDir = local.force.env.LOCAL_KEY_DIR as string;
    const receipts = new ReceiptBook(readLocalSecret(keyDir, 'receipt.secret'));
    const cipher = new EnvelopeReportCipher(localKeyrings(keyDir));
    for (const report of all) {
      const pointer = await document.send(
        new GetCommand({ TableName: local.force.tableName, Key: keys.receipt(receipts.lookupKey(report.receipt as never)), ConsistentRead: true }),
      );
      const reportId = pointer.Item?.reportId as string;
      const item = (await document.send(new GetCommand({ TableName: local.force.tableName, Key: keys.report(reportId), ConsistentRead: true }))).Item;
      expect(item).toBeDefined();
      const context = { forceId: local.force.forceId, reportId };
      const body = await cipher.openBody(sealedBodyOf(item?.body), context);
      expect(body.incident.account).toContain(report.canary);
      expect((await cipher.openProtected(item?.protected as Uint8Array, context))?.notes).toContain(report.canary);
    }
    const status = await post(`${local.force.url}/reports/status`, JSON.stringify({ receipt: all[0]?.receipt }), json);
    expect(status.status).toBe(200);

    // No duplicates: one stored report per key, and a replay of any key returns its receipt.
    const stored = await scanReports(document, local.force.tableName);
    expect(stored).toBe(all.length);
    for (const report of all.slice(0, 10)) {
      const replay = await post(`${local.force.url}/reports`, report.body, { ...json, 'idempotency-key': report.key });
      expect(replay.status).toBe(201);
      expect(JSON.parse(replay.text).receipt).toBe(report.receipt);
    }
    expect(await scanReports(document, local.force.tableName)).toBe(all.length);
  });
});

async function scanReports(document: ReturnType<typeof dynamoClients>['document'], tableName: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await document.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#type = :report',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':report': 'report' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}
