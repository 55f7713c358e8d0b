/**
 * The bench lays pauses against request windows (bench/pauses.ts): these
 * check the overlap arithmetic and that a JVM log line lands where its
 * monotonic stamp says, so a slow request is blamed on the right pause.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { gcCycles, monotonicOffsetMs, overlapMs, readJvmPauses, union } from '../../../bench/pauses';

describe('bench pauses', () => {
  it('counts only the part of each pause inside the window', () => {
    const pauses = union([
      { start: 0, end: 5, kind: 'minor' },
      { start: 8, end: 12, kind: 'major' },
      { start: 20, end: 30, kind: 'minor' },
    ]);
    expect(overlapMs(pauses, 3, 10)).toBe(4);
    expect(overlapMs(pauses, 12, 20)).toBe(0);
    expect(overlapMs(pauses, 25, 40)).toBe(5);
    expect(overlapMs(pauses, -10, 100)).toBe(19);
  });

  it('merges nested and overlapping pauses so no time is counted twice', () => {
    const pauses = union([
      { start: 10, end: 20, kind: 'major' },
      { start: 12, end: 14, kind: 'weakcb' },
      { start: 18, end: 25, kind: 'incremental' },
    ]);
    expect(pauses).toEqual([{ start: 10, end: 25, kind: 'major' }]);
    expect(overlapMs(pauses, 0, 100)).toBe(15);
  });

  it('spans a GC cycle from the start of incremental marking to the end of the mark-compact that follows', () => {
    const cycles = gcCycles([
      { start: 0, end: 1, kind: 'minor' },
      { start: 10, end: 12, kind: 'incremental' },
      { start: 15, end: 16, kind: 'minor' },
      { start: 40, end: 45, kind: 'major' },
      { start: 60, end: 61, kind: 'minor' },
    ]);
    expect(cycles.map(({ start, end }) => [start, end])).toEqual([
      [0, 1],
      [10, 45],
      [60, 61],
    ]);
  });

  it('places a JVM safepoint on the performance.now() timeline from its monotonic stamp, ending at the stamp', () => {
    const offset = 1_000;
    const file = join(mkdtempSync(join(tmpdir(), 'pauses-test-')), 'jvm.log');
    writeFileSync(
      file,
      [
        '[1796214625104ms][610074475399ns] Using G1',
        '[1796214626303ms][611273099729ns] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 19M->9M(388M) 24.795ms',
        '[1796214626306ms][611275966064ns] Safepoint "G1CollectForAllocation", Time since last: 1032878945 ns, Reaching safepoint: 5370 ns, Cleanup: 237270 ns, At safepoint: 27739860 ns, Total: 27982500 ns',
      ].join('\n'),
    );
    const wallMinusNow = 1796214626306 - (611275.966064 + offset);
    const { pauses, clockSkewMs } = readJvmPauses(file, offset, wallMinusNow);
    expect(pauses).toHaveLength(1);
    expect(pauses[0]?.kind).toBe('G1CollectForAllocation');
    expect(pauses[0]?.end).toBeCloseTo(611275.966064 + offset, 3);
    expect(pauses[0]?.start).toBeCloseTo(611275.966064 + offset - 27.9825, 3);
    expect(clockSkewMs).toBeLessThan(0.001);
  });

  it('maps CLOCK_MONOTONIC (process.hrtime) onto performance.now()', () => {
    const offset = monotonicOffsetMs();
    const mapped = Number(process.hrtime.bigint()) / 1e6 + offset;
    const now = performance.now();
    expect(Math.abs(now - mapped)).toBeLessThan(5);
  });
});
