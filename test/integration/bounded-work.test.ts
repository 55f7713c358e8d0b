/**
 * Bounded work: every handler answers within the function's time even when
 * the store hangs, including the audit write of a refusal (which runs before
 * the handler), and work a request started stops when the request is
 * abandoned (the transparency figures' month-by-month queries).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetFirewallRuntime } from '../../functions/wiring/firewall-runtime';
import { resetForceRuntime } from '../../functions/wiring/runtime';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { httpEvent, minimalSubmission } from '../support/reports';
import { asStaff, call, claimsFor, loadHandler, setUpStaffForce, staffEvent, type StaffForce } from '../support/staff';

let force: StaffForce;
let store: Server;
let storeUrl: string;
/** What the stand-in store does with each request: never answer, or answer an empty page after a delay. */
let behaviour: 'hang' | 'slow' = 'hang';
let requests = 0;

beforeAll(async () => {
  force = await setUpStaffForce();
  store = createServer((request, response) => {
    request.resume();
    requests++;
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
});
