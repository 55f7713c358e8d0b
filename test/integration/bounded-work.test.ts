/**
 * Bounded work: every handler answers within the function's time even when
 * the store hangs, including the audit write of a refusal (which runs before
 * the handler), and work a request started stops when the request is
 * abandoned (the transparency figures' month-by-month queries). The store is
 * a real local server standing in for DynamoDB that reads each request and
 * never answers (or answers slowly): each kind of handler — the public
 * intake, a receipt route, a staff read, a supervisor route, the workers —
 * answers 503 (or, a worker, fails) within its bound, its call to the frozen
 * store is abandoned (the socket closed), and nothing reaches the store after
 * the answer.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetFirewallRuntime } from '../../functions/wiring/firewall-runtime';
import { resetForceRuntime } from '../../functions/wiring/runtime';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { httpEvent, lambdaContext, minimalSubmission } from '../support/reports';
import { asStaff, call, claimsFor, loadHandler, setUpStaffForce, staffEvent, type StaffForce } from '../support/staff';

let force: StaffForce;
let store: Server;
let storeUrl: string;
/** What the stand-in store does with each request: never answer, or answer an empty page after a delay. */
let behaviour: 'hang' | 'slow' = 'hang';
let requests = 0;
/** When each request reached the store (performance.now()), and how many are neither answered nor abandoned. */
const arrivals: number[] = [];
let pending = 0;

beforeAll(async () => {
  force = await setUpStaffForce();
  store = createServer((request, response) => {
    request.resume();
    requests++;
    arrivals.push(performance.now());
    pending++;
    let settled = false;
    const settle = () => {
      if (!settled) pending--;
      settled = true;
    };
    response.once('finish', settle);
    request.socket.once('close', settle);
    if (behaviour === 'hang') return;
    setTimeout(() => {
      response.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ Items: [], Count: 0, ScannedCount: 0 }));
    }, 150);
  });
  await new Promise<void>((ready) => store.listen(0, '127.0.0.1', ready));
  const address = store.address();
  storeUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Every runtime is rebuilt against the stand-in store.
  process.env.DYNAMODB_ENDPOINT = storeUrl;
  resetStaffRuntime();
  resetForceRuntime();
  resetFirewallRuntime();
});

afterAll(async () => {
  process.env.DYNAMODB_ENDPOINT = force.env.DYNAMODB_ENDPOINT;
  resetStaffRuntime();
  resetForceRuntime();
  resetFirewallRuntime();
  store.closeAllConnections();
  await new Promise((done) => store.close(done));
});

/** Waits past the answer, then checks nothing reached the store after `answeredAt` and no call of it is still waiting. */
async function expectNothingAfter(answeredAt: number): Promise<void> {
  await new Promise((done) => setTimeout(done, 1_500));
  expect(arrivals.filter((at) => at > answeredAt)).toEqual([]);
  expect(pending).toBe(0);
}

const UNAVAILABLE = /briefly unavailable/;

/**
 * Invokes route `name` with `event` (made beforehand: a function's time starts when it is invoked) and a
 * 1.5 s bound against the frozen store; expects a 503 within the bound. Answers the answer and when it came.
 */
async function answerWithFrozenStore(name: string, event: ReturnType<typeof httpEvent>): Promise<{ answer: Awaited<ReturnType<typeof call>>; answeredAt: number }> {
  behaviour = 'hang';
  const handler = await loadHandler(name);
  const started = performance.now();
  const answer = await call(handler, event, { timeoutMs: 1_500 });
  const answeredAt = performance.now();
  expect(answer.status).toBe(503);
  expect(answeredAt - started).toBeLessThan(1_500);
  return { answer, answeredAt };
}

describe('bounded work', () => {
  it('answers a refused caller 503 within the function’s time when the refusal’s audit write hangs', async () => {
    behaviour = 'hang';
    const handler = await loadHandler('queue-list');
    // A token of another force: refused, and the refusal is audited before any handler runs.
    const stranger = claimsFor({ issuer: 'https://issuer.test/elsewhere', audience: 'elsewhere', roles: ['supervisor'], sub: 'stranger' });
    const started = performance.now();
    const answer = await call(handler, staffEvent('GET', '/queue', { claims: stranger }), { timeoutMs: 1_500 });
    const took = performance.now() - started;
    expect(answer.status).toBe(503);
    expect(took).toBeLessThan(1_500);
  });

  it('stops the transparency figures’ queries once the request is abandoned', async () => {
    behaviour = 'slow';
    const handler = await loadHandler('transparency');
    const supervisor = asStaff(force, ['supervisor'], 'supervisor-bounded');
    const answer = await call(handler, staffEvent('GET', '/transparency', { claims: supervisor, query: { from: '2023-01-01', to: '2026-01-01' } }), { timeoutMs: 1_000 });
    expect(answer.status).toBe(503);
    const atAnswer = requests;
    await new Promise((done) => setTimeout(done, 1_500));
    // At most the query in flight when time ran out; nothing after it.
    expect(requests - atAnswer).toBeLessThanOrEqual(1);
  });

  it('answers an intake that could not finish with a 503 that says the report MAY have been stored and that resending with the same key is safe', async () => {
    behaviour = 'hang';
    const handler = await loadHandler('submit-report');
    const event = httpEvent('POST', '/reports', { body: JSON.stringify(minimalSubmission()) });
    event.headers['idempotency-key'] = 'bounded-work-key-0001';
    const answer = await call(handler, event, { timeoutMs: 1_500 });
    expect(answer.status).toBe(503);
    expect(answer.headers['Content-Type']).toBe('application/problem+json');
    expect(answer.body.title).toMatch(/may have been stored/);
    expect(answer.body.title).toMatch(/same Idempotency-Key is safe/);
    expect(answer.body.title).not.toMatch(/not stored/);
  });

  it('answers the public intake 503 within its bound when the store is frozen, abandons the store call and writes nothing after', async () => {
    const event = httpEvent('POST', '/reports', { body: JSON.stringify(minimalSubmission()) });
    event.headers['idempotency-key'] = 'bounded-work-key-0002';
    const { answer, answeredAt } = await answerWithFrozenStore('submit-report', event);
    expect(answer.body.title).toMatch(/may have been stored/);
    expect(requests).toBeGreaterThan(0);
    await expectNothingAfter(answeredAt);
  });

  it('answers a receipt route (status look-up) 503 within its bound when the store is frozen, and nothing runs on after', async () => {
    const { answer, answeredAt } = await answerWithFrozenStore('report-status', httpEvent('POST', '/reports/status', { body: JSON.stringify({ receipt: '1234 5678 9012 3456' }) }));
    expect(answer.body.title).toMatch(UNAVAILABLE);
    expect(answer.headers['Retry-After']).toBeDefined();
    await expectNothingAfter(answeredAt);
  });

  it('answers a receipt-channel route (the victim’s thread) 503 within its bound when the store is frozen, and nothing runs on after', async () => {
    const { answer, answeredAt } = await answerWithFrozenStore('report-thread', httpEvent('POST', '/reports/thread', { body: JSON.stringify({ receipt: '1234 5678 9012 3456' }) }));
    expect(answer.body.title).toMatch(UNAVAILABLE);
    await expectNothingAfter(answeredAt);
  });

  it('answers a staff read of a report 503 within its bound when the store is frozen, and nothing runs on after', async () => {
    const event = staffEvent('GET', '/reports/00000000-0000-4000-8000-000000000000', { claims: asStaff(force, ['call-handler'], 'call-handler-bounded') });
    const { answer, answeredAt } = await answerWithFrozenStore('report-read', event);
    expect(answer.body.title).toMatch(UNAVAILABLE);
    await expectNothingAfter(answeredAt);
  });

  it('answers a supervisor route (the audit trail) 503 within its bound when the store is frozen, and nothing runs on after', async () => {
    const event = staffEvent('GET', '/audit', { claims: asStaff(force, ['supervisor'], 'supervisor-bounded-audit'), query: { actor: 'call-handler-bounded' } });
    const { answeredAt } = await answerWithFrozenStore('audit-trail', event);
    await expectNothingAfter(answeredAt);
  });

  it('ends the referral sweep and the retention worker within their bound when the store is frozen, and nothing runs on after', async () => {
    behaviour = 'hang';
    const { sweepHandler } = (await import('../../functions/referral-dispatcher/handler')) as unknown as { sweepHandler: (event: unknown, context: unknown) => Promise<unknown> };
    const { handler: retention } = (await import('../../functions/retention-worker/handler')) as unknown as { handler: (event: unknown, context: unknown) => Promise<unknown> };
    // The retention worker starts nothing with less than its 5 s reserve left, so it gets a longer run.
    for (const [worker, timeoutMs] of [[sweepHandler, 1_500], [retention, 6_000]] as const) {
      const before = requests;
      const started = performance.now();
      const outcome = await worker({}, lambdaContext('worker', timeoutMs)).then(
        () => 'finished',
        (error: Error) => error.name,
      );
      const answeredAt = performance.now();
      expect(outcome).not.toBe('finished');
      expect(answeredAt - started).toBeLessThan(timeoutMs);
      expect(requests).toBeGreaterThan(before);
      await expectNothingAfter(answeredAt);
    }
  });
});
