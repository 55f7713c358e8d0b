/**
 * What sets the intake's p99: each measured request's window against the
 * pauses that overlapped it (Node's GC, DynamoDB Local's JVM safepoints,
 * bench/pauses.ts) and the scheduler's counters read around it
 * (bench/threads.ts), summarised for one kind of request.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { gcCycles, monotonicOffsetMs, overlapMs, readJvmPauses, union, type Pause } from './pauses';
import { percentile } from './stats';
import type { ThreadTimes } from './threads';

/** One measured request. */
export interface RequestWindow {
  /** `performance.now()` at its start and end, ms. */
  start: number;
  end: number;
  /** Node CPU (user + system, all threads: `process.cpuUsage`) over the request, ms. */
  cpuMs: number;
  /** Growth of V8's used heap over the request, bytes (what it allocated, where no GC ran in between). */
  heapGrowth: number;
  threads?: ThreadTimes;
}

/** What one kind of pause did to one kind of request. */
export interface PauseFigures {
  /** Mean pause time inside a request's window, ms. */
  meanMs: number;
  /** Share (0–1) of all requests a pause overlapped. */
  share: number;
  /** Share (0–1) of the slowest 1 % a pause overlapped. */
  slowestShare: number;
  /** Mean pause time inside the slowest 1 %, ms. */
  slowestMeanMs: number;
  /** p99 of the requests no pause overlapped, ms. */
  p99Clear: number;
  /** p99 of (latency − the pause time inside it), ms. */
  p99Less: number;
}

/** Where the time of a request went, mean ms: over the middle half (p25–p75) and over the slowest 1 %. */
export interface TimeSplit {
  middle: number;
  slowest: number;
}

/** The tail of one kind of request. */
export interface TailFigures {
  p50: number;
  p99: number;
  /** Requests in the slowest 1 % (the figures below average over them). */
  slowest: number;
  /** Mean latency, ms. */
  latency: TimeSplit;
  nodeGc: PauseFigures;
  /** The same for Node's GC cycles, incremental marking through its mark-compact (bench/pauses.ts `gcCycles`); absent in older runs. */
  nodeGcCycle?: PauseFigures;
  /** Median growth of V8's used heap over a request no Node GC overlapped, KB: what one request allocates on the JS heap. */
  heapKb: number;
  /** DynamoDB Local's JVM safepoints; absent when its pause log was not kept. */
  jvm?: PauseFigures;
  /** Scheduler counters split the same way (bench/threads.ts); absent without /proc. */
  threads?: Record<keyof ThreadTimes | 'mainIdle', TimeSplit>;
  /** p99 of (latency − the time Node's main thread waited for a CPU), ms. */
  p99LessWait?: number;
  /** The same over the requests no Node GC cycle overlapped: what is left with both causes gone, ms. */
  p99NoGcLessWait?: number;
  /**
   * Requests during which no task on the machine waited for a CPU (PSI `some` under 0.1 ms
   * in the window): how many, and their p99.
   */
  uncontended?: { requests: number; p99: number };
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

function byLatency(windows: readonly RequestWindow[]): { slowest: RequestWindow[]; middle: RequestWindow[] } {
  const sorted = [...windows].sort((a, b) => a.end - a.start - (b.end - b.start));
  const count = Math.max(1, Math.floor(sorted.length / 100));
  return { slowest: sorted.slice(-count), middle: sorted.slice(Math.floor(sorted.length / 4), Math.ceil((sorted.length * 3) / 4)) };
}

const latency = (window: RequestWindow) => window.end - window.start;

function pauseFigures(windows: readonly RequestWindow[], pauses: readonly Pause[]): PauseFigures {
  const inside = (window: RequestWindow) => overlapMs(pauses, window.start, window.end);
  const { slowest } = byLatency(windows);
  return {
    meanMs: mean(windows.map(inside)),
    share: windows.filter((window) => inside(window) > 0).length / Math.max(1, windows.length),
    slowestShare: slowest.filter((window) => inside(window) > 0).length / slowest.length,
    slowestMeanMs: mean(slowest.map(inside)),
    p99Clear: percentile(windows.filter((window) => inside(window) === 0).map(latency), 99),
    p99Less: percentile(windows.map((window) => latency(window) - inside(window)), 99),
  };
}

/**
 * @example
 * const tail = tailFigures(windows.withKey, { nodeGc, nodeGcCycle, jvm });
 */
export function tailFigures(windows: readonly RequestWindow[], pauses: { nodeGc: readonly Pause[]; nodeGcCycle?: readonly Pause[]; jvm?: readonly Pause[] }): TailFigures {
  const { slowest, middle } = byLatency(windows);
  const split = (of: (window: RequestWindow) => number): TimeSplit => ({ middle: mean(middle.map(of)), slowest: mean(slowest.map(of)) });
  const measured = windows.every((window) => window.threads !== undefined);
  const threads = measured
    ? (Object.fromEntries(
        [...(Object.keys(windows[0]?.threads ?? {}) as (keyof ThreadTimes)[]).map((name) => [name, split((window) => (window.threads as ThreadTimes)[name])]),
          ['mainIdle', split((window) => latency(window) - (window.threads as ThreadTimes).mainCpu - (window.threads as ThreadTimes).mainWait)]],
      ) as TailFigures['threads'])
    : undefined;
  const lessWait = (window: RequestWindow) => latency(window) - (window.threads as ThreadTimes).mainWait;
  const calm = windows.filter((window) => window.threads !== undefined && window.threads.pressure < 0.1);
  return {
    p50: percentile(windows.map(latency), 50),
    p99: percentile(windows.map(latency), 99),
    slowest: slowest.length,
    latency: split(latency),
    nodeGc: pauseFigures(windows, pauses.nodeGc),
    ...(pauses.nodeGcCycle ? { nodeGcCycle: pauseFigures(windows, pauses.nodeGcCycle) } : {}),
    heapKb: percentile(windows.filter((window) => overlapMs(pauses.nodeGc, window.start, window.end) === 0).map((window) => window.heapGrowth), 50) / 1024,
    ...(pauses.jvm ? { jvm: pauseFigures(windows, pauses.jvm) } : {}),
    ...(threads
      ? {
          threads,
          p99LessWait: percentile(windows.map(lessWait), 99),
          p99NoGcLessWait: percentile(windows.filter((window) => overlapMs(pauses.nodeGcCycle ?? pauses.nodeGc, window.start, window.end) === 0).map(lessWait), 99),
        }
      : {}),
    ...(threads ? { uncontended: { requests: calm.length, p99: percentile(calm.map(latency), 99) } } : {}),
  };
}

/** Pauses of one source during the measured loop: how many, their total, by kind. */
export interface PauseTotals {
  count: number;
  totalMs: number;
  byKind: Record<string, { count: number; totalMs: number; maxMs: number }>;
}

/** The intake loop's tail: the keyed handler and the bare transaction side by side, and what paused during the loop. */
export interface IntakeTail {
  withKey: TailFigures;
  bareTransaction: TailFigures;
  /** The measured loop's length, s, and the load average (1 min) at its start and end. */
  loopSeconds: number;
  loadAverage: { start: number; end: number };
  nodeGc: PauseTotals;
  /** V8's young generation (new space) and old space as the loop ended, MB: their sizes set how often each kind of GC comes due. */
  heapSpacesMb?: { newSpace: number; oldSpace: number };
  /** With `clockSkewMs`: the largest gap between placing a JVM pause by its monotonic and by its wall-clock stamp. */
  jvm?: PauseTotals & { clockSkewMs: number };
}

function spaceSizes(): { newSpace: number; oldSpace: number } {
  const size = (name: string) => (getHeapSpaceStatistics().find((space) => space.space_name === name)?.space_size ?? Number.NaN) / 2 ** 20;
  return { newSpace: size('new_space'), oldSpace: size('old_space') };
}

function totals(pauses: readonly Pause[], from: number, to: number): PauseTotals {
  const byKind: PauseTotals['byKind'] = {};
  let totalMs = 0;
  let count = 0;
  for (const pause of pauses) {
    if (pause.end <= from || pause.start >= to) continue;
    const ms = pause.end - pause.start;
    const kind = (byKind[pause.kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
    kind.count += 1;
    kind.totalMs += ms;
    kind.maxMs = Math.max(kind.maxMs, ms);
    totalMs += ms;
    count += 1;
  }
  return { count, totalMs, byKind };
}

/**
 * Stops the GC watch and reads the JVM's pause log, then sums up the loop's tail.
 *
 * @example
 * const tail = await intakeTail({ withKey, bareTransaction }, gc, '/tmp/jvm-pauses.log', loadAtStart);
 */
export async function intakeTail(
  windows: { withKey: RequestWindow[]; bareTransaction: RequestWindow[]; [other: string]: RequestWindow[] },
  gc: { stop(): Promise<Pause[]> },
  pauseLogFile: string | undefined,
  loadAtStart: number,
): Promise<IntakeTail> {
  const all = Object.values(windows).flat();
  const from = Math.min(...all.map((window) => window.start));
  const to = Math.max(...all.map((window) => window.end));
  const nodeGc = await gc.stop();
  const jvm = pauseLogFile ? readJvmPauses(pauseLogFile, monotonicOffsetMs(), Date.now() - performance.now()) : undefined;
  const pauses = { nodeGc: union(nodeGc), nodeGcCycle: gcCycles(nodeGc), ...(jvm ? { jvm: union(jvm.pauses) } : {}) };
  return {
    withKey: tailFigures(windows.withKey, pauses),
    bareTransaction: tailFigures(windows.bareTransaction, pauses),
    loopSeconds: (to - from) / 1000,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? Number.NaN },
    nodeGc: totals(nodeGc, from, to),
    heapSpacesMb: spaceSizes(),
    ...(jvm ? { jvm: { ...totals(jvm.pauses, from, to), clockSkewMs: jvm.clockSkewMs } } : {}),
  };
}
