/**
 * Retention worker throughput: report items swept (protected section removed,
 * schedule entry closed, erasure audited — one transaction each) per second
 * against DynamoDB Local, by one worker and by two racing workers. Reports are
 * written through the real store with random bytes in place of ciphertext
 * (the worker never decrypts, so encryption would only slow the seeding).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../functions/adapters/dynamodb/audit-store';
import { DynamoReportStore } from '../functions/adapters/dynamodb/report-store';
import { DynamoRetentionStore } from '../functions/adapters/dynamodb/retention-store';
import { AuditTrail } from '../functions/domain/audit/audit-trail';
import { removalSchedule } from '../functions/domain/retention/retention';
import { sweepRetention } from '../functions/domain/retention/sweep';
import { frameParts } from '../functions/domain/retention/sealed-body';
import { WHOLE_BODY_PART } from '../functions/domain/retention/parts';

export interface RetentionBenchResult {
  items: number;
  /** Items per second, one worker. */
  single: number;
  /** Items per second in total, two workers racing on the same schedule. */
  racing: number;
  /** Removals over both racing workers: equals `items` when none was done twice. */
  racingRemoved: number;
}

const DAY = 86_400_000;

async function seed(document: DynamoDBDocumentClient, tableName: string, forceId: string, count: number, t0: Date): Promise<void> {
  const store = new DynamoReportStore(document, tableName);
  const write = async (i: number) => {
    const reportId = randomUUID();
    const createdAt = new Date(t0.getTime() + i).toISOString();
    await store.create({
      routing: { reportId, forceId, grade: 'standard', priority: 0, status: 'received', createdAt },
      sealedBody: frameParts([{ part: WHOLE_BODY_PART, sealed: randomBytes(2048) }]),
      sealedProtected: randomBytes(4096),
      sealedNeeds: randomBytes(300),
      receiptLookupKey: randomBytes(16).toString('hex'),
      expiresAt: Math.floor(t0.getTime() / 1000) + 730 * 86_400,
      // The protected section's removal only, as the figure in docs/performance.md measures.
      retention: removalSchedule(new Date(createdAt), { 'protected-immigration': 60 }, 730).filter((entry) => entry.dataClass === 'protected-immigration'),
    });
  };
  for (let i = 0; i < count; i += 20) await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => write(i + j)));
}

async function sweepAll(document: DynamoDBDocumentClient, tableName: string, forceId: string, at: Date): Promise<number> {
  const audit = new AuditTrail(new DynamoAuditLog(document, tableName), { forceId, retentionDays: 1, now: () => at });
  const result = await sweepRetention(
    { forceId, store: new DynamoRetentionStore(document, tableName), audit, now: () => at },
    { remainingMs: () => Number.POSITIVE_INFINITY, maxRemovals: Number.POSITIVE_INFINITY },
  );
  return result.removed;
}

/**
 * @example
 * const result = await measureRetention({ document, tableName, items: 2000 });
 */
export async function measureRetention(options: { document: DynamoDBDocumentClient; tableName: string; items: number }): Promise<RetentionBenchResult> {
  const { document, tableName, items } = options;
  const t0 = new Date('2026-01-01T00:00:00.000Z');
  const after = new Date(t0.getTime() + 61 * DAY);

  await seed(document, tableName, 'bench-retention-1', items, t0);
  let started = performance.now();
  const removed = await sweepAll(document, tableName, 'bench-retention-1', after);
  const single = removed / ((performance.now() - started) / 1000);

  await seed(document, tableName, 'bench-retention-2', items, t0);
  started = performance.now();
  const both = await Promise.all([sweepAll(document, tableName, 'bench-retention-2', after), sweepAll(document, tableName, 'bench-retention-2', after)]);
  const racingRemoved = both[0] + both[1];
  const racing = racingRemoved / ((performance.now() - started) / 1000);
  return { items, single, racing, racingRemoved };
}

const START = '<!-- bench:retention:start (written by `npm run bench:retention`) -->';
const END = '<!-- bench:retention:end -->';

/** The retention section of docs/performance.md, replaced in place (appended if missing). */
export function withRetentionSection(doc: string, result: RetentionBenchResult, machine: string): string {
  const section = `${START}
## Retention worker

| figure | measured |
| --- | ---: |
| Items swept per second, one worker (${result.items.toLocaleString('en-GB')} due) | ${result.single.toFixed(0)}/s |
| Items swept per second, two workers racing on the same schedule | ${result.racing.toFixed(0)}/s (${result.racingRemoved.toLocaleString('en-GB')} removals for ${result.items.toLocaleString('en-GB')} items: none twice) |

Each item is one \`TransactWriteItems\` (the report's ciphertext removed, its
schedule entry taken off the due index, the erasure record put), after a
paged query of the sparse due index (\`bench/retention.ts\`). Measured against
DynamoDB Local on ${machine}; in AWS a run of the worker (120 s, every 15
minutes) at this rate removes far more classes than a force receives reports
in a day. Two racing workers do not go faster: they contend for the same
entries, and the conditions let each removal happen once.
${END}`;
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1) return `${doc.trimEnd()}\n\n${section}\n`;
  return `${doc.slice(0, start)}${section}${doc.slice(end + END.length)}`;
}
