/**
 * Stop-the-world pauses on both sides of the intake bench, on one clock:
 * Node's own garbage collection (`gc` performance entries) and DynamoDB
 * Local's JVM safepoints (its unified log, scripts/local/dynamodb-local.ts
 * `pauseLogFile`). Both are put on the `performance.now()` timeline, so
 * the time each pause overlaps a request's window can be counted.
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver, constants, performance, type PerformanceEntry } from 'node:perf_hooks';

/** A pause on the `performance.now()` timeline, ms. */
export interface Pause {
  start: number;
  end: number;
  /** Node: major, minor, incremental or weakcb; JVM: the safepoint's operation (e.g. G1CollectForAllocation). */
  kind: string;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/**
 * Records Node's garbage-collection pauses from now until `stop()`.
 *
 * @example
 * const gc = watchNodeGc();
 * await work();
 * const pauses = await gc.stop();
 */
export function watchNodeGc(): { stop(): Promise<Pause[]> } {
  const pauses: Pause[] = [];
  const take = (entries: PerformanceEntry[]) => {
    for (const entry of entries) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1;
      pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration, kind: GC_KINDS[kind] ?? String(kind) });
    }
  };
  const observer = new PerformanceObserver((list) => take(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      // Entries are delivered asynchronously: let the last ones arrive, then take what is still queued.
      await new Promise((resolve) => setImmediate(resolve));
      take(observer.takeRecords());
      observer.disconnect();
      return pauses.sort((a, b) => a.start - b.start);
    },
  };
}

/**
 * `performance.now()` minus CLOCK_MONOTONIC in ms (`process.hrtime` reads that clock, and so does the
 * JVM's `timenanos` decoration): the closest of a few back-to-back readings.
 */
export function monotonicOffsetMs(): number {
  let best = { gap: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const before = process.hrtime.bigint();
    const now = performance.now();
    const after = process.hrtime.bigint();
    const gap = Number(after - before);
    if (gap < best.gap) best = { gap, offset: now - Number((before + after) / 2n) / 1e6 };
  }
  return best.offset;
}

const SAFEPOINT = /^\[(\d+)ms\]\[(\d+)ns\] Safepoint "([^"]+)",.* Total: (\d+) ns/;

/**
 * The JVM's safepoints (every stop-the-world pause: its GC pauses and the rest) from its log, on the
 * `performance.now()` timeline. A line is written when the safepoint ends; it began `Total` earlier
 * (reaching the safepoint, then at it). `clockSkewMs` is the largest gap between that placement and
 * the one the line's wall-clock milliseconds give through `Date.now()` (a check of the conversion;
 * the wall clock has 1 ms steps).
 *
 * @example
 * const { pauses } = readJvmPauses('/tmp/jvm-pauses.log', monotonicOffsetMs(), Date.now() - performance.now());
 */
export function readJvmPauses(file: string, offsetMs: number, wallMinusNowMs: number): { pauses: Pause[]; clockSkewMs: number } {
  const pauses: Pause[] = [];
  let clockSkewMs = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = SAFEPOINT.exec(line);
    if (!match) continue;
    const [, wallMs, monotonicNs, kind, totalNs] = match as unknown as [string, string, string, string, string];
    const end = Number(BigInt(monotonicNs) / 1000n) / 1000 + offsetMs;
    clockSkewMs = Math.max(clockSkewMs, Math.abs(Number(wallMs) - wallMinusNowMs - end));
    pauses.push({ start: end - Number(totalNs) / 1e6, end, kind });
  }
  return { pauses: pauses.sort((a, b) => a.start - b.start), clockSkewMs };
}

/**
 * Node's GC cycles: each incremental marking (its `incremental` entry is where marking starts) through the
 * mark-compact that ends it (`major`), with every pause outside such a span kept as it is. Between the two,
 * V8 marks in steps on the main thread as it allocates and concurrently on its worker threads; neither is a
 * `gc` entry, so a pause alone under-counts what a collection costs the requests around it.
 *
 * @example
 * const cycles = union(gcCycles(await gc.stop()));
 */
export function gcCycles(pauses: readonly Pause[]): Pause[] {
  const sorted = [...pauses].sort((a, b) => a.start - b.start);
  const cycles: Pause[] = [];
  for (const [index, pause] of sorted.entries()) {
    if (pause.kind !== 'incremental') {
      cycles.push(pause);
      continue;
    }
    const end = sorted.slice(index + 1).find((next) => next.kind === 'major');
    cycles.push({ start: pause.start, end: end ? end.end : pause.end, kind: 'cycle' });
  }
  return union(cycles);
}

/**
 * The pauses sorted by start with overlapping ones merged (Node reports a weak-callback
 * phase inside a collection, for instance), as {@link overlapMs} needs them.
 */
export function union(pauses: readonly Pause[]): Pause[] {
  const merged: Pause[] = [];
  for (const pause of [...pauses].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && pause.start <= last.end) last.end = Math.max(last.end, pause.end);
    else merged.push({ ...pause });
  }
  return merged;
}

/** The ms of `pauses` (a {@link union}: sorted, none overlapping another) inside [start, end]. */
export function overlapMs(pauses: readonly Pause[], start: number, end: number): number {
  // First pause that could end after `start`: pauses do not overlap, so their ends are sorted too.
  let low = 0;
  let high = pauses.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((pauses[middle] as Pause).end <= start) low = middle + 1;
    else high = middle;
  }
  let total = 0;
  for (let i = low; i < pauses.length; i++) {
    const pause = pauses[i] as Pause;
    if (pause.start >= end) break;
    total += Math.min(end, pause.end) - Math.max(start, pause.start);
  }
  return total;
}
