/**
 * Intake overhead: the real submit handler, invoked in-process with payload
 * v2 events against DynamoDB Local, against two floors issued bare to the
 * same DynamoDB Local: one PutItem of the report item, and one conditional
 * TransactWriteItems of exactly the items the handler writes (report, key
 * claim, queue entry, receipt, ledger, referrals). All alternate request by
 * request, so they share the machine's noise. Node CPU per request is
 * measured around each call (DynamoDB Local is another process).
 */
import { PutCommand, ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { NEEDS_HINT_ATTRIBUTE } from '../functions/adapters/dynamodb/needs-hint';
import { ReportSubmissionSchema, type ReportSubmission } from '../schemas/report';
import { httpEvent, lambdaContext, fullSubmission } from '../test/support/reports';
import { watchNodeGc } from './pauses';
import { percentile } from './stats';
import { intakeTail, type IntakeTail, type RequestWindow } from './tail';
import { threadClock } from './threads';

type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
type Item = Record<string, unknown>;

export interface LatencyPair {
  p50: number;
  p99: number;
  floorP50: number;
  floorP99: number;
}

export interface IntakeResult {
  requests: number;
  /** Handler with an Idempotency-Key (what the web form sends) vs one bare PutItem. */
  withKey: LatencyPair;
  /** Handler without an Idempotency-Key vs one bare PutItem. */
  withoutKey: LatencyPair;
  /** Handler with a key vs a bare TransactWriteItems of the same items. */
  ownCalls: LatencyPair;
  /**
   * What the report's retention schedule entries cost the store: the bare transaction of every item the handler
   * writes against the same transaction without its `retention` items (older runs lack it). `per`: what one
   * entry stands for, a sealed part (absent in runs from when the schedule had one entry per data class).
   */
  scheduleEntries?: LatencyPair & { without: number; per?: 'sealed part' };
  /** Item types in that transaction, in order. */
  transactionItems: string[];
  /** Mean Node CPU (user + system) per request, ms: keyed handler, unkeyed handler, bare transaction, bare PutItem. */
  cpuMs: { withKey: number; withoutKey: number; bareTransaction: number; barePut: number };
  /**
   * Where the keyed handler's time goes, measured in the same interleaved loop (mean Node CPU and p50 wall, ms):
   * the contract alone (JSON.parse and the zod schema of the body) and the intake's own work without its write
   * (`acceptorFor` with a writer that stores nothing: keyed fingerprint, risk, referral plan, every Encryption SDK
   * message of the report, receipt); in newer runs also the shell alone and the accept with its write.
   */
  stages?: {
    contract: { cpuMs: number; p50: number };
    /** The intake's middy shell and contract around a handler that answers at once (older runs lack it). */
    shell?: { cpuMs: number; p50: number };
    acceptWithoutWrite: { cpuMs: number; p50: number };
    /** The intake's accept with its real write: with `acceptWithoutWrite`, what the write itself costs the handler. */
    acceptWithWrite?: { cpuMs: number; p50: number };
    oneSealedPart: { cpuMs: number; p50: number };
  };
  /** Encryption SDK messages in the stored report: one per body part, the protected section, the queue's needs hint, each referral target. */
  messagesPerReport?: number;
  reportItemBytes: number;
  /**
   * What sets the p99 (bench/tail.ts): per request, the Node GC and JVM pause time inside its window and
   * the scheduler's counters around it, for the keyed handler and the bare transaction (older runs lack it).
   */
  tail?: IntakeTail;
}

/** Approximate DynamoDB item size: names plus values, binary as bytes. */
export function itemBytes(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name);
    size += value instanceof Uint8Array ? value.byteLength : Buffer.byteLength(String(value));
  }
  return size;
}

async function time(run: () => Promise<unknown>, clock: ReturnType<typeof threadClock>): Promise<RequestWindow> {
  const heap = getHeapStatistics().used_heap_size;
  const before = clock?.read('before');
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  const threads = before && clock?.since(before);
  const heapGrowth = getHeapStatistics().used_heap_size - heap;
  return { start, end, cpuMs: (used.user + used.system) / 1000, heapGrowth, ...(threads ? { threads } : {}) };
}

/** The Encryption SDK messages a stored report holds (item attributes: functions/adapters/dynamodb/report-store.ts). */
function messagesOf(report: Item, items: Item[]): number {
  const ofReport = (type: string) => items.filter((item) => item.type === type && item.reportId === report.reportId);
  const hints = ofReport('queue-entry').filter((entry) => entry[NEEDS_HINT_ATTRIBUTE] !== undefined).length;
  const targets = ofReport('referral').filter((referral) => referral.target !== undefined).length;
  return Object.keys((report.body as Item | undefined) ?? {}).length + (report.protected ? 1 : 0) + hints + targets;
}

/** `items` in an order drawn from `seed` (Fisher–Yates over mulberry32). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

const rekey = (item: Item, pk: string): Item => ({ ...item, PK: pk });

/** The item types one keyed submission writes, in the handler's transaction order (`retention`: one schedule entry per sealed part, and the report's end). */
const WRITTEN = ['report', 'idempotency-claim', 'queue-entry', 'receipt', 'report-ledger', 'referral', 'retention'];

/**
 * @example
 * const result = await measureIntake({ document, tableName, handler, requests: 2000 });
 */
export async function measureIntake(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  handler: Handler;
  /** The intake's accept with a writer that stores nothing (functions/submit-report/intake.ts acceptorFor). */
  acceptWithoutWrite: (submission: ReportSubmission, key: string) => Promise<unknown>;
  /** The same accept writing through the runtime's store. */
  acceptWithWrite: (submission: ReportSubmission, key: string) => Promise<unknown>;
  /** The intake's middy shell (functions/middleware/shells.ts intakeShell) and contract around a handler that answers 201 at once. */
  shellAlone: Handler;
  /** Seals one part as the intake seals each (the queue's needs hint: its report key made, one Encryption SDK message). */
  sealOnePart: () => Promise<unknown>;
  requests: number;
  /** DynamoDB Local's JVM: its process (for its threads' counters) and its pause log (scripts/local/dynamodb-local.ts `pauseLogFile`). */
  jvm?: { pid: number | undefined; pauseLogFile: string };
}): Promise<IntakeResult> {
  const { document, tableName, handler, acceptWithoutWrite, acceptWithWrite, shellAlone, sealOnePart } = options;
  const body = JSON.stringify(fullSubmission('BENCH'));
  const contract = () => ReportSubmissionSchema.parse(JSON.parse(body));
  const submission = contract();
  const submit = async (key: boolean, through: Handler = handler) => {
    const headers: Record<string, string> = key ? { 'idempotency-key': randomUUID() } : {};
    const result = await through(httpEvent('POST', '/reports', { body, headers }), lambdaContext());
    if (result.statusCode !== 201) throw new Error(`submit answered ${result.statusCode}`);
  };

  // One real submission shows what the handler writes: the floors copy it.
  await submit(true);
  const items = (await document.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
  const report = items.find((item) => item.type === 'report') as Item;
  const written = items
    .filter((item) => WRITTEN.includes(item.type as string) && (item.type === 'idempotency-claim' || item.reportId === report.reportId))
    .sort((a, b) => WRITTEN.indexOf(a.type as string) - WRITTEN.indexOf(b.type as string));

  const barePut = () => document.send(new PutCommand({ TableName: tableName, Item: rekey(report, `FLOOR#${randomUUID()}`) }));
  // What the handler sends, bare: one conditional transaction of the same items.
  const bareTransactionOf = (items: Item[]) => () => {
    const id = randomUUID();
    return document.send(
      new TransactWriteCommand({
        TransactItems: items.map((item, index) => ({
          Put: { TableName: tableName, Item: rekey(item, `FLOOR-${index}#${id}`), ConditionExpression: 'attribute_not_exists(PK)' },
        })),
      }),
    );
  };
  const bareTransaction = bareTransactionOf(written);
  const withoutSchedule = written.filter((item) => item.type !== 'retention');

  const operations = {
    withKey: () => submit(true),
    withoutKey: () => submit(false),
    barePut,
    bareTransaction,
    bareWithoutSchedule: bareTransactionOf(withoutSchedule),
    contract: async () => contract(),
    shell: () => submit(true, shellAlone),
    acceptWithoutWrite: () => acceptWithoutWrite(submission, randomUUID()),
    acceptWithWrite: () => acceptWithWrite(submission, randomUUID()),
    oneSealedPart: sealOnePart,
  };
  type Name = keyof typeof operations;
  const windows = Object.fromEntries(Object.keys(operations).map((name) => [name, [] as RequestWindow[]])) as Record<Name, RequestWindow[]>;
  const warmUp = Math.max(100, Math.floor(options.requests / 10));
  const clock = threadClock(options.jvm?.pid);
  let gc = watchNodeGc();
  let loadAtStart = Number.NaN;
  for (let i = -warmUp; i < options.requests; i++) {
    if (i === 0) {
      // Only the measured requests' pauses: the warm-up's are dropped with the first watch.
      await gc.stop();
      gc = watchNodeGc();
      loadAtStart = loadavg()[0] ?? Number.NaN;
    }
    // A fresh order each round, so no operation always follows the same one (a rotation of one order would keep
    // each one's predecessor but at a round's start). Seeded by the round, so runs shuffle alike.
    const order = shuffled(Object.keys(operations) as Name[], i + warmUp);
    for (const name of order) {
      const took = await time(operations[name], clock);
      if (i >= 0) windows[name].push(took);
    }
  }
  const tail = await intakeTail(windows, gc, options.jvm?.pauseLogFile, loadAtStart);
  const samples = Object.fromEntries(Object.entries(windows).map(([name, list]) => [name, list.map((w) => w.end - w.start)])) as Record<Name, number[]>;
  const cpu = Object.fromEntries(Object.entries(windows).map(([name, list]) => [name, list.map((w) => w.cpuMs)])) as Record<Name, number[]>;
  const pair = (measured: number[], floor: number[]): LatencyPair => ({
    p50: percentile(measured, 50),
    p99: percentile(measured, 99),
    floorP50: percentile(floor, 50),
    floorP99: percentile(floor, 99),
  });
  return {
    requests: options.requests,
    withKey: pair(samples.withKey, samples.barePut),
    withoutKey: pair(samples.withoutKey, samples.barePut),
    ownCalls: pair(samples.withKey, samples.bareTransaction),
    scheduleEntries: { ...pair(samples.bareTransaction, samples.bareWithoutSchedule), without: withoutSchedule.length, per: 'sealed part' },
    transactionItems: written.map((item) => item.type as string),
    cpuMs: {
      withKey: mean(cpu.withKey),
      withoutKey: mean(cpu.withoutKey),
      bareTransaction: mean(cpu.bareTransaction),
      barePut: mean(cpu.barePut),
    },
    stages: {
      contract: { cpuMs: mean(cpu.contract), p50: percentile(samples.contract, 50) },
      shell: { cpuMs: mean(cpu.shell), p50: percentile(samples.shell, 50) },
      acceptWithoutWrite: { cpuMs: mean(cpu.acceptWithoutWrite), p50: percentile(samples.acceptWithoutWrite, 50) },
      acceptWithWrite: { cpuMs: mean(cpu.acceptWithWrite), p50: percentile(samples.acceptWithWrite, 50) },
      oneSealedPart: { cpuMs: mean(cpu.oneSealedPart), p50: percentile(samples.oneSealedPart, 50) },
    },
    messagesPerReport: messagesOf(report, items),
    tail,
    reportItemBytes: itemBytes(report),
  };
}
