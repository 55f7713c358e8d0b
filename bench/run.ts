/**
 * `npm run bench`: every performance figure of docs/performance.md as a ratio
 * against a floor measured side by side in the same run. Prints one table,
 * writes docs/performance.md and the run's raw figures
 * (bench/results/<time>.json). Not a test: nothing here asserts a time.
 *
 * BENCH_QUICK=1 runs small sizes (to try the bench, not to publish figures).
 * `--compare old.json` compares this run with an earlier one;
 * `--compare old.json new.json` compares two runs without running;
 * `--report run.json` rewrites docs/performance.md from a run's raw figures.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { dynamoClients } from '../functions/adapters/dynamodb/client';
import { forceRuntime, resetForceRuntime } from '../functions/wiring/runtime';
import { ensureTable } from '../scripts/local/create-table';
import { startDynamoDbLocal } from '../scripts/local/dynamodb-local';
import { localForceEnv, prepareForce, startLocalSystem } from '../scripts/local/system';
import { measureColdStart } from './cold-start';
import { measureIntake } from './intake';
import { measureKmsEconomy } from './kms-economy';
import { measureQueueScale } from './queue-scale';
import { ratio, ms, type BenchRow } from './stats';
import { measureThroughput, startFloorServer, type ThroughputResult } from './throughput';
import { claimLatencySection, measureClaimLatency, withClaimSection } from './claims';
import { performanceReport } from './report';
import { keepRetentionSection } from './retention';
import type { BenchResults } from './bench-results';
import { compareRuns, readRun } from './compare';

const ROOT = resolve(import.meta.dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';
/** `BENCH_SIZES='{"coldRuns":11}'` overrides sizes (e.g. on a loaded machine); the report prints the sizes used. */
const SIZE_OVERRIDES = JSON.parse(process.env.BENCH_SIZES ?? '{}') as Record<string, number>;
const BASE_SIZES = QUICK
  ? { coldRuns: 1, intake: 100, queueSmall: 1_000, queueLarge: 10_000, claims: 200, contendedClaims: 100, kmsReports: 20, loadSeconds: 3, loadRounds: 1 }
  : { coldRuns: 25, intake: 2_000, queueSmall: 1_000, queueLarge: 100_000, claims: 1_000, contendedClaims: 200, kmsReports: 100, loadSeconds: 10, loadRounds: 2 };
const SIZES: typeof BASE_SIZES = { ...BASE_SIZES, ...Object.fromEntries(Object.entries(SIZE_OVERRIDES).filter(([name]) => name in BASE_SIZES)) };
const CONNECTIONS = [1, 5, 50] as const;
/** DynamoDB Local's JVM can take well over the default 30 s to answer on a loaded machine. */
const DYNAMO_START_MS = 180_000;

function log(step: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${step}`);
}

async function storeBenches(): Promise<Pick<BenchResults, 'intake' | 'kms' | 'queue' | 'claims'>> {
  // The JVM logs its stop-the-world pauses, so the intake's tail can be laid against them.
  const pauseLogFile = join(mkdtempSync(join(tmpdir(), 'safe-pathway-bench-jvm-')), 'pauses.log');
  const db = await startDynamoDbLocal({ startTimeoutMs: DYNAMO_START_MS, pauseLogFile });
  try {
    const keyDir = mkdtempSync(join(tmpdir(), 'safe-pathway-bench-keys-'));
    const forceId = 'bench-intake';
    await prepareForce(forceId, db.endpoint, keyDir);
    Object.assign(process.env, localForceEnv(forceId, db.endpoint, keyDir), {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const module = await import('../functions/submit-report/handler');
    const handler = module.handler as unknown as Parameters<typeof measureIntake>[0]['handler'];
    const { document, client } = dynamoClients({ endpoint: db.endpoint });

    log(`intake overhead: ${SIZES.intake} requests of each kind, interleaved`);
    const { acceptorFor } = await import('../functions/submit-report/intake');
    const runtime = await forceRuntime();
    const acceptWithoutWrite = acceptorFor(runtime, { create: async () => {} });
    const acceptWithWrite = acceptorFor(runtime);
    // The shell and contract alone: the same middy stack around a handler that answers 201 at once.
    const shellAlone = module.submitReportShell().handler(async () => ({ statusCode: 201, body: '{}' })) as unknown as Parameters<typeof measureIntake>[0]['handler'];
    const sealOnePart = () => runtime.cipher.sealNeeds({ language: 'en', interpreterNeeded: false }, { forceId, reportId: randomUUID() });
    const intake = await measureIntake({ document, tableName: `safe-pathway-${forceId}`, handler, acceptWithoutWrite, acceptWithWrite, shellAlone, sealOnePart, requests: SIZES.intake, jvm: { pid: db.pid, pauseLogFile } });

    log(`KMS economy: ${SIZES.kmsReports} reports with mocked KMS`);
    const kms = await measureKmsEconomy({
      handler,
      reports: SIZES.kmsReports,
      reset: () => {
        resetForceRuntime();
        module.resetIntake();
      },
    });

    log(`queue scale: seeding ${SIZES.queueSmall} and ${SIZES.queueLarge} queue entries`);
    const queueTable = 'safe-pathway-bench-queue';
    await ensureTable(client, queueTable);
    const { cipher, receipts } = await forceRuntime();
    const queue = await measureQueueScale({ document, tableName: queueTable, cipher, receipts, small: SIZES.queueSmall, large: SIZES.queueLarge, claims: SIZES.claims });
    log(`claim contention: 1, 10 and 100 concurrent claimers, ${SIZES.contendedClaims} claims each`);
    const claims = await measureClaimLatency({ document, tableName: queueTable, cipher, receipts, claimsPerCount: SIZES.contendedClaims });
    client.destroy();
    return { intake, kms, queue, claims };
  } finally {
    await db.stop();
  }
}

async function throughputBench(reportItemBytes: number): Promise<ThroughputResult> {
  const keyDir = mkdtempSync(join(tmpdir(), 'safe-pathway-bench-keys-'));
  const system = await startLocalSystem({ forces: [{ forceId: 'bench-load' }], keyDir, dynamoStartTimeoutMs: DYNAMO_START_MS });
  const [force] = system.forces;
  if (!force) throw new Error('the local system started no force');
  const floor = await startFloorServer({
    DYNAMODB_ENDPOINT: system.dynamo.endpoint,
    TABLE_NAME: force.tableName,
    FLOOR_ITEM_BYTES: String(reportItemBytes),
  });
  try {
    log(`throughput: autocannon at ${CONNECTIONS.join(', ')} connections, ${SIZES.loadRounds} × ${SIZES.loadSeconds} s each side`);
    return await measureThroughput({
      systemUrl: force.url,
      floorUrl: floor.url,
      storeUrl: system.dynamo.endpoint,
      seconds: SIZES.loadSeconds,
      rounds: SIZES.loadRounds,
      connections: CONNECTIONS,
    });
  } finally {
    floor.child.kill('SIGTERM');
    await system.stop();
  }
}

/** The table rows, one per figure. */
export function rows(results: BenchResults): BenchRow[] {
  const { cold, intake, kms, queue, throughput } = results;
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const out: BenchRow[] = [];
  const row = (figure: string, measured: number, floor: number, target: string, limit: number | undefined, show = ms) => {
    const r = ratio(measured, floor);
    out.push({ figure, measured: show(measured), floor: show(floor), ratio: r, target, met: limit === undefined ? undefined : r <= limit });
  };
  const items = intake.transactionItems.length;
  row(`Intake p50, with Idempotency-Key (vs bare TransactWriteItems of its ${items} items)`, intake.ownCalls.p50, intake.ownCalls.floorP50, '≤ 1.6×', 1.6);
  row(`Intake p99, with Idempotency-Key (vs bare TransactWriteItems of its ${items} items)`, intake.ownCalls.p99, intake.ownCalls.floorP99, '≤ 1.3×', 1.3);
  row('Intake p50, with Idempotency-Key (vs bare PutItem)', intake.withKey.p50, intake.withKey.floorP50, '≤ 2.5×', 2.5);
  row('Intake p99, with Idempotency-Key (vs bare PutItem)', intake.withKey.p99, intake.withKey.floorP99, 'reported', undefined);
  row('Intake p50, without Idempotency-Key (vs bare PutItem)', intake.withoutKey.p50, intake.withoutKey.floorP50, 'reported', undefined);
  row('Intake p99, without Idempotency-Key (vs bare PutItem)', intake.withoutKey.p99, intake.withoutKey.floorP99, 'reported', undefined);
  row('Node CPU per report, with key (vs bare TransactWriteItems)', intake.cpuMs.withKey, intake.cpuMs.bareTransaction, 'reported', undefined);
  const floorCached = cold.floor.compileCache;
  // Older runs lack the compile-cache figures; they are reported, not targets.
  if (floorCached) row(`Cold start: floor import with a compile cache (vs the floor without)`, floorCached.importMs, cold.floor.importMs, 'reported', undefined);
  for (const bundle of cold.bundles) {
    row(`Cold start: ${bundle.name} import (median of ${cold.runs})`, bundle.importMs, cold.floor.importMs, '≤ 1.5×', 1.5);
    if (bundle.compileCache && floorCached) {
      row(`Cold start: ${bundle.name} import with a compile cache (vs the floor with its cache)`, bundle.compileCache.importMs, floorCached.importMs, 'reported', undefined);
    }
    out.push({
      figure: `Bundle size read at import: ${bundle.name}${bundle.totalBytes > bundle.bytes ? ` (${kb(bundle.totalBytes)} with chunks loaded on demand)` : ''}`,
      measured: kb(bundle.bytes),
      floor: kb(cold.floor.bytes),
      ratio: ratio(bundle.bytes, cold.floor.bytes),
      target: '≤ 500 KB',
      met: bundle.bytes <= 500 * 1024,
    });
  }
  for (const p of ['p50', 'p99'] as const) {
    const large = p === 'p50' ? queue.p50Large : queue.p99Large;
    const small = p === 'p50' ? queue.p50Small : queue.p99Small;
    row(`Queue claim-next ${p}: ${queue.large.toLocaleString('en-GB')} vs ${queue.small.toLocaleString('en-GB')} queued`, large, small, '≤ 1.2×', 1.2);
  }
  out.push({ figure: 'KMS calls per submitted report', measured: kms.perReport.toFixed(2), floor: '–', ratio: undefined, target: '≤ 2', met: kms.perReport <= 2 });
  for (const level of throughput.levels) {
    const { system, floor } = level;
    out.push({
      figure: `Throughput at ${level.connections} connection${level.connections === 1 ? '' : 's'}, submissions/s (vs bare PutItem server)`,
      measured: `${system.requestsPerSecond.toFixed(0)}/s`,
      floor: `${floor.requestsPerSecond.toFixed(0)}/s`,
      ratio: ratio(system.requestsPerSecond, floor.requestsPerSecond),
      target: 'reported',
      met: undefined,
    });
    out.push({
      figure: `CPU per submission at ${level.connections}: API process / DynamoDB Local (floor: its server / DynamoDB Local)`,
      measured: `${system.serverCpuMsPerRequest.toFixed(1)} / ${system.storeCpuMsPerRequest.toFixed(1)} ms`,
      floor: `${floor.serverCpuMsPerRequest.toFixed(1)} / ${floor.storeCpuMsPerRequest.toFixed(1)} ms`,
      ratio: undefined,
      target: 'reported',
      met: undefined,
    });
  }
  return out;
}

/** A plain-text table for the terminal. */
export function textTable(table: BenchRow[]): string {
  const head = ['figure', 'measured', 'floor', 'ratio', 'target', 'met'];
  const body = table.map((row) => [
    row.figure,
    row.measured,
    row.floor,
    row.ratio === undefined ? '–' : `${row.ratio.toFixed(2)}×`,
    row.target,
    row.met === undefined ? '–' : row.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Facts about this machine, for the report. */
export function machineFacts(): Record<string, string> {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const nproc = spawnSync('nproc', [], { encoding: 'utf8' });
  const [cpu] = cpus();
  return {
    'CPU': `${cpu?.model ?? 'unknown'} (${cpus().length} logical CPUs from os.cpus(); nproc says ${nproc.stdout.trim() || 'n/a'})`,
    'Memory': `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end of the run`,
    'OS': `${osType()} ${release()}`,
    'Node': process.version,
    'Java (DynamoDB Local)': (java.stderr.split('\n')[0] ?? '').trim() || 'unknown',
    'Load average (1, 5, 15 min) at the end': loadavg().map((value) => value.toFixed(2)).join(', '),
  };
}

const compareAt = process.argv.indexOf('--compare');
const compareWith = compareAt >= 0 ? process.argv.slice(compareAt + 1).filter((arg) => !arg.startsWith('--')) : [];
if (compareAt >= 0 && compareWith.length === 0) throw new Error('usage: npm run bench -- --compare <old.json> [<new.json>]');

/** Writes docs/performance.md: the report, the run's claim section, and the retention section already there (bench:retention's). */
function writePerformanceDoc(report: string, results: BenchResults, machine: Record<string, string>): void {
  const file = resolve(ROOT, 'docs/performance.md');
  const withClaims = withClaimSection(report, claimLatencySection(results.claims, `${machine.CPU ?? ''}, Node ${process.version}`));
  writeFileSync(file, keepRetentionSection(withClaims, readFileSync(file, 'utf8')));
}

/** `--only claims`: only the claim-contention section (its own DynamoDB Local), rewritten in place in docs/performance.md. */
async function claimsOnly(): Promise<void> {
  const loadAtStart = loadavg();
  const db = await startDynamoDbLocal({ startTimeoutMs: DYNAMO_START_MS });
  try {
    const keyDir = mkdtempSync(join(tmpdir(), 'safe-pathway-bench-keys-'));
    await prepareForce('bench-claims', db.endpoint, keyDir);
    Object.assign(process.env, localForceEnv('bench-claims', db.endpoint, keyDir), { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' });
    const { document, client } = dynamoClients({ endpoint: db.endpoint });
    const tableName = 'safe-pathway-bench-queue';
    await ensureTable(client, tableName);
    const { cipher, receipts } = await forceRuntime();
    log(`claim contention: 1, 10 and 100 concurrent claimers, ${SIZES.contendedClaims} claims each`);
    const claims = await measureClaimLatency({ document, tableName, cipher, receipts, claimsPerCount: SIZES.contendedClaims });
    client.destroy();
    const load = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');
    const machine = `${cpus().length} logical CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; load average (1, 5, 15 min) ${load(loadAtStart)} at the start and ${load(loadavg())} at the end of this claims-only run (\`npm run bench -- --only claims\`)`;
    const file = resolve(ROOT, 'docs/performance.md');
    writeFileSync(file, withClaimSection(readFileSync(file, 'utf8'), claimLatencySection(claims, machine)));
    log('wrote the claims section of docs/performance.md');
  } finally {
    await db.stop();
  }
}

const onlyAt = process.argv.indexOf('--only');
const reportAt = process.argv.indexOf('--report');
if (onlyAt >= 0) {
  if (process.argv[onlyAt + 1] !== 'claims') throw new Error('usage: npm run bench -- --only claims');
  await claimsOnly();
} else if (reportAt >= 0) {
  // Re-render docs/performance.md from a run's raw figures, running nothing.
  const file = process.argv[reportAt + 1];
  if (!file) throw new Error('usage: npm run bench -- --report <run.json>');
  const run = readRun(file) as { results: BenchResults; machine: Record<string, string>; minutes: number; sizes: Record<string, number>; quick?: boolean };
  writePerformanceDoc(
    performanceReport({ results: run.results, table: rows(run.results), machine: run.machine, minutes: run.minutes, sizes: run.sizes, rawFile: relative(ROOT, resolve(file)), quick: run.quick === true }),
    run.results,
    run.machine,
  );
  log(`wrote docs/performance.md from ${file}`);
} else if (compareWith.length >= 2) {
  // Two runs on file: compare them, run nothing.
  console.log(compareRuns(readRun(compareWith[0] as string), readRun(compareWith[1] as string), { before: compareWith[0] as string, after: compareWith[1] as string }));
} else {
  const started = Date.now();
  const loadAtStart = loadavg();
  if (!process.version.startsWith('v24.')) console.error(`warning: the bench expects Node 24, this is ${process.version}`);
  log(`cold start: bundling each route as the stack does, ${SIZES.coldRuns} fresh processes per bundle`);
  const cold = await measureColdStart({ runs: SIZES.coldRuns });
  const store = await storeBenches();
  const throughput = await throughputBench(store.intake.reportItemBytes);
  const results: BenchResults = { cold, ...store, throughput };
  const table = rows(results);
  console.log(`\n${textTable(table)}\n`);
  const minutes = (Date.now() - started) / 60_000;
  const machine: Record<string, string> = { ...machineFacts(), 'Load average (1, 5, 15 min) at the start': loadAtStart.map((value) => value.toFixed(2)).join(', ') };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(resolve(ROOT, 'bench/results'), { recursive: true });
  const rawFile = resolve(ROOT, `bench/results/${QUICK ? 'quick-' : ''}${stamp}.json`);
  writeFileSync(rawFile, `${JSON.stringify({ at: new Date().toISOString(), quick: QUICK, sizes: SIZES, machine, minutes, results }, null, 2)}\n`);
  log(`raw figures: ${rawFile}`);
  if (compareWith[0]) console.log(`\n${compareRuns(readRun(compareWith[0]), { results }, { before: compareWith[0], after: 'this run' })}\n`);
  if (!QUICK) {
    const report = performanceReport({ results, table, machine, minutes, sizes: SIZES, rawFile: `bench/results/${stamp}.json` });
    writePerformanceDoc(report, results, machine);
    log('wrote docs/performance.md');
  } else {
    log('BENCH_QUICK=1: docs/performance.md left unchanged');
  }
}
