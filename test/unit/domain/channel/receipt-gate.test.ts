import { describe, expect, it } from 'vitest';
import { gateLimits, ReceiptGate } from '../../../../functions/domain/channel/receipt-gate';
import { ReceiptBook } from '../../../../functions/domain/receipts/receipt';
import type { FailureCounter } from '../../../../functions/domain/status/look-up-status';

/** Counts attempts in memory, with the store's semantics: reserve is count-and-check in one step. */
class MemoryCounter implements FailureCounter {
  readonly counts = new Map<string, number>();
  async reserveAttempt(key: string, window: number, max: number): Promise<boolean> {
    const id = `${key}@${window}`;
    const count = this.counts.get(id) ?? 0;
    if (count >= max) return false;
    this.counts.set(id, count + 1);
    return true;
  }
  async forgiveAttempt(key: string, window: number): Promise<void> {
    const id = `${key}@${window}`;
    this.counts.set(id, (this.counts.get(id) ?? 0) - 1);
  }
}

const receipts = new ReceiptBook(new Uint8Array(32).fill(7));
const known = receipts.issue('report-1');
let clock = Date.parse('2026-11-23T10:00:00Z');

function gate(failures = new MemoryCounter()) {
  return {
    failures,
    gate: new ReceiptGate({
      receipts,
      failures,
      resolve: async (lookupKey) => (lookupKey === receipts.lookupKey(known) ? 'report-1' : undefined),
      ...gateLimits(3, 900),
      now: () => new Date(clock),
    }),
  };
}

describe('receipt gate', () => {
  it('opens a report by its receipt, typed any way, and gives the attempt back', async () => {
    const { gate: g, failures } = gate();
    await expect(g.open(known.replace(/ /g, '-'), 'caller')).resolves.toMatchObject({ kind: 'found', reportId: 'report-1' });
    expect([...failures.counts.values()].every((count) => count === 0)).toBe(true);
  });

  it('answers malformed, unknown and rotated receipts alike', async () => {
    const { gate: g } = gate();
    await expect(g.open('not a receipt', 'a')).resolves.toEqual({ kind: 'not-found' });
    await expect(g.open('0000 0000 0000 0000', 'b')).resolves.toEqual({ kind: 'not-found' });
    await expect(g.open(receipts.issue('report-1', 1), 'c')).resolves.toEqual({ kind: 'not-found' });
  });

  it('throttles a caller after the limit, even for a right receipt, until the window ends', async () => {
    const { gate: g } = gate();
    for (let i = 0; i < 3; i++) await g.open(`1111 2222 3333 000${i}`, 'guesser');
    const throttled = await g.open(known, 'guesser');
    expect(throttled).toMatchObject({ kind: 'throttled' });
    expect((throttled as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    await expect(g.open(known, 'someone-else')).resolves.toMatchObject({ kind: 'found' });
    clock += 900_000;
    await expect(g.open(known, 'guesser')).resolves.toMatchObject({ kind: 'found' });
  });

  it('backs a caller off for the day after four windows of failures', async () => {
    const { gate: g } = gate();
    for (let window = 0; window < 4; window++) {
      for (let i = 0; i < 3; i++) await g.open(`5555 6666 7777 ${String(window * 10 + i).padStart(4, '0')}`, 'persistent');
      clock += 900_000;
    }
    const backedOff = await g.open(known, 'persistent');
    expect(backedOff).toMatchObject({ kind: 'throttled' });
    expect((backedOff as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(900);
  });

  it('throttles one wrong receipt value tried from many callers, but never a right one', async () => {
    const { gate: g } = gate();
    const wrong = '9999 9999 9999 9999';
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await g.open(wrong, `caller-${i}`)).kind);
    expect(answers).toEqual(['not-found', 'not-found', 'not-found', 'throttled']);
    for (let i = 0; i < 10; i++) expect((await g.open(known, `caller-x${i}`)).kind).toBe('found');
  });
});
