/**
 * Claim finds a waiting report whenever one exists, however many are leased
 * ahead of it: 200 leased entries at the head of the queue, 100 waiting
 * reports behind them, and every one of the 100 is claimed (then 204).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { queueRank } from '../../functions/domain/risk/assess';
import { minimalSubmission } from '../support/reports';
import { runPool } from '../reliability/support';
import { asStaff, call, loadHandler, setUpStaffForce, staffEvent, submit, type Handler, type StaffForce } from '../support/staff';

const LEASED = 200;
const WAITING = 100;
let force: StaffForce;
let claimHandler: Handler;

/** Queue entries of red-flag priority (ahead of every waiting report), each leased to someone else for an hour. */
async function leasedHead(count: number): Promise<void> {
  const until = Date.now() + 3_600_000;
  for (let from = 0; from < count; from += 25) {
    const items = Array.from({ length: Math.min(25, count - from) }, (_, i) => {
      const reportId = randomUUID();
      const createdAt = new Date(Date.parse('2026-01-01T00:00:00Z') + (from + i) * 1000).toISOString();
      return {
        PutRequest: {
          Item: {
            ...keys.queueEntry(force.forceId, queueRank(3, createdAt, reportId)),
            type: 'queue-entry',
            reportId,
            forceId: force.forceId,
            priority: 3,
            grade: 'red-flag',
            status: 'in-review',
            createdAt,
            leaseHolder: `holder-${from + i}`,
            leaseUntil: until,
          },
        },
      };
    });
    await force.dynamo.document.send(new BatchWriteCommand({ RequestItems: { [force.tableName]: items } }));
  }
}

beforeAll(async () => {
  force = await setUpStaffForce();
  claimHandler = await loadHandler('queue-claim');
  await leasedHead(LEASED);
  await runPool(Array.from({ length: WAITING }), 8, () => submit(minimalSubmission()));
}, 300_000);

describe('claim behind leased entries', () => {
  it(`claims every one of ${WAITING} waiting reports behind ${LEASED} leased entries, then answers 204`, async () => {
    const claimed: string[] = [];
    for (let i = 0; i < WAITING; i++) {
      const answer = await call(claimHandler, staffEvent('POST', '/queue/claim', { claims: asStaff(force, ['call-handler'], `claimer-${i}`) }), { timeoutMs: 60_000 });
      expect(answer.status).toBe(200);
      claimed.push(answer.body.report.reportId as string);
    }
    expect(new Set(claimed).size).toBe(WAITING);
    const last = await call(claimHandler, staffEvent('POST', '/queue/claim', { claims: asStaff(force, ['call-handler'], 'claimer-last') }), { timeoutMs: 60_000 });
    expect(last.status).toBe(204);
  }, 600_000);
});
