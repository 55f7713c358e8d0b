/**
 * Shared helpers of the reliability suite: the running local force a test
 * file attacks, sizes (sampled or full), a bounded-concurrency runner and
 * HTTP calls that never hang a test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { startLocalSystem, type LocalSystem, type RunningForce } from '../../scripts/local/system';
import { ReportSubmissionSchema } from '../../schemas/report';
import { StatusLookupRequestSchema } from '../../schemas/responses';

/** True unless RELIABILITY_SAMPLE=0 (`npm run test:reliability`): the CI run is sampled. */
export const SAMPLED = process.env.RELIABILITY_SAMPLE !== '0';

/** The running local system of a test file and its one force. */
export interface LocalForce {
  system: LocalSystem;
  force: RunningForce;
}

/**
 * Starts the local system with one force (`forceId`, logs silent, keys in a fresh folder) before the file's
 * tests and stops it after them; `persistent` keeps DynamoDB Local's data on disk, so a restart keeps it.
 * The answer is filled in by the time any test runs.
 *
 * @example
 * const local = useLocalForce({ forceId: 'abuse-north', env: { STATUS_MAX_FAILURES: '5' } });
 * it('answers', async () => expect((await post(`${local.force.url}/reports`, '{}')).status).toBe(400));
 */
export function useLocalForce(options: { forceId: string; env?: Record<string, string>; persistent?: boolean }): LocalForce {
  const started = {} as LocalForce;
  beforeAll(async () => {
    const system = await startLocalSystem({
      forces: [{ forceId: options.forceId }],
      keyDir: mkdtempSync(join(tmpdir(), 'safe-pathway-reliability-keys-')),
      ...(options.persistent ? { dynamoDbPath: mkdtempSync(join(tmpdir(), 'safe-pathway-reliability-db-')) } : {}),
      env: { POWERTOOLS_LOG_LEVEL: 'SILENT', ...options.env },
    });
    Object.assign(started, { system, force: system.forces[0] as RunningForce });
  }, 120_000);
  afterAll(async () => {
    await started.system?.stop();
  });
  return started;
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function runPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  ms: number;
}

/** POSTs and reads the answer; a transport failure or a hang (over `timeoutMs`) answers status 0. */
export async function post(url: string, body: string | Uint8Array, headers: Record<string, string> = {}, timeoutMs = 15_000): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, headers: new Headers(), text: String((error as Error).name), ms: performance.now() - started };
  }
}

/** Every word the API may legitimately say back: field names, enum values, formats of the contracts. */
export const CONTRACT_VOCABULARY = JSON.stringify([
  z.toJSONSchema(ReportSubmissionSchema, { unrepresentable: 'any', io: 'input' }),
  z.toJSONSchema(StatusLookupRequestSchema, { unrepresentable: 'any', io: 'input' }),
]);

/** Strings of at least `min` characters a body carries: values and keys, or the raw text when it is not JSON. */
export function submittedStrings(body: string | Uint8Array, min = 6): string[] {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.trim().length >= min) found.add(value.slice(0, 200));
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.length >= min) found.add(key.slice(0, 200));
        walk(child);
      }
    }
  };
  try {
    walk(JSON.parse(text));
  } catch {
    if (text.trim().length >= min) found.add(text.slice(0, 64));
  }
  return [...found];
}

/** The submitted strings an answer repeats (that the contract itself does not contain). */
export function echoes(answer: string, body: string | Uint8Array): string[] {
  return submittedStrings(body).filter((value) => {
    if (CONTRACT_VOCABULARY.includes(value) || CONTRACT_VOCABULARY.includes(JSON.stringify(value).slice(1, -1))) return false;
    return answer.includes(value) || answer.includes(JSON.stringify(value).slice(1, -1));
  });
}
