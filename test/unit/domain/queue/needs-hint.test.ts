import { describe, expect, it } from 'vitest';
import { openNeedsHints, type NeedsHintCipher, type SupportNeeds } from '../../../../functions/domain/queue/needs-hint';
import { testCipher } from '../../../support/test-cipher';

const forceId = 'example-north';
const ids = Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
const needsOf = (i: number): SupportNeeds => ({ language: ['pl', 'ar', 'pa', 'en', 'so', 'ur'][i] as string, interpreterNeeded: i % 2 === 0 });

async function sealedPage(cipher = testCipher()) {
  const entries = await Promise.all(ids.map(async (reportId, i) => ({ reportId, sealedNeeds: await cipher.sealNeeds(needsOf(i), { forceId, reportId }) })));
  return { cipher, entries };
}

/** A cipher whose opening takes `delayMs` (a slow KMS), counting how many are in flight at once. */
function slowCipher(inner: NeedsHintCipher, delayMs: (reportId: string) => number) {
  const seen = { inFlight: 0, maxInFlight: 0, started: 0 };
  const cipher: NeedsHintCipher = {
    sealNeeds: (needs, context) => inner.sealNeeds(needs, context),
    openNeeds: async (sealed, context) => {
      seen.started += 1;
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, delayMs(context.reportId)));
        return await inner.openNeeds(sealed, context);
      } finally {
        seen.inFlight -= 1;
      }
    },
  };
  return { cipher, seen };
}

describe('the queue page’s support-needs hints', () => {
  it('opens every hint of the page to the language and interpreter need the victim gave', async () => {
    const { cipher, entries } = await sealedPage();
    const needs = await openNeedsHints(entries, cipher, forceId, { remainingMs: () => 10_000 });
    expect(ids.map((id) => needs.get(id))).toEqual(ids.map((_, i) => needsOf(i)));
  });

  it('shows "not shown" for a hint moved from another report, another force, or missing, and still answers the page', async () => {
    const { cipher, entries } = await sealedPage();
    const [first, second, third, ...rest] = entries;
    const tampered = [
      // The hint of the second report copied onto the first entry: bound to another report, it must not open here.
      { reportId: first!.reportId, sealedNeeds: second!.sealedNeeds },
      { reportId: second!.reportId },
      { reportId: third!.reportId, sealedNeeds: await cipher.sealNeeds({ language: 'pl', interpreterNeeded: true }, { forceId: 'example-south', reportId: third!.reportId }) },
      ...rest,
    ];
    const counts: unknown[] = [];
    const needs = await openNeedsHints(tampered, cipher, forceId, { remainingMs: () => 10_000, onNotShown: (c) => counts.push(c) });
    expect([needs.get(ids[0]!), needs.get(ids[1]!), needs.get(ids[2]!)]).toEqual([null, null, null]);
    expect(needs.get(ids[3]!)).toEqual(needsOf(3));
    expect(counts).toEqual([{ late: 0, failed: 2, absent: 1 }]);
  });

  it('answers within the time the page has: hints still opening when it is up show "not shown", the fast ones are shown', async () => {
    const { entries, cipher: inner } = await sealedPage();
    // Two reports' hints take 20 s to open (a hanging KMS call); the rest 10 ms.
    const { cipher } = slowCipher(inner, (reportId) => (reportId === ids[1] || reportId === ids[4] ? 20_000 : 10));
    const started = Date.now();
    const needs = await openNeedsHints(entries, cipher, forceId, { remainingMs: () => 1_200, reserveMs: 700 });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(needs.get(ids[1]!)).toBeNull();
    expect(needs.get(ids[4]!)).toBeNull();
    expect(needs.get(ids[0]!)).toEqual(needsOf(0));
    expect(needs.get(ids[5]!)).toEqual(needsOf(5));
  });

  it('opens no hint at all when the time left is already within the reserve', async () => {
    const { entries, cipher: inner } = await sealedPage();
    const { cipher, seen } = slowCipher(inner, () => 0);
    const needs = await openNeedsHints(entries, cipher, forceId, { remainingMs: () => 300, reserveMs: 500 });
    expect(seen.started).toBe(0);
    expect([...needs.values()].every((value) => value === null)).toBe(true);
    expect(needs.size).toBe(entries.length);
  });

  it('opens the hints in parallel, never more at once than its concurrency', async () => {
    const { entries, cipher: inner } = await sealedPage();
    const { cipher, seen } = slowCipher(inner, () => 50);
    const needs = await openNeedsHints(entries, cipher, forceId, { remainingMs: () => 10_000, concurrency: 3 });
    expect(seen.maxInFlight).toBe(3);
    expect(seen.started).toBe(entries.length);
    expect([...needs.values()].every((value) => value !== null)).toBe(true);
  });
});
