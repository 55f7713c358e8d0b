/**
 * Where a request's wall time went, from Linux's per-thread scheduler
 * counters (`/proc/<pid>/task/<tid>/schedstat`: ns on a CPU, ns runnable
 * but waiting for one) and the machine's CPU pressure (`/proc/pressure/cpu`:
 * µs during which some runnable task waited). Read just before and just
 * after each request of the intake bench, outside its timed window; absent
 * (undefined) where /proc does not have them.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Counters in ms, each the difference over one request. */
export interface ThreadTimes {
  /** Node's main thread on a CPU (its share of Node's GC included). */
  mainCpu: number;
  /** Node's main thread runnable but waiting for a CPU. */
  mainWait: number;
  /** Node's libuv threadpool (crypto.randomBytes and other asynchronous crypto, file reads) on a CPU, summed over its threads. */
  threadpoolCpu: number;
  /** Its threads waiting for a CPU, summed. */
  threadpoolWait: number;
  /** V8's worker threads (parallel and concurrent GC, background compilation) and Node's other helpers on a CPU, summed. */
  v8Cpu: number;
  /** Their threads waiting for a CPU, summed. */
  v8Wait: number;
  /** DynamoDB Local's JVM, all threads, on a CPU. */
  jvmCpu: number;
  /** Its threads waiting for a CPU, summed. */
  jvmWait: number;
  /** Time some task on the machine waited for a CPU (Linux PSI, `some`). */
  pressure: number;
}

type Reading = ThreadTimes;

function schedstat(path: string): [number, number] {
  const [cpu, wait] = readFileSync(path, 'utf8').split(' ');
  return [Number(cpu) / 1e6, Number(wait) / 1e6];
}

/** Sums each thread's counters into the group `groupOf` names it by its thread name (`comm`). */
function sumTasks(folder: string, groupOf: (name: string) => string | undefined): Record<string, [number, number]> {
  const sums: Record<string, [number, number]> = {};
  for (const task of readdirSync(folder)) {
    try {
      const group = groupOf(readFileSync(`${folder}/${task}/comm`, 'utf8').trim());
      if (group === undefined) continue;
      const [c, w] = schedstat(`${folder}/${task}/schedstat`);
      const sum = (sums[group] ??= [0, 0]);
      sum[0] += c;
      sum[1] += w;
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return sums;
}

const nodeGroup = (name: string) => (name === 'MainThread' ? undefined : name === 'libuv-worker' ? 'threadpool' : 'v8');

const pressure = () => Number(/total=(\d+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1]) / 1e3;

/**
 * A reader of {@link ThreadTimes} for this Node process and the JVM `jvmPid`, or undefined where
 * the counters are missing (not Linux, no PSI). The main thread is read last before a request and
 * first after it, so the other reads are not counted against it.
 *
 * @example
 * const clock = threadClock(db.pid);
 * const before = clock?.read('before');
 * await request();
 * const times = clock?.since(before);
 */
export function threadClock(jvmPid: number | undefined): { read(when: 'before' | 'after'): Reading; since(before: Reading): ThreadTimes } | undefined {
  try {
    schedstat('/proc/thread-self/schedstat');
    pressure();
    if (jvmPid !== undefined) readdirSync(`/proc/${jvmPid}/task`);
  } catch {
    return undefined;
  }
  const rest = () => {
    const node = sumTasks('/proc/self/task', nodeGroup);
    const [jvmCpu, jvmWait] = jvmPid === undefined ? [Number.NaN, Number.NaN] : (sumTasks(`/proc/${jvmPid}/task`, () => 'jvm').jvm ?? [0, 0]);
    const [threadpoolCpu, threadpoolWait] = node.threadpool ?? [0, 0];
    const [v8Cpu, v8Wait] = node.v8 ?? [0, 0];
    return { threadpoolCpu, threadpoolWait, v8Cpu, v8Wait, jvmCpu, jvmWait, pressure: pressure() };
  };
  const main = () => {
    const [mainCpu, mainWait] = schedstat('/proc/thread-self/schedstat');
    return { mainCpu, mainWait };
  };
  return {
    read(when) {
      if (when === 'before') {
        const others = rest();
        return { ...others, ...main() };
      }
      const own = main();
      return { ...own, ...rest() };
    },
    since(before) {
      const after = this.read('after');
      return Object.fromEntries(Object.entries(after).map(([name, value]) => [name, value - before[name as keyof Reading]])) as unknown as ThreadTimes;
    },
  };
}
