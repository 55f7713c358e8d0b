/**
 * Queue scale: claim-next with 100,000 queued reports against 1,000.
 *
 * Each claim is the endpoint's own domain path (`QueueDesk.claimNext` on the
 * DynamoDB queue store): a strongly consistent Query of the force's queue
 * partition, the claim transaction (queue entry + report + consultation
 * audit record, conditional on nobody holding it), a GetItem of the report
 * and the decryption of its body. Only the HTTP shell (middy, the token
 * check) is left out: it does not depend on the queue's length.
 *
 * The head of each queue is real reports, accepted through the intake's
 * domain path with red-flag answers (priority 3); the rest are bare queue
 * entries of lower priority that rank behind them, so 100,000 entries cost
 * seconds to seed instead of 100,000 encryptions. Each measured claim is
 * released afterwards (unmeasured), so the queue keeps its size and its head.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoAuditLog } from '../functions/adapters/dynamodb/audit-store';
import { DynamoQueueStore } from '../functions/adapters/dynamodb/queue-store';
import { DynamoReportStore } from '../functions/adapters/dynamodb/report-store';
import { keys } from '../functions/adapters/dynamodb/table-design';
import type { StaffPrincipal } from '../functions/domain/access/staff-access';
import { AuditTrail } from '../functions/domain/audit/audit-trail';
import { acceptReport } from '../functions/domain/intake/accept-report';
import { QueueDesk } from '../functions/domain/queue/queue-desk';
import type { ReceiptBook } from '../functions/domain/receipts/receipt';
import type { ReportCipher } from '../functions/domain/report';
import { queueRank } from '../functions/domain/risk/assess';
import { ReportSubmissionSchema } from '../schemas/report';
import { fullSubmission } from '../test/support/reports';
import { percentile } from './stats';

export interface QueueScaleResult {
  small: number;
  large: number;
  claims: number;
  /** Real reports at the head of each queue. */
  head: number;
  p50Small: number;
  p99Small: number;
  p50Large: number;
  p99Large: number;
  seedSeconds: number;
}

/** Writes `count` bare queue entries (priority 0–2, behind any red flag) with BatchWriteItem, several calls in flight. */
export async function seedQueueTail(document: DynamoDBDocumentClient, tableName: string, forceId: string, count: number): Promise<void> {
  const start = Date.parse('2026-01-01T00:00:00Z');
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 25);
      let requests = Array.from({ length: next - from }, (_, i) => {
        const reportId = randomUUID();
        const priority = (from + i) % 3;
        const createdAt = new Date(start + (from + i) * 1000).toISOString();
        return {
          PutRequest: {
            Item: {
              ...keys.queueEntry(forceId, queueRank(priority as never, createdAt, reportId)),
              type: 'queue-entry',
              reportId,
              forceId,
              priority,
              grade: ['standard', 'medium', 'high'][priority],
              status: 'received',
              createdAt,
            },
          },
        };
      });
      while (requests.length > 0) {
        const result = await document.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Accepts `count` red-flag reports for `forceId` through the intake's domain path: the queue's head. */
async function seedQueueHead(deps: QueueScaleOptions, forceId: string, count: number): Promise<void> {
  const writer = new DynamoReportStore(deps.document, deps.tableName);
  const submission = ReportSubmissionSchema.parse({ ...fullSubmission('BENCH'), risk: { answers: { strangulation: 'yes' } } });
  for (let i = 0; i < count; i++) {
    await acceptReport({ forceId, cipher: deps.cipher, writer, receipts: deps.receipts, retentionDays: 1 }, submission);
  }
}

export interface QueueScaleOptions {
  document: DynamoDBDocumentClient;
  tableName: string;
  /** The force's cipher and receipt book (local keys), as the intake uses them. */
  cipher: ReportCipher;
  receipts: ReceiptBook;
  small: number;
  large: number;
  claims: number;
}

/**
 * @example
 * const result = await measureQueueScale({ document, tableName, cipher, receipts, small: 1_000, large: 100_000, claims: 1_000 });
 */
export async function measureQueueScale(options: QueueScaleOptions): Promise<QueueScaleResult> {
  const { document, tableName } = options;
  const head = 20;
  const forces = { small: 'queue-small', large: 'queue-large' } as const;
  const seeded = performance.now();
  for (const [size, forceId] of Object.entries(forces) as ['small' | 'large', string][]) {
    await seedQueueHead(options, forceId, head);
    await seedQueueTail(document, tableName, forceId, options[size] - head);
  }
  const seedSeconds = (performance.now() - seeded) / 1000;

  const deskOf = (forceId: string) =>
    new QueueDesk({
      forceId,
      store: new DynamoQueueStore(document, tableName),
      cipher: options.cipher,
      audit: new AuditTrail(new DynamoAuditLog(document, tableName), { forceId, retentionDays: 1 }),
      leaseSeconds: 900,
    });
  const principalOf = (forceId: string): StaffPrincipal => ({ actor: 'bench-handler', role: 'call-handler', roles: ['call-handler'], forceId });
  const desks = { small: deskOf(forces.small), large: deskOf(forces.large) };
  const principals = { small: principalOf(forces.small), large: principalOf(forces.large) };

  const samples = { small: [] as number[], large: [] as number[] };
  const warmUp = 100;
  for (let i = -warmUp; i < options.claims; i++) {
    for (const size of (i % 2 === 0 ? ['small', 'large'] : ['large', 'small']) as ('small' | 'large')[]) {
      const started = performance.now();
      const claimed = await desks[size].claimNext(principals[size]);
      const took = performance.now() - started;
      if (claimed?.routing.priority !== 3) throw new Error(`claim-next on the ${size} queue did not return a report from its head`);
      await desks[size].releaseLease(principals[size], claimed.routing.reportId);
      if (i >= 0) samples[size].push(took);
    }
  }
  return {
    small: options.small,
    large: options.large,
    claims: options.claims,
    head,
    p50Small: percentile(samples.small, 50),
    p99Small: percentile(samples.small, 99),
    p50Large: percentile(samples.large, 50),
    p99Large: percentile(samples.large, 99),
    seedSeconds,
  };
}
