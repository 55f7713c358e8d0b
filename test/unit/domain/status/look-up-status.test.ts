/**
 * Receipt look-up limits count failures, never successes: a throttled source
 * (a refuge's shared address) still gets a right receipt answered, its wrong
 * guesses are refused, and only a spent force-wide guess-space budget refuses
 * throttled sources unchecked.
 */
import { describe, expect, it } from 'vitest';
import { ReceiptBook } from '../../../../functions/domain/receipts/receipt';
import { GUESS_SPACE_KEY, lookUpStatus, type FailureCounter, type StatusLookupDeps } from '../../../../functions/domain/status/look-up-status';

class MemoryCounter implements FailureCounter {
  readonly counts = new Map<string, number>();
  async reserveAttempt(clientKey: string, window: number, max: number): Promise<boolean> {
    const key = `${clientKey}#${window}`;
    const count = this.counts.get(key) ?? 0;
    if (count >= max) return false;
    this.counts.set(key, count + 1);
    return true;
  }
  async forgiveAttempt(clientKey: string, window: number): Promise<void> {
    const key = `${clientKey}#${window}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) - 1);
  }
}

const receipts = new ReceiptBook(new Uint8Array(32).fill(7));
const right = receipts.issue('5b7c1f0e-8a4d-4e3b-9c2a-1d6f0e9b8a7c');
const wrong = (i: number) => `9999 0000 1111 ${String(i).padStart(4, '0')}`;

function deps(counter: MemoryCounter, maxThrottledChecks = 5): StatusLookupDeps {
  return {
    receipts,
    reader: { statusByReceipt: async (key) => (key === receipts.lookupKey(right) ? 'received' : undefined) },
    failures: counter,
    maxFailures: 3,
    maxThrottledChecks,
    windowSeconds: 900,
    now: () => new Date('2026-12-01T10:00:00Z'),
  };
}

describe('receipt look-up limits', () => {
  it('answers a right receipt from a source past its failure limit, and refuses its wrong guesses', async () => {
    const counter = new MemoryCounter();
    for (let i = 0; i < 3; i++) expect((await lookUpStatus(deps(counter), wrong(i), 'refuge')).kind).toBe('not-found');
    expect((await lookUpStatus(deps(counter), wrong(3), 'refuge')).kind).toBe('throttled');
    expect(await lookUpStatus(deps(counter), right, 'refuge')).toEqual({ kind: 'found', status: 'received' });
    expect(await lookUpStatus(deps(counter), right, 'refuge')).toEqual({ kind: 'found', status: 'received' });
    // Successes spent nothing of the guess-space budget; the one throttled wrong guess did.
    expect([...counter.counts.entries()].find(([key]) => key.startsWith(GUESS_SPACE_KEY))?.[1]).toBe(1);
  });

  it('refuses throttled sources unchecked only once the force-wide budget is spent, and never sources under their own limit', async () => {
    const counter = new MemoryCounter();
    const budget = 5;
    for (let source = 0; source < 3; source++) {
      for (let i = 0; i < 5; i++) await lookUpStatus(deps(counter, budget), wrong(i), `attacker-${source}`);
    }
    // 3 sources × 2 throttled checks = 6 > 5: the budget is spent.
    expect((await lookUpStatus(deps(counter, budget), right, 'attacker-0')).kind).toBe('throttled');
    // A source under its own limit is unaffected, right and wrong.
    expect(await lookUpStatus(deps(counter, budget), right, 'victim')).toEqual({ kind: 'found', status: 'received' });
    expect((await lookUpStatus(deps(counter, budget), wrong(9), 'victim')).kind).toBe('not-found');
  });
});
