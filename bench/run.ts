/**
 * `npm run bench`: every performance figure of issue 7 as a ratio against a
 * floor measured side by side in the same run. Prints one table and writes
 * docs/performance.md. Not a test: nothing here asserts a time.
 *
 * BENCH_QUICK=1 runs small sizes (to try the bench, not to publish figures).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, freemem, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join, resolve } from 'node:path';
import { dynamoClients } from '../functions/adapters/dynamodb/client';
import { forceRuntime, resetForceRuntime } from '../functions/adapters/runtime';
import { ensureTable } from '../scripts/local/create-table';
import { startDynamoDbLocal } from '../scripts/local/dynamodb-local';
import { localForceEnv, prepareForce, startLocalSystem } from '../scripts/local/system';
import { measureColdStart, type ColdStartResult } from './cold-start';
import { measureIntake, type IntakeResult } from './intake';
import { measureKmsEconomy, type KmsEconomyResult } from './kms-economy';
import { measureQueueScale, type QueueScaleResult } from './queue-scale';
import { claimLatencySection, measureClaimLatency, withClaimSection, type ClaimLatencyResult } from './claims';
import { ratio, ms, type BenchRow } from './stats';
import { measureThroughput, startFloorServer, type ThroughputResult } from './throughput';
import { performanceReport } from './report';

const ROOT = resolve(import.meta.dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = QUICK
  ? { coldRuns: 5, intake: 200, queueSmall: 1_000, queueLarge: 10_000, claims: 200, contendedClaims: 100, kmsReports: 20, loadSeconds: 3, loadRounds: 1 }
  : { coldRuns: 25, intake: 2_000, queueSmall: 1_000, queueLarge: 100_000, claims: 1_000, contendedClaims: 200, kmsReports: 100, loadSeconds: 10, loadRounds: 2 };

export interface BenchResults {
  cold: ColdStartResult;
  intake: IntakeResult;
  kms: KmsEconomyResult;
  queue: QueueScaleResult;
  /** Claim p50/p99 at 1, 10 and 100 concurrent claimers (bench/claims.ts). */
  claims: ClaimLatencyResult;
  throughput: ThroughputResult;
}

function log(step: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${step}`);
}

async function storeBenches(): Promise<Pick<BenchResults, 'intake' | 'kms' | 'queue' | 'claims'>> {
  const db = await startDynamoDbLocal();
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
    const intake = await measureIntake({ document, tableName: `safe-pathway-${forceId}`, handler, requests: SIZES.intake });

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
  const system = await startLocalSystem({ forces: [{ forceId: 'bench-load' }], keyDir });
  const [force] = system.forces;
  if (!force) throw new Error('the local system started no force');
  const floor = await startFloorServer({
    DYNAMODB_ENDPOINT: system.dynamo.endpoint,
    TABLE_NAME: force.tableName,
    FLOOR_ITEM_BYTES: String(reportItemBytes),
  });
  try {
    log(`throughput: autocannon, 50 connections, ${SIZES.loadRounds} × ${SIZES.loadSeconds} s each side`);
    return await measureThroughput({ systemUrl: force.url, floorUrl: floor.url, seconds: SIZES.loadSeconds, rounds: SIZES.loadRounds, connections: 50 });
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
  for (const [label, pair] of [
    ['with Idempotency-Key', intake.withKey],
    ['without Idempotency-Key', intake.withoutKey],
  ] as const) {
    for (const p of ['p50', 'p99'] as const) {
      const measured = p === 'p50' ? pair.p50 : pair.p99;
      const floor = p === 'p50' ? pair.floorP50 : pair.floorP99;
      out.push({
        figure: `Intake ${p}, ${label} (vs bare PutItem)`,
        measured: ms(measured),
        floor: ms(floor),
        ratio: ratio(measured, floor),
        target: '≤ 1.3×',
        met: ratio(measured, floor) <= 1.3,
      });
    }
  }
  for (const p of ['p50', 'p99'] as const) {
    const measured = p === 'p50' ? intake.ownCalls.p50 : intake.ownCalls.p99;
    const floor = p === 'p50' ? intake.ownCalls.floorP50 : intake.ownCalls.floorP99;
    out.push({
      figure: `Intake ${p}, with key (vs its own DynamoDB calls, bare)`,
      measured: ms(measured),
      floor: ms(floor),
      ratio: ratio(measured, floor),
      target: 'diagnostic',
      met: undefined,
    });
  }
  for (const bundle of cold.bundles) {
    const r = ratio(bundle.importMs, cold.floor.importMs);
    out.push({
      figure: `Cold start: ${bundle.name} import (median of ${cold.runs})`,
      measured: ms(bundle.importMs),
      floor: ms(cold.floor.importMs),
      ratio: r,
      target: '≤ 1.5×',
      met: r <= 1.5,
    });
    out.push({
      figure: `Bundle size: ${bundle.name}`,
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
    out.push({
      figure: `Queue claim-next ${p}: ${queue.large.toLocaleString('en-GB')} vs ${queue.small.toLocaleString('en-GB')} queued`,
      measured: ms(large),
      floor: ms(small),
      ratio: ratio(large, small),
      target: '≤ 1.2×',
      met: ratio(large, small) <= 1.2,
    });
  }
  out.push({
    figure: 'KMS calls per submitted report',
    measured: kms.perReport.toFixed(2),
    floor: '–',
    ratio: undefined,
    target: '≤ 2',
    met: kms.perReport <= 2,
  });
  out.push({
    figure: 'Throughput, submissions/s at 50 connections (vs bare PutItem server)',
    measured: `${throughput.system.requestsPerSecond.toFixed(0)}/s`,
    floor: `${throughput.floor.requestsPerSecond.toFixed(0)}/s`,
    ratio: ratio(throughput.system.requestsPerSecond, throughput.floor.requestsPerSecond),
    target: 'reported',
    met: undefined,
  });
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
  };
}

const started = Date.now();
if (!process.version.startsWith('v24.')) console.error(`warning: the bench expects Node 24, this is ${process.version}`);
log(`cold start: bundling each route as CDK does, ${SIZES.coldRuns} fresh processes per bundle`);
const cold = await measureColdStart({ runs: SIZES.coldRuns });
const store = await storeBenches();
const throughput = await throughputBench(store.intake.reportItemBytes);
const results: BenchResults = { cold, ...store, throughput };
const table = rows(results);
console.log(`\n${textTable(table)}\n`);
const minutes = (Date.now() - started) / 60_000;
if (!QUICK) {
  const machine = machineFacts();
  const report = performanceReport({ results, table, machine, minutes, sizes: SIZES });
  writeFileSync(resolve(ROOT, 'docs/performance.md'), withClaimSection(report, claimLatencySection(results.claims, `${machine.CPU}, Node ${process.version}`)));
  log('wrote docs/performance.md');
} else {
  log('BENCH_QUICK=1: docs/performance.md left unchanged');
}
