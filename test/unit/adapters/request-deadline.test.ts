/**
 * Bounded calls: a stalled KMS or DynamoDB (a real local server that accepts
 * the request and never answers) is abandoned within the client's own limits,
 * and within a request every call is cut off at the request's deadline — the
 * socket closed, nothing left waiting — and nothing the request started
 * reaches the store once it has been answered.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import middy from '@middy/core';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { boundedKmsClient, KMS_TIMEOUTS } from '../../../functions/adapters/crypto/keyrings';
import { dynamoClients } from '../../../functions/adapters/dynamodb/client';
import { currentDeadline, withDeadline } from '../../../functions/domain/request-deadline';
import { fetchWebhookSender } from '../../../functions/adapters/webhook-sender';
import { problemFor } from '../../../functions/middleware/problems';
import { boundedByRemainingTime } from '../../../functions/middleware/within-time';
import { lambdaContext } from '../../support/reports';

/** A peer that reads each request and never answers; counts requests and the ones still open. */
let peer: Server;
let url: string;
let received = 0;
/** When each request arrived (performance.now()). */
let arrivals: number[] = [];
let open = 0;

beforeAll(async () => {
  peer = createServer((request) => {
    received++;
    arrivals.push(performance.now());
    open++;
    request.resume();
    request.socket.once('close', () => open--);
  });
  await new Promise<void>((ready) => peer.listen(0, '127.0.0.1', ready));
  const address = peer.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  peer.closeAllConnections();
  await new Promise((done) => peer.close(done));
});

beforeEach(() => {
  received = 0;
  arrivals = [];
});

const settle = async <T>(work: Promise<T>) => {
  const started = performance.now();
  const outcome = await work.then(
    (value) => ({ value, error: undefined as (Error & { cause?: unknown }) | undefined }),
    (error: Error) => ({ value: undefined, error }),
  );
  return { ...outcome, ms: performance.now() - started };
};
const until = async (check: () => boolean, ms = 1_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((tick) => setTimeout(tick, 20));
};
const fakeCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('client limits', () => {
  it('abandons a KMS call that never answers after its attempts, within the KMS bound, as a 503', async () => {
    const kms = boundedKmsClient({ endpoint: url, region: 'eu-west-2', credentials: fakeCredentials });
    const { error, ms } = await settle(kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/report', KeySpec: 'AES_256' })));
    expect(error?.name).toBe('TimeoutError');
    expect(received).toBe(KMS_TIMEOUTS.maxAttempts);
    // Every attempt's answer time, plus the SDK's backoff between attempts (at most 1 s).
    expect(ms).toBeLessThan(KMS_TIMEOUTS.maxAttempts * KMS_TIMEOUTS.requestMs + 1_000 + 1_500);
    expect(problemFor(error).status).toBe(503);
    await until(() => open === 0);
    expect(open).toBe(0);
  }, 15_000);

  it('makes the DynamoDB client give up at its request timeout instead of only warning', async () => {
    const { client } = dynamoClients();
    const handler = client.config.requestHandler as unknown as { configProvider?: Promise<{ throwOnRequestTimeout?: boolean }> };
    expect((await handler.configProvider)?.throwOnRequestTimeout).toBe(true);
    const kms = boundedKmsClient({ region: 'eu-west-2' });
    expect(await kms.config.maxAttempts()).toBe(KMS_TIMEOUTS.maxAttempts);
    const kmsConfig = await (kms.config.requestHandler as unknown as { configProvider?: Promise<Record<string, unknown>> }).configProvider;
    expect(kmsConfig).toMatchObject({ requestTimeout: KMS_TIMEOUTS.requestMs, connectionTimeout: KMS_TIMEOUTS.connectionMs, throwOnRequestTimeout: true });
  });
});

describe('the request deadline', () => {
  it('cuts a stalled DynamoDB call off at the deadline and closes its socket', async () => {
    const { client } = dynamoClients({ endpoint: url });
    const call = withDeadline(AbortSignal.timeout(300), () => client.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' }, SK: { S: 'b' } } })));
    const { error, ms } = await settle(call);
    const abandonedAt = performance.now();
    expect(error?.name).toBe('AbortError');
    // The deadline (300 ms), not the client's own request timeout (5 s locally), ended it; slack for a loaded machine.
    expect(ms).toBeLessThan(2_000);
    // No retry of an abandoned call: nothing arrives after it was given up.
    await new Promise((wait) => setTimeout(wait, 1_500));
    expect(arrivals.filter((at) => at > abandonedAt)).toEqual([]);
    expect(problemFor(error).status).toBe(503);
    await until(() => open === 0);
    expect(open).toBe(0);
  });

  it('cuts a stalled KMS call (the key sources pass no signal of their own) off at the deadline', async () => {
    const kms = boundedKmsClient({ endpoint: url, region: 'eu-west-2', credentials: fakeCredentials });
    const { error, ms } = await settle(withDeadline(AbortSignal.timeout(300), () => kms.send(new DecryptCommand({ CiphertextBlob: new Uint8Array(8) }))));
    expect(error?.name).toBe('AbortError');
    // The deadline (300 ms), not KMS's own request timeout (2 s); slack for a loaded machine.
    expect(ms).toBeLessThan(1_500);
    expect(received).toBeGreaterThan(0);
  });

  it('cuts a webhook that never answers off at the deadline, before its own timeout', async () => {
    const sender = fetchWebhookSender({ timeoutMs: 10_000 });
    const { error, ms } = await settle(withDeadline(AbortSignal.timeout(300), () => sender.post(url, '{}', {})));
    expect(error?.name).toBe('TimeoutError');
    // The deadline (300 ms), not the sender's own timeout (10 s); slack for a loaded machine.
    expect(ms).toBeLessThan(2_000);
  });

  it('answers a handler whose store stalls 503 before the function’s time is up, and stops what it started once answered', async () => {
    const { client } = dynamoClients({ endpoint: url });
    const get = () => client.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' }, SK: { S: 'b' } } }));
    let late: Promise<unknown> | undefined;
    const handler = middy()
      .use(boundedByRemainingTime())
      .use({ onError: (request) => void (request.response = problemFor(request.error).status) })
      .handler(async () => {
        // Work the request leaves behind: it starts its call only after the request was answered.
        late = new Promise((resolve) => setTimeout(resolve, 600)).then(get);
        return get();
      });
    const { value, ms } = await settle(handler({}, lambdaContext('bounded', 500)));
    const answeredAt = performance.now();
    expect(value).toBe(503);
    expect(ms).toBeLessThan(500);
    const left = await settle(late as Promise<unknown>);
    expect(left.error?.name).toBe('AbortError');
    // Only the handler's own call ever reached the store: nothing after the answer.
    expect(received).toBeGreaterThan(0);
    expect(arrivals.filter((at) => at > answeredAt)).toEqual([]);
    await until(() => open === 0);
    expect(open).toBe(0);
  });

  it('keeps each request’s deadline to that request: not its caller’s next steps, not a request running beside it', async () => {
    const handler = middy<{ wait: number }, boolean>()
      .use(boundedByRemainingTime())
      .handler(async (event: { wait: number }) => {
        const mine = currentDeadline();
        await new Promise((resolve) => setTimeout(resolve, event.wait));
        return mine === currentDeadline() && mine !== undefined && !mine.aborted;
      });
    const [first, second] = await Promise.all([handler({ wait: 50 }, lambdaContext('a', 5_000)), handler({ wait: 10 }, lambdaContext('b', 5_000))]);
    expect([first, second]).toEqual([true, true]);
    // The caller, after the answer, is under no deadline (and so not under an answered request's aborted one).
    expect(currentDeadline()).toBeUndefined();
  });

  it('leaves calls outside any request unbounded by a deadline', async () => {
    const { client } = dynamoClients({ endpoint: url });
    const racing = client.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' }, SK: { S: 'b' } } }));
    const winner = await Promise.race([racing.then(() => 'answered', () => 'failed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 700))]);
    expect(winner).toBe('still waiting');
    racing.catch(() => undefined);
    peer.closeAllConnections();
  });
});
