/**
 * Claim latency under contention: p50/p99 of `QueueDesk.claimNext` (the
 * domain path of `POST /queue/claim` on the DynamoDB queue store) with 1, 10
 * and 100 claimers at once over a queue of waiting reports, for the claim
 * order the desk uses (the head first, then the other K − 1 waiting entries
 * of its page at random) and, side by side, for strict queue order (every
 * claimer walks the same entries in the same order). Each round's leases are
 * released afterwards, unmeasured, so every round starts from the same queue.
 *
 * `tsx bench/claims.ts` runs this part alone and rewrites its section of
 * docs/performance.md (between the `claims` markers); `npm run bench` runs it
 * with the rest.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DynamoAuditLog } from '../functions/adapters/dynamodb/audit-store';
import { DynamoQueueStore } from '../functions/adapters/dynamodb/queue-store';
import { DynamoReportStore } from '../functions/adapters/dynamodb/report-store';
import type { StaffPrincipal } from '../functions/domain/access/staff-access';
import { AuditTrail } from '../functions/domain/audit/audit-trail';
import { acceptReport } from '../functions/domain/intake/accept-report';
import { QueueDesk } from '../functions/domain/queue/queue-desk';
import type { ReceiptBook } from '../functions/domain/receipts/receipt';
import type { ReportCipher } from '../functions/domain/report';
import { ReportSubmissionSchema } from '../schemas/report';
import { minimalSubmission } from '../test/support/reports';
import { ms, percentile } from './stats';

export const CLAIMER_COUNTS = [1, 10, 100] as const;
export type ClaimOrderName = 'head-then-random' | 'strict-order';

export interface ClaimLatency {
  claimers: number;
  order: ClaimOrderName;
  samples: number;
  p50: number;
  p99: number;
  /** Claims that found nothing although reports were waiting (must be 0). */
  missed: number;
}

export interface ClaimLatencyResult {
  reports: number;
  rows: ClaimLatency[];
}

export interface ClaimLatencyOptions {
  document: DynamoDBDocumentClient;
  tableName: string;
  cipher: ReportCipher;
  receipts: ReceiptBook;
  /** Claims measured per claimer count (rounded up to whole rounds). */
  claimsPerCount: number;
}

/**
 * @example
 * const result = await measureClaimLatency({ document, tableName, cipher, receipts, claimsPerCount: 200 });
 */
export async function measureClaimLatency(options: ClaimLatencyOptions): Promise<ClaimLatencyResult> {
  const { document, tableName, cipher, receipts } = options;
  const reports = Math.max(...CLAIMER_COUNTS);
  const rows: ClaimLatency[] = [];
  for (const order of ['head-then-random', 'strict-order'] as const) {
    const forceId = `bench-claims-${order}`;
    const writer = new DynamoReportStore(document, tableName);
    const submission = ReportSubmissionSchema.parse(minimalSubmission());
    for (let i = 0; i < reports; i++) await acceptReport({ forceId, cipher, writer, receipts, retentionDays: 1 }, submission);
    const desk = new QueueDesk({
      forceId,
      store: new DynamoQueueStore(document, tableName),
      cipher,
      audit: new AuditTrail(new DynamoAuditLog(document, tableName), { forceId, retentionDays: 1 }),
      leaseSeconds: 900,
      // Strict order: a shuffle that leaves every page as it is (Fisher–Yates with j = i).
      ...(order === 'strict-order' ? { random: () => 0.999_999 } : {}),
    });
    for (const claimers of CLAIMER_COUNTS) {
      const samples: number[] = [];
      let missed = 0;
      const rounds = Math.ceil(options.claimsPerCount / claimers);
      for (let round = -1; round < rounds; round++) {
        const principals: StaffPrincipal[] = Array.from({ length: claimers }, (_, i) => ({ actor: `bench-${round}-${i}`, role: 'call-handler', roles: ['call-handler'], forceId }));
        const results = await Promise.all(
          principals.map(async (principal) => {
            const started = performance.now();
            const claimed = await desk.claimNext(principal);
            return { principal, claimed, took: performance.now() - started };
          }),
        );
        for (const { principal, claimed, took } of results) {
          if (round >= 0) samples.push(took);
          if (!claimed) missed++;
          else await desk.releaseLease(principal, claimed.routing.reportId);
        }
      }
      rows.push({ claimers, order, samples: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), missed });
    }
  }
  return { reports, rows };
}

/** The markdown section of docs/performance.md for these figures. */
export function claimLatencySection(result: ClaimLatencyResult, machine: string): string {
  const lines = [
    '## Claim latency under contention',
    '',
    `\`QueueDesk.claimNext\` (the domain path of \`POST /queue/claim\`) against DynamoDB Local, ${result.reports} waiting`,
    'reports, 1, 10 and 100 claimers at once; each round\'s leases released afterwards, unmeasured',
    `(\`bench/claims.ts\`; ${machine}). "missed" counts claims that found nothing while reports waited: it must be 0.`,
    '',
    '| claimers | claim order | claims | p50 | p99 | missed |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
    ...result.rows.map((row) => `| ${row.claimers} | ${row.order} | ${row.samples} | ${ms(row.p50)} | ${ms(row.p99)} | ${row.missed} |`),
    '',
    'The desk uses **head-then-random**: every claimer tries the head of the waiting queue first, so a lone',
    'claimer takes reports strictly in priority order (a red flag never waits behind a standard report',
    'because of a dice roll); a claimer that loses that race tries the other waiting entries of its page',
    '(K = 10) in a random order instead of marching down the same entries as every other loser. The',
    'strict-order rows are the same desk with the shuffle disabled, measured side by side.',
  ];
  return lines.join('\n');
}

const START = '<!-- claims:start -->';
const END = '<!-- claims:end -->';

/** Replaces (or appends) the claims section of a performance report. */
export function withClaimSection(document: string, section: string): string {
  const block = `${START}\n${section}\n${END}`;
  const from = document.indexOf(START);
  const to = document.indexOf(END);
  if (from >= 0 && to > from) return `${document.slice(0, from)}${block}${document.slice(to + END.length)}`;
  return `${document.trimEnd()}\n\n${block}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { startDynamoDbLocal } = await import('../scripts/local/dynamodb-local');
  const { localForceEnv, prepareForce } = await import('../scripts/local/system');
  const { dynamoClients } = await import('../functions/adapters/dynamodb/client');
  const { forceRuntime } = await import('../functions/wiring/runtime');
  const db = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  try {
    const keyDir = mkdtempSync(join(tmpdir(), 'safe-pathway-bench-keys-'));
    const forceId = 'bench-claims';
    await prepareForce(forceId, db.endpoint, keyDir);
    Object.assign(process.env, localForceEnv(forceId, db.endpoint, keyDir), { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' });
    const { cipher, receipts } = await forceRuntime();
    const { document } = dynamoClients({ endpoint: db.endpoint });
    const result = await measureClaimLatency({ document, tableName: `safe-pathway-${forceId}`, cipher, receipts, claimsPerCount: Number(process.env.BENCH_CLAIMS ?? 200) });
    const machine = `${cpus().length} cores, Node ${process.versions.node}, load average ${loadavg()[0]?.toFixed(1)} at the end of the run`;
    const section = claimLatencySection(result, machine);
    console.log(section);
    const path = resolve(import.meta.dirname, '../docs/performance.md');
    writeFileSync(path, withClaimSection(readFileSync(path, 'utf8'), section));
  } finally {
    await db.stop();
  }
}
