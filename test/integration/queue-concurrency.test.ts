/**
 * claim concurrency: 20 call handlers claim at once from a queue of 10
 * reports; each report goes to exactly one of them, and exactly one claim
 * record is written per report. Run it repeatedly with
 * `for i in $(seq 20); do npx vitest run -t concurrency || break; done`.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { minimalSubmission } from '../support/reports';
import { asStaff, auditItemsOf, call, loadHandler, setUpStaffForce, staffEvent, submit, type Handler, type StaffForce } from '../support/staff';

let force: StaffForce;
let claimHandler: Handler;

beforeAll(async () => {
  force = await setUpStaffForce();
  claimHandler = await loadHandler('queue-claim');
  await Promise.all(Array.from({ length: 10 }, () => submit(minimalSubmission())));
});

describe('claim concurrency', () => {
  it('hands each of 10 reports to exactly one of 20 concurrent claimers (concurrency)', async () => {
    const claimers = Array.from({ length: 20 }, (_, i) => `claimer-${i}`);
    const results = await Promise.all(
      claimers.map((sub) =>
        // A generous function deadline: this checks who wins, not how fast (a loaded machine slows DynamoDB Local).
        call(claimHandler, staffEvent('POST', '/queue/claim', { claims: asStaff(force, ['call-handler'], sub) }), { timeoutMs: 120_000 }).then((result) => ({ sub, result })),
      ),
    );
    const winners = results.filter(({ result }) => result.status === 200);
    // Ten winners and ten told that nothing is left: no errors, no double claims.
    expect(results.map(({ result }) => result.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(204)]);
    expect(winners).toHaveLength(10);
    const claimed = winners.map(({ result }) => result.body.report.reportId as string);
    expect(new Set(claimed).size).toBe(10);

    // The table agrees: each entry is leased to the claimer who was told they won it, and one claim record each.
    const entries = await force.dynamo.document.send(
      new QueryCommand({ TableName: force.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.queuePartition(force.forceId) }, ConsistentRead: true }),
    );
    const holders = new Map((entries.Items ?? []).map((item) => [item.reportId as string, item.leaseHolder as string]));
    for (const { sub, result } of winners) {
      const reportId = result.body.report.reportId as string;
      expect(holders.get(reportId)).toBe(sub);
      const claims = (await auditItemsOf(force, reportId)).filter((item) => item.operation === 'claim');
      expect(claims.map((item) => item.actor)).toEqual([sub]);
    }
  });
});
