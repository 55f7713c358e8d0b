/**
 * Hostile input against the RUNNING local system (DynamoDB Local and a force
 * API process serving the real handlers): generated and hand-written
 * payloads. Zero 5xx, zero crashes, every refusal a 4xx naming field paths,
 * and no answer repeats what was sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimalSubmission } from '../support/reports';
import { hostileCorpus, hostileRequest, type HostileRequest } from './hostile-payloads';
import { type Answer, echoes, post, runPool, SAMPLED, useLocalForce } from './support';

/** ≥ 10,000 generated payloads in the full run; a fixed-seed sample in CI. */
const GENERATED = SAMPLED ? 1_500 : 10_000;

// Guessing throttling is the abuse suite's subject: here every status call must reach validation.
const local = useLocalForce({ forceId: 'hostile-north', env: { STATUS_MAX_FAILURES: '1000000' } });

interface Finding {
  label: string;
  status: number;
  problem: string;
}

function judge(request: HostileRequest, answer: Answer): Finding | undefined {
  const fail = (problem: string) => ({ label: request.label, status: answer.status, problem });
  if (answer.status === 0) return fail(`no answer (${answer.text})`);
  if (answer.status >= 500) return fail('server error');
  const echoed = echoes(answer.text, request.body);
  if (echoed.length > 0) return fail(`echoed ${echoed.length} submitted value(s)`);
  if (answer.status < 400) return undefined;
  // API Gateway itself refuses bodies over 10 MB before any function runs.
  if (answer.status === 413 && answer.headers.get('content-type') === 'application/json') return undefined;
  if (answer.headers.get('content-type') !== 'application/problem+json') return fail('refusal is not a problem document');
  const problem = JSON.parse(answer.text) as { status?: number; errors?: { path: unknown; message: unknown }[] };
  if (problem.status !== answer.status) return fail('problem status differs from HTTP status');
  // 404 (unknown receipt) and 429 carry no field list by design: they are not about a field.
  if ([404, 429].includes(answer.status)) return undefined;
  if (answer.status === 409) return undefined;
  if (!Array.isArray(problem.errors) || problem.errors.length === 0) return fail('refusal names no field');
  if (!problem.errors.every((error) => typeof error.path === 'string' && typeof error.message === 'string')) return fail('field problem without path');
  return undefined;
}

async function send(request: HostileRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  return post(`${local.force.url}${request.path}`, request.body, headers);
}

async function assertStillServing(): Promise<void> {
  const answer = await post(`${local.force.url}/reports`, JSON.stringify(minimalSubmission()), { 'content-type': 'application/json' });
  expect(answer.status).toBe(201);
}

describe('hostile input against the running local system', () => {
  it('answers the hand-written corpus without 5xx, with field paths and no echo', async () => {
    const corpus = hostileCorpus();
    const answers = await runPool(corpus, 4, send);
    const findings = corpus.map((request, index) => judge(request, answers[index] as Answer)).filter(Boolean);
    expect(findings).toEqual([]);
    // The attacks are refused, not stored. Valid reports that merely carry odd text pass: free text is
    // sealed, never interpreted; JSON's last duplicate key wins, and it is a valid report.
    const harmless = /huge field under|control characters|lone surrogates|injection in free text|BOM|duplicate keys/;
    const accepted = corpus.filter((_, index) => answers[index]?.status === 201).map((request) => request.label);
    expect(accepted.filter((label) => !harmless.test(label))).toEqual([]);
    await assertStillServing();
  });

  it(`answers ${GENERATED.toLocaleString('en-GB')} generated payloads without 5xx, with field paths and no echo`, async () => {
    const requests = fc.sample(hostileRequest, { numRuns: GENERATED, seed: 20_261_125 });
    const answers = await runPool(requests, 8, send);
    const findings = requests.map((request, index) => judge(request, answers[index] as Answer)).filter(Boolean) as Finding[];
    const byKind = new Map<string, number>();
    for (const answer of answers) byKind.set(String(answer.status), (byKind.get(String(answer.status)) ?? 0) + 1);
    expect(findings.slice(0, 10), `statuses: ${JSON.stringify(Object.fromEntries(byKind))}`).toEqual([]);
    expect(answers.filter((answer) => answer.status >= 400).length).toBeGreaterThan(GENERATED / 2);
    await assertStillServing();
  });
});
