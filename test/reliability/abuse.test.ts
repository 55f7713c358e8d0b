/**
 * Abuse against the running local system: receipt guessing is throttled per
 * caller even when the guesses arrive all at once, and oversized bodies are
 * refused before anything parses them.
 */
import { describe, expect, it } from 'vitest';
import { minimalSubmission } from '../support/reports';
import { post, useLocalForce } from './support';

const MAX_FAILURES = 5;
const json = { 'content-type': 'application/json' };
const local = useLocalForce({ forceId: 'abuse-north', env: { STATUS_MAX_FAILURES: String(MAX_FAILURES) } });

const guess = (i: number) => `${String(1000 + i).padStart(4, '0')} 0000 0000 ${String(i).padStart(4, '0')}`;

describe('abuse', () => {
  it('throttles receipt guessing: a burst of parallel guesses gets at most the allowed number of 404s, and a right receipt still works', async () => {
    const created = await post(`${local.force.url}/reports`, JSON.stringify(minimalSubmission()), json);
    const { receipt } = JSON.parse(created.text) as { receipt: string };
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => post(`${local.force.url}/reports/status`, JSON.stringify({ receipt: guess(i) }), json)));
    const statuses = burst.map((answer) => answer.status);
    expect(statuses.every((status) => status === 404 || status === 429)).toBe(true);
    expect(statuses.filter((status) => status === 404).length).toBeLessThanOrEqual(MAX_FAILURES);
    // Once throttled, wrong guesses are refused, but a right receipt still works: limits count failures, never
    // successes, so a refuge's shared address is never locked out (README, "Receipt look-up limits").
    const another = await post(`${local.force.url}/reports/status`, JSON.stringify({ receipt: guess(99) }), json);
    expect(another.status).toBe(429);
    expect(Number(another.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await post(`${local.force.url}/reports/status`, JSON.stringify({ receipt }), json);
    expect(right.status).toBe(200);
  });

  it('refuses a body over the limit with 413 before parsing it, on both routes', async () => {
    // Not JSON at all: a 400 "malformed" would mean it was parsed first.
    const tooBig = `{${'x'.repeat(512 * 1024)}`;
    const reports = await post(`${local.force.url}/reports`, tooBig, json);
    expect(reports.status).toBe(413);
    expect(JSON.parse(reports.text)).toMatchObject({ status: 413, errors: [{ path: '' }] });
    const status = await post(`${local.force.url}/reports/status`, `{${'9'.repeat(2_000)}`, json);
    expect(status.status).toBe(413);
    expect(reports.text).not.toContain('xxxx');
  });

  it('refuses a body over API Gateway’s 10 MB before any handler runs, and keeps serving', async () => {
    const huge = await post(`${local.force.url}/reports`, 'x'.repeat(11 * 1024 * 1024), json);
    // The bridge may also close the socket mid-upload (status 0); never a 2xx or 5xx.
    expect([0, 413]).toContain(huge.status);
    expect((await post(`${local.force.url}/reports`, JSON.stringify(minimalSubmission()), json)).status).toBe(201);
  });
});
