/**
 * POST /reports against a real DynamoDB Local: storage, encryption at rest,
 * idempotency, transaction atomicity and refusals that never echo input.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeReportCipher } from '../../functions/adapters/crypto/envelope-report-cipher';
import { localKeyrings } from '../../functions/adapters/crypto/keyrings';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { forceRuntime } from '../../functions/wiring/runtime';
import { acceptReport } from '../../functions/domain/intake/accept-report';
import { ReportSubmissionSchema } from '../../schemas/report';
import { scanTable } from '../support/scan';
import { setUpForce, type ForceFixture } from '../support/force-fixture';
import { fullSubmission, httpEvent, lambdaContext, minimalSubmission } from '../support/reports';
import { sealedBodyOf } from '../../functions/adapters/dynamodb/sealed-body-attribute';

let force: ForceFixture;
let handler: (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

async function submit(body: unknown, headers: Record<string, string> = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const result = (await handler(httpEvent('POST', '/reports', { body: raw, headers }), lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? '{}') as Record<string, unknown>, raw: result.body ?? '' };
}

const scanAll = () => scanTable(force.dynamo.document, force.tableName);

async function reportItems() {
  return (await scanAll()).filter((item) => item.type === 'report');
}

beforeAll(async () => {
  force = await setUpForce();
  ({ handler } = (await import('../../functions/submit-report/handler')) as unknown as { handler: typeof handler });
});

describe('POST /reports', () => {
  it('answers 201 with a receipt and stores the report, its queue entry and its receipt look-up', async () => {
    const before = (await reportItems()).length;
    const response = await submit(fullSubmission());
    expect(response.status).toBe(201);
    expect(response.body.receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(response.headers['Cache-Control']).toBe('no-store, max-age=0');
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(response.raw).not.toMatch(/reportId|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect((await reportItems()).length).toBe(before + 1);
    const queue = await force.dynamo.document.send(
      new QueryCommand({ TableName: force.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.queuePartition(force.forceId) } }),
    );
    expect(queue.Items?.length).toBe(before + 1);
  });

  it('stores no plaintext account, name, contact detail or immigration field', async () => {
    const canary = `CANARY${randomUUID().slice(0, 6)}`;
    expect((await submit(fullSubmission(canary))).status).toBe(201);
    const dump = JSON.stringify(await scanAll(), (_key, value: unknown) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    for (const needle of [canary, '07700 900123', 'S1 2HE', 'spouse-or-partner-visa', 'bluebell', 'domestic-abuse', 'Amina']) {
      expect(dump).not.toContain(needle);
    }
  });

  it('keeps only routing metadata in plaintext, and the immigration section closed to the report key', async () => {
    const response = await submit({ ...fullSubmission(), risk: { answers: { strangulation: 'yes' } } });
    expect(response.body.emergencyAdvice).toMatch(/999.*55/);
    const runtime = await forceRuntime();
    const lookupKey = runtime.receipts.lookupKey(response.body.receipt as never);
    const receiptItem = await force.dynamo.document.send(new GetCommand({ TableName: force.tableName, Key: keys.receipt(lookupKey) }));
    const reportId = receiptItem.Item?.reportId as string;
    const item = (await force.dynamo.document.send(new GetCommand({ TableName: force.tableName, Key: keys.report(reportId) }))).Item ?? {};
    expect(Object.keys(item).sort()).toEqual(
      // `receiptKey`: the current receipt look-up's key (a keyed hash), so the report's end can delete the look-up.
      ['PK', 'SK', 'type', 'reportId', 'forceId', 'grade', 'priority', 'status', 'createdAt', 'queueRank', 'receiptKey', 'body', 'protected', 'retention', 'ttl'].sort(),
    );
    expect(item.receiptKey).toBe(lookupKey);
    // The removal schedule is the same for every report, whatever it holds: a date, nothing of the content.
    expect(item.retention['protected-immigration']).toEqual({ dueAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(item).toMatchObject({ grade: 'high', priority: 3, status: 'received', forceId: force.forceId });

    const context = { forceId: force.forceId, reportId };
    const keyrings = localKeyrings(force.env.LOCAL_KEY_DIR as string);
    const cipher = new EnvelopeReportCipher(keyrings);
    await expect(cipher.openProtected(item.protected as Uint8Array, context)).resolves.toMatchObject({ status: 'spouse-or-partner-visa' });
    const reportKeyOnly = new EnvelopeReportCipher({ report: keyrings.report, safeguarding: keyrings.report });
    await expect(reportKeyOnly.openBody(sealedBodyOf(item.body), context)).resolves.toMatchObject({ incident: { kind: 'domestic-abuse' } });
    await expect(reportKeyOnly.openProtected(item.protected as Uint8Array, context)).rejects.toThrow(/did not open/);
  });

  it('stores one report and returns the same receipt when the same body is sent twice with one Idempotency-Key', async () => {
    const key = randomUUID();
    const before = (await reportItems()).length;
    const first = await submit(fullSubmission(), { 'idempotency-key': key });
    const second = await submit(fullSubmission(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.receipt).toBe(first.body.receipt);
    expect((await reportItems()).length).toBe(before + 1);
  });

  it('keeps neither the receipt nor report content in the idempotency record', async () => {
    const key = randomUUID();
    const canary = `CANARY${randomUUID().slice(0, 6)}`;
    const response = await submit(fullSubmission(canary), { 'idempotency-key': key });
    const records = (await scanAll()).filter((item) => String(item.PK).startsWith('IDEMPOTENCY#'));
    expect(records.length).toBeGreaterThan(0);
    const dump = JSON.stringify(records);
    expect(dump).not.toContain(String(response.body.receipt).replace(/ /g, ''));
    expect(dump).not.toContain(String(response.body.receipt));
    expect(dump).not.toContain(canary);
  });

  it('stores no second report when a keyed retry outlives its idempotency record', async () => {
    const key = randomUUID();
    const first = await submit(fullSubmission(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const before = (await reportItems()).length;
    // As if the record's completion write was lost, or the record expired, before the client retried.
    for (const record of (await scanAll()).filter((item) => String(item.PK).startsWith('IDEMPOTENCY#'))) {
      await force.dynamo.document.send(new DeleteCommand({ TableName: force.tableName, Key: { PK: record.PK, SK: record.SK } }));
    }
    const retry = await submit(fullSubmission(), { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body.receipt).toBe(first.body.receipt);
    expect((await reportItems()).length).toBe(before);
  });

  it('refuses a reused Idempotency-Key with a different report (409), storing nothing', async () => {
    const key = randomUUID();
    expect((await submit(fullSubmission(), { 'idempotency-key': key })).status).toBe(201);
    const before = (await reportItems()).length;
    const other = await submit(minimalSubmission(), { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect((await reportItems()).length).toBe(before);
  });

  it('writes the report, queue entry and receipt all or nothing', async () => {
    const runtime = await forceRuntime();
    const before = await scanAll();
    // A receipt look-up item already in place makes the third write of the transaction fail.
    const failingWriter = {
      create: async (report: Parameters<typeof runtime.store.create>[0]) => {
        await force.dynamo.document.send(
          new PutCommand({ TableName: force.tableName, Item: { ...keys.receipt(report.receiptLookupKey), type: 'receipt', reportId: 'someone-else' } }),
        );
        return runtime.store.create(report);
      },
    };
    await expect(
      acceptReport(
        { forceId: force.forceId, cipher: runtime.cipher, writer: failingWriter, receipts: runtime.receipts, retentionDays: 1 },
        ReportSubmissionSchema.parse(minimalSubmission()),
      ),
    ).rejects.toThrow(/Transaction cancelled/);
    const after = await scanAll();
    expect(after.filter((item) => item.type === 'report').length).toBe(before.filter((item) => item.type === 'report').length);
    expect(after.filter((item) => item.type === 'queue-entry').length).toBe(before.filter((item) => item.type === 'queue-entry').length);
  });
});

/** Counts the DynamoDB calls the handler's own clients send while `run` runs, by command name. */
async function dynamoCallsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const runtime = await forceRuntime();
  const calls: string[] = [];
  const name = `count-calls-${randomUUID()}`;
  runtime.dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await run();
  } finally {
    runtime.dynamo.client.middlewareStack.remove(name);
  }
  return calls;
}

describe('POST /reports is one round trip to DynamoDB', () => {
  it('sends one TransactWriteItems for a new report, a keyed retry, a reused key and an unkeyed report', async () => {
    const key = randomUUID();
    const one = ['TransactWriteItemsCommand'];
    expect(await dynamoCallsDuring(async () => expect((await submit(fullSubmission(), { 'idempotency-key': key })).status).toBe(201))).toEqual(one);
    expect(await dynamoCallsDuring(async () => expect((await submit(fullSubmission(), { 'idempotency-key': key })).status).toBe(201))).toEqual(one);
    expect(await dynamoCallsDuring(async () => expect((await submit(minimalSubmission(), { 'idempotency-key': key })).status).toBe(409))).toEqual(one);
    expect(await dynamoCallsDuring(async () => expect((await submit(minimalSubmission())).status).toBe(201))).toEqual(one);
  });

  it('answers a race of two with one key with one report: the same receipt, or 409 in progress for the loser, in one call each', async () => {
    for (let round = 0; round < 5; round++) {
      const key = randomUUID();
      const before = (await reportItems()).length;
      let answers: Awaited<ReturnType<typeof submit>>[] = [];
      const calls = await dynamoCallsDuring(async () => {
        answers = await Promise.all([submit(fullSubmission(), { 'idempotency-key': key }), submit(fullSubmission(), { 'idempotency-key': key })]);
      });
      expect(calls).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
      expect(answers.map((answer) => answer.status).sort()).toContainEqual(201);
      const accepted = answers.filter((answer) => answer.status === 201);
      expect(new Set(accepted.map((answer) => answer.body.receipt)).size).toBe(1);
      for (const loser of answers.filter((answer) => answer.status !== 201)) {
        expect(loser.status).toBe(409);
        expect(loser.body.code).toBe('submission-in-progress');
        expect(loser.headers['Retry-After']).toBe('2');
      }
      expect((await reportItems()).length).toBe(before + 1);
      // Whoever lost, a retry with the key now answers the winner's receipt.
      expect((await submit(fullSubmission(), { 'idempotency-key': key })).body.receipt).toBe(accepted[0]?.body.receipt);
    }
  });

  it('answers a race of two different bodies under one key with one report and a 409 for the other, storing nothing for it', async () => {
    const key = randomUUID();
    const before = await scanAll();
    const answers = await Promise.all([submit(fullSubmission(), { 'idempotency-key': key }), submit(minimalSubmission(), { 'idempotency-key': key })]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(1);
    const after = await scanAll();
    for (const type of ['report', 'queue-entry', 'receipt', 'report-ledger', 'idempotency-claim']) {
      expect([type, after.filter((item) => item.type === type).length]).toEqual([type, before.filter((item) => item.type === type).length + 1]);
    }
  });

  it('claims the key by a keyed hash: the Idempotency-Key as sent is stored nowhere', async () => {
    const key = `KEY${randomUUID().replace(/-/g, '')}`;
    expect((await submit(minimalSubmission(), { 'idempotency-key': key })).status).toBe(201);
    expect(JSON.stringify(await scanAll())).not.toContain(key);
  });

  it('lets an expired claim name a new report (the key is kept for a day, as the answer promises)', async () => {
    const key = randomUUID();
    expect((await submit(fullSubmission(), { 'idempotency-key': key })).status).toBe(201);
    // As if a day had passed and TTL had not yet swept the claim.
    for (const claim of (await scanAll()).filter((item) => item.type === 'idempotency-claim')) {
      await force.dynamo.document.send(new PutCommand({ TableName: force.tableName, Item: { ...claim, ttl: Math.floor(Date.now() / 1000) - 1 } }));
    }
    expect((await submit(minimalSubmission(), { 'idempotency-key': key })).status).toBe(201);
  });
});

describe('POST /reports refusals', () => {
  const SECRET = 'SECRET-VALUE-42';

  it('answers 400 naming the fields at fault, without the submitted values', async () => {
    const response = await submit({
      reporter: { type: SECRET },
      incident: { kind: 'domestic-abuse', account: 7, postcode: SECRET },
      safeContact: { channels: ['phone'], devicesMayBeMonitored: 'no', phone: SECRET },
      [SECRET]: SECRET,
    });
    expect(response.status).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    const paths = (response.body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['reporter.type', 'incident.account', 'incident.postcode', 'safeContact.phone', '']));
    expect(response.raw).not.toContain(SECRET);
  });

  it('answers 400 for malformed JSON without echoing it', async () => {
    const response = await submit(`{"incident": "${SECRET}"`);
    expect(response.status).toBe(400);
    expect(response.raw).not.toContain(SECRET);
  });

  it('answers 413 for an oversized body before parsing it', async () => {
    const response = await submit(`{"x":"${SECRET}${'a'.repeat(600_000)}"}`);
    expect(response.status).toBe(413);
    expect(response.raw).not.toContain(SECRET);
  });

  it('answers 415 for a wrong content type', async () => {
    const result = (await handler(
      httpEvent('POST', '/reports', { body: SECRET, headers: { 'content-type': 'text/plain' } }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(415);
    expect(result.body).not.toContain(SECRET);
    expect(result.headers?.['Cache-Control']).toBe('no-store, max-age=0');
  });

  it('answers 400 for a JSON body that is not an object, and for forbidden keys', async () => {
    expect((await submit('[1,2,3]')).status).toBe(400);
    expect((await submit('"text"')).status).toBe(400);
    const proto = await submit(`{"__proto__": {"polluted": "${SECRET}"}, "reporter": {"type": "victim"}}`);
    expect(proto.status).toBe(400);
    expect(proto.raw).not.toContain(SECRET);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 400 for a malformed Idempotency-Key', async () => {
    const response = await submit(minimalSubmission(), { 'idempotency-key': 'short' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
  });
});
