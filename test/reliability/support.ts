/**
 * Shared helpers of the reliability suite: sizes (sampled or full), a
 * bounded-concurrency runner and HTTP calls that never hang a test.
 */
import { z } from 'zod';
import { ReportSubmissionSchema } from '../../schemas/report';
import { StatusLookupRequestSchema } from '../../schemas/responses';

/** True unless RELIABILITY_SAMPLE=0 (`npm run test:reliability`): the CI run is sampled. */
export const SAMPLED = process.env.RELIABILITY_SAMPLE !== '0';

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
