/**
 * Throughput: submissions per second the local system sustains (the force
 * API process running the real handlers, DynamoDB Local) under autocannon
 * with 50 connections, against the same load on a minimal HTTP server that
 * does one bare PutItem per request to the same DynamoDB Local.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fullSubmission } from '../test/support/reports';

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

export interface ThroughputResult {
  connections: number;
  seconds: number;
  rounds: number;
  system: LoadFigures;
  floor: LoadFigures;
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

function figures(results: autocannon.Result[]): LoadFigures {
  const sum = (pick: (result: autocannon.Result) => number) => results.reduce((total, result) => total + pick(result), 0);
  const seconds = sum((result) => result.duration);
  return {
    requestsPerSecond: sum((result) => result['2xx']) / seconds,
    p50: sum((result) => result.latency.p50) / results.length,
    p99: sum((result) => result.latency.p99) / results.length,
    non2xx: sum((result) => result.non2xx),
    errors: sum((result) => result.errors + result.timeouts),
    total: sum((result) => result.requests.total),
  };
}

/**
 * Alternates system and floor for `rounds` rounds of `seconds` each (after an
 * unmeasured warm-up of both), so both meet the same machine state.
 *
 * @example
 * const result = await measureThroughput({ systemUrl, floorUrl, seconds: 10, rounds: 2, connections: 50 });
 */
export async function measureThroughput(options: {
  systemUrl: string;
  floorUrl: string;
  seconds: number;
  rounds: number;
  connections: number;
}): Promise<ThroughputResult> {
  const { connections, seconds } = options;
  await load(options.systemUrl, 3, connections);
  await load(options.floorUrl, 3, connections);
  const system: autocannon.Result[] = [];
  const floor: autocannon.Result[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? (['system', 'floor'] as const) : (['floor', 'system'] as const);
    for (const which of order) {
      if (which === 'system') system.push(await load(options.systemUrl, seconds, connections));
      else floor.push(await load(options.floorUrl, seconds, connections));
    }
  }
  return { connections, seconds, rounds: options.rounds, system: figures(system), floor: figures(floor) };
}
