/**
 * Throughput: submissions per second the local system sustains (the force
 * API process running the real handlers, DynamoDB Local) under autocannon
 * at 1, 5 and 50 connections, against the same load on a minimal HTTP server
 * that does one bare PutItem per request to the same DynamoDB Local. For
 * each side, the CPU each request cost the Node process serving it and
 * DynamoDB Local's JVM (from /proc), so the limit is visible.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fullSubmission } from '../test/support/reports';
import { cpuMsOf, pidListeningOn } from './process-cpu';

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
  /** CPU of the Node process serving the requests, ms per 2xx answer. */
  serverCpuMsPerRequest: number;
  /** CPU of DynamoDB Local's JVM, ms per 2xx answer. */
  storeCpuMsPerRequest: number;
  /** Busy share of one core, of the server and the store, over the measured seconds. */
  serverCores: number;
  storeCores: number;
}

export interface ThroughputLevel {
  connections: number;
  system: LoadFigures;
  floor: LoadFigures;
}

export interface ThroughputResult {
  seconds: number;
  rounds: number;
  levels: ThroughputLevel[];
}

/** Starts the floor server as a child process; resolves with its URL. */
export function startFloorServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((ready, fail) => {
    const child = fork(resolve(import.meta.dirname, 'floor/put-item-server.ts'), [], {
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (message) => ready({ url: `http://127.0.0.1:${(message as { port: number }).port}`, child }));
    child.once('exit', (code) => fail(new Error(`floor server exited with ${code}`)));
  });
}

async function load(url: string, seconds: number, connections: number): Promise<autocannon.Result> {
  const body = JSON.stringify(fullSubmission('LOAD'));
  return autocannon({
    url: `${url}/reports`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        // A fresh Idempotency-Key per request, as distinct victims' forms would send.
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body,
        }),
      },
    ],
  });
}

interface Measured {
  result: autocannon.Result;
  serverCpuMs: number;
  storeCpuMs: number;
}

async function measured(url: string, seconds: number, connections: number, server: number, store: number): Promise<Measured> {
  const before = { server: cpuMsOf(server), store: cpuMsOf(store) };
  const result = await load(url, seconds, connections);
  return { result, serverCpuMs: cpuMsOf(server) - before.server, storeCpuMs: cpuMsOf(store) - before.store };
}

function figures(runs: Measured[]): LoadFigures {
  const sum = (pick: (run: Measured) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const seconds = sum((run) => run.result.duration);
  const ok = Math.max(1, sum((run) => run.result['2xx']));
  return {
    requestsPerSecond: sum((run) => run.result['2xx']) / seconds,
    p50: sum((run) => run.result.latency.p50) / runs.length,
    p99: sum((run) => run.result.latency.p99) / runs.length,
    non2xx: sum((run) => run.result.non2xx),
    errors: sum((run) => run.result.errors + run.result.timeouts),
    total: sum((run) => run.result.requests.total),
    serverCpuMsPerRequest: sum((run) => run.serverCpuMs) / ok,
    storeCpuMsPerRequest: sum((run) => run.storeCpuMs) / ok,
    serverCores: sum((run) => run.serverCpuMs) / 1000 / seconds,
    storeCores: sum((run) => run.storeCpuMs) / 1000 / seconds,
  };
}

const portOf = (url: string) => Number(new URL(url).port);

/**
 * At each connection count, alternates system and floor for `rounds` rounds
 * of `seconds` each (after an unmeasured warm-up of both), so both meet the
 * same machine state.
 *
 * @example
 * const result = await measureThroughput({ systemUrl, floorUrl, storeUrl, seconds: 10, rounds: 2, connections: [1, 5, 50] });
 */
export async function measureThroughput(options: {
  systemUrl: string;
  floorUrl: string;
  storeUrl: string;
  seconds: number;
  rounds: number;
  connections: readonly number[];
}): Promise<ThroughputResult> {
  const { seconds } = options;
  const pids = { system: pidListeningOn(portOf(options.systemUrl)), floor: pidListeningOn(portOf(options.floorUrl)), store: pidListeningOn(portOf(options.storeUrl)) };
  const levels: ThroughputLevel[] = [];
  for (const connections of options.connections) {
    await load(options.systemUrl, 3, connections);
    await load(options.floorUrl, 3, connections);
    const system: Measured[] = [];
    const floor: Measured[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? (['system', 'floor'] as const) : (['floor', 'system'] as const);
      for (const which of order) {
        if (which === 'system') system.push(await measured(options.systemUrl, seconds, connections, pids.system, pids.store));
        else floor.push(await measured(options.floorUrl, seconds, connections, pids.floor, pids.store));
      }
    }
    levels.push({ connections, system: figures(system), floor: figures(floor) });
  }
  return { seconds, rounds: options.rounds, levels };
}
