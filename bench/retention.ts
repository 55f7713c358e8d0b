/**
 * Retention worker throughput: items swept per second against DynamoDB Local
 * for every kind of removal the worker carries out — the protected section,
 * each sealed part of the body (demoshire's four retention periods; the
 * support part also clears the queue's needs hint), receipt-channel
 * messages and a report's end (the report with its queue entry, receipt
 * look-up and ledger line, functions/adapters/dynamodb/report-end.ts)
 * — each kind on its own schedule, by one worker; then all kinds
 * mixed, by two racing workers. Reports and messages are written through the
 * real stores with random bytes in place of ciphertext (the worker never
 * decrypts, so encryption would only slow the seeding).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../functions/adapters/dynamodb/audit-store';
import { DynamoChannelStore } from '../functions/adapters/dynamodb/channel-store';
import { DynamoReportStore } from '../functions/adapters/dynamodb/report-store';
import { DynamoRetentionStore } from '../functions/adapters/dynamodb/retention-store';
import { AuditTrail } from '../functions/domain/audit/audit-trail';
import { removalSchedule } from '../functions/domain/retention/retention';
import { sweepRetention } from '../functions/domain/retention/sweep';
import { frameParts } from '../functions/domain/retention/sealed-body';
import { bodyParts } from '../functions/domain/retention/parts';
import { queueRank } from '../functions/domain/risk/assess';

/** demoshire's retention of the body classes (infra/forces/demoshire.json): four parts. */
const DAYS = { incident: 730, account: 365, identity: 365, contact: 60, risk: 730, special: 180, support: 180, consent: 730, suspect: 730 } as const;
const PARTS = bodyParts(DAYS);
/** Every kind of removal: the protected section, each body part, a message, a report's end. */
export const REMOVAL_KINDS = ['protected-immigration', ...PARTS.map((plan) => plan.part), 'message', 'report-end'] as const;

export interface RetentionBenchResult {
  /** Items of each kind due. */
  items: number;
  /** Items per second, one worker, by kind of removal. */
  byKind: { kind: string; perSecond: number; removed: number }[];
  /** Items per second in total, two workers racing on one schedule holding every kind. */
  racing: number;
  /** Removals over both racing workers: equals the items due when none was done twice. */
  racingRemoved: number;
  racingDue: number;
  /** Wall-clock seconds of the whole measurement, seeding included. */
  seconds: number;
}

const DAY = 86_400_000;

/** Seeds `count` items of `kinds` due at t0 + 1 day under `forceId`; returns how many removals are due. */
async function seed(document: DynamoDBDocumentClient, tableName: string, forceId: string, count: number, t0: Date, kinds: readonly string[]): Promise<number> {
  const store = new DynamoReportStore(document, tableName);
  const channel = new DynamoChannelStore(document, tableName);
  const audit = new AuditTrail(new DynamoAuditLog(document, tableName), { forceId, retentionDays: 1, now: () => t0 });
  const keptUntil = Math.floor(t0.getTime() / 1000) + 730 * 86_400;
  // Every removal of the seeded kinds falls due the day after t0.
  const classDays = { 'protected-immigration': 1, ...Object.fromEntries(Object.keys(DAYS).map((name) => [name, 1])) };
  const write = async (i: number, kind: string) => {
    const reportId = randomUUID();
    const createdAt = new Date(t0.getTime() + i).toISOString();
    const parts = PARTS.map((plan) => ({ ...plan, days: plan.part === kind ? 1 : plan.days }));
    // A report's end falls due on the date its TTL names (./functions/adapters/dynamodb/retention-store.ts retentionItems).
    const end = kind === 'report-end';
    const expiresAt = end ? Math.floor(t0.getTime() / 1000) + 86_400 : keptUntil;
    await store.create({
      routing: { reportId, forceId, grade: 'standard', priority: 0, status: 'received', createdAt },
      sealedBody: frameParts(PARTS.map((plan) => ({ part: plan.part, sealed: randomBytes(512) }))),
      sealedProtected: randomBytes(4096),
      sealedNeeds: randomBytes(300),
      receiptLookupKey: randomBytes(16).toString('hex'),
      expiresAt,
      // Only the entries of this kind: each item of the kind is one removal.
      retention: end
        ? []
        : removalSchedule(new Date(createdAt), classDays, 730, parts).filter((entry) =>
            kind === 'protected-immigration' ? entry.dataClass === 'protected-immigration' : entry.part === kind),
    });
    if (kind !== 'message') return;
    const messageId = randomUUID();
    const message = { messageId, author: 'staff' as const, at: createdAt, sealedText: randomBytes(400), expiresAt: Math.floor(t0.getTime() / 1000) + 86_400 };
    const report = { reportId, forceId, status: 'received' as const, rank: queueRank(0, createdAt, reportId), sealedBody: new Uint8Array(), receiptGeneration: 0, bodyVersion: 0, expiresAt };
    const record = audit.prepare({ action: 'alteration', operation: 'staff-message', actor: 'bench', role: 'supervisor', purpose: 'safeguarding', dataClasses: ['staff-message'], reportId, detail: { messageId } });
    await channel.apply(report, { kind: 'staff-message', message, nowMs: t0.getTime() }, record);
  };
  const jobs = kinds.flatMap((kind) => Array.from({ length: count }, (_, i) => () => write(i, kind)));
  for (let i = 0; i < jobs.length; i += 20) await Promise.all(jobs.slice(i, i + 20).map((job) => job()));
  return jobs.length;
}

async function sweepAll(document: DynamoDBDocumentClient, tableName: string, forceId: string, at: Date): Promise<number> {
  const audit = new AuditTrail(new DynamoAuditLog(document, tableName), { forceId, retentionDays: 1, now: () => at });
  const result = await sweepRetention(
    { forceId, store: new DynamoRetentionStore(document, tableName), audit, now: () => at },
    { remainingMs: () => Number.POSITIVE_INFINITY, maxRemovals: Number.POSITIVE_INFINITY },
  );
  if (result.failed > 0) throw new Error(`${result.failed} removals failed`);
  return result.removed;
}

/**
 * @example
 * const result = await measureRetention({ document, tableName, items: 300 });
 */
export async function measureRetention(options: { document: DynamoDBDocumentClient; tableName: string; items: number }): Promise<RetentionBenchResult> {
  const { document, tableName, items } = options;
  const began = performance.now();
  const t0 = new Date('2026-01-01T00:00:00.000Z');
  const after = new Date(t0.getTime() + 2 * DAY);
  // Warm-up, not counted: the first kind measured would otherwise pay for the JIT and the connections.
  await seed(document, tableName, 'bench-retention-warm', 10, t0, REMOVAL_KINDS);
  await sweepAll(document, tableName, 'bench-retention-warm', after);
  const byKind: RetentionBenchResult['byKind'] = [];
  for (const [index, kind] of REMOVAL_KINDS.entries()) {
    const forceId = `bench-retention-k${index}`;
    await seed(document, tableName, forceId, items, t0, [kind]);
    const started = performance.now();
    const removed = await sweepAll(document, tableName, forceId, after);
    byKind.push({ kind, removed, perSecond: removed / ((performance.now() - started) / 1000) });
  }
  const racingDue = await seed(document, tableName, 'bench-retention-race', Math.ceil(items / REMOVAL_KINDS.length), t0, REMOVAL_KINDS);
  const started = performance.now();
  const both = await Promise.all([sweepAll(document, tableName, 'bench-retention-race', after), sweepAll(document, tableName, 'bench-retention-race', after)]);
  const racingRemoved = both[0] + both[1];
  const racing = racingRemoved / ((performance.now() - started) / 1000);
  return { items, byKind, racing, racingRemoved, racingDue, seconds: (performance.now() - began) / 1000 };
}

/** What each kind of removal writes, for the table. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  'protected-immigration': 'protected section',
  message: 'receipt-channel message (item and entry deleted)',
  'report-end': "a report's end (report item, queue entry, receipt look-up, ledger line, its `routing` entry)",
};

const START = '<!-- bench:retention:start (written by `npm run bench:retention`) -->';
const END = '<!-- bench:retention:end -->';

/**
 * `doc` with the retention section of `previous` carried over: `npm run bench` writes docs/performance.md
 * afresh, and only `npm run bench:retention` measures that section.
 *
 * @example
 * writeFileSync(file, keepRetentionSection(report, readFileSync(file, 'utf8')));
 */
export function keepRetentionSection(doc: string, previous: string): string {
  const start = previous.indexOf(START);
  const end = previous.indexOf(END);
  if (start === -1 || end === -1) return doc;
  return `${doc.trimEnd()}\n\n${previous.slice(start, end + END.length)}\n`;
}

/** The retention section of docs/performance.md, replaced in place (appended if missing). */
export function withRetentionSection(doc: string, result: RetentionBenchResult, machine: string): string {
  const n = (value: number) => value.toLocaleString('en-GB');
  const rows = result.byKind
    .map((row) => `| ${KIND_WORDS[row.kind] ?? `body part \`${row.kind}\``} | ${n(row.removed)} | ${row.perSecond.toFixed(1)}/s |`)
    .join('\n');
  const section = `${START}
## Retention worker

Items swept per second by one worker, for every kind of removal (${n(result.items)} due of each kind, each kind on a schedule of its own):

| removal | removed | items swept per second |
| --- | ---: | ---: |
${rows}

Two workers racing on one schedule holding every kind (${n(result.racingDue)} due): ${result.racing.toFixed(1)}/s in total, ${n(result.racingRemoved)} removals for ${n(result.racingDue)} items (none twice).
The whole run, seeding included, took ${Math.round(result.seconds)} s.

Each removal is one \`TransactWriteItems\` after a paged query of the sparse
due index (\`bench/retention.ts\`): for a sealed part, the ciphertext removed
from the report, the part's one schedule entry taken off the index, the
erasure record put (the support part first clears the queue entry's needs
hint, one more read and write); for a message, the message item and its
entry deleted and the erasure record put. A report's end is several steps:
two reads, one transaction deleting the items keyed from the report (queue
entry, receipt look-up, ledger line), a page read of the report's partition
on each side of its audit records, then the report item, its \`routing\`
entry and the erasure record in a last transaction. Measured against DynamoDB Local on
${machine}: on a shared machine the absolute rate says more about the load
than about the worker. In AWS a run of the worker (120 s, every 15 minutes)
at even the slowest of these rates removes more items than a force receives
reports in a day. Two racing workers do not go faster: they contend for the
same entries, and the conditions let each removal happen once.
${END}`;
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1) return `${doc.trimEnd()}\n\n${section}\n`;
  return `${doc.slice(0, start)}${section}${doc.slice(end + END.length)}`;
}
