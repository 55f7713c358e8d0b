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
  /** Node's other threads (libuv threadpool: crypto.randomBytes and the like; V8 workers: parallel GC, compilation) on a CPU. */
  workersCpu: number;
  /** Those threads waiting for a CPU. */
  workersWait: number;
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

function sumTasks(folder: string, skip?: string): [number, number] {
  let cpu = 0;
  let wait = 0;
  for (const task of readdirSync(folder)) {
    if (task === skip) continue;
    try {
      const [c, w] = schedstat(`${folder}/${task}/schedstat`);
      cpu += c;
      wait += w;
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return [cpu, wait];
}

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
  const mainTid = String(process.pid);
  try {
    schedstat('/proc/thread-self/schedstat');
    pressure();
    if (jvmPid !== undefined) readdirSync(`/proc/${jvmPid}/task`);
  } catch {
    return undefined;
  }
  const rest = () => {
    const [workersCpu, workersWait] = sumTasks('/proc/self/task', mainTid);
    const [jvmCpu, jvmWait] = jvmPid === undefined ? [Number.NaN, Number.NaN] : sumTasks(`/proc/${jvmPid}/task`);
    return { workersCpu, workersWait, jvmCpu, jvmWait, pressure: pressure() };
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
