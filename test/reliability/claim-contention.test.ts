/**
 * Claims under contention: 100 concurrent claimers over 60 waiting reports,
 * round after round (20 in the full run, with a busy CPU thread beside them).
 * Every report is claimed exactly once per round; a claim answered 503 took
 * nothing (it was told so, and no lease or claim record carries its name);
 * nothing else fails. Between rounds the desk's clock moves past the leases,
 * so the same 60 reports wait again.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { minimalSubmission } from '../support/reports';
import { asStaff, call, loadHandler, setUpStaffForce, staffEvent, submit, type Handler, type StaffForce } from '../support/staff';
import { runPool, SAMPLED } from './support';

const REPORTS = 60;
const CLAIMERS = 100;
const ROUNDS = SAMPLED ? 1 : 20;
const LEASE_SECONDS = 900;

let force: StaffForce;
let claimHandler: Handler;
let clockMs = Date.now();
let load: Worker | undefined;

beforeAll(async () => {
  force = await setUpStaffForce({ LEASE_SECONDS: String(LEASE_SECONDS) });
  resetStaffRuntime({ now: () => new Date(clockMs) });
  claimHandler = await loadHandler('queue-claim');
  await runPool(Array.from({ length: REPORTS }), 8, () => submit(minimalSubmission()));
  // Under CPU load in the full run: a thread that only spins.
  if (!SAMPLED) load = new Worker('for (;;) {}', { eval: true });
}, 300_000);

afterAll(async () => {
  await load?.terminate();
});

interface Outcome {
  actor: string;
  statuses: number[];
  reportId?: string;
}

/** One claimer: claims until it gets a report (200) or is told nothing waits (204); a 503 means "nothing taken, claim again". */
async function claimer(actor: string): Promise<Outcome> {
  const outcome: Outcome = { actor, statuses: [] };
  for (let attempt = 0; attempt < 20; attempt++) {
    // The functions' real timeout: 10 s.
    const answer = await call(claimHandler, staffEvent('POST', '/queue/claim', { claims: asStaff(force, ['call-handler'], actor) }), { timeoutMs: 10_000 });
    outcome.statuses.push(answer.status);
    if (answer.status === 200) return { ...outcome, reportId: answer.body.report.reportId as string };
    if (answer.status !== 503) return outcome;
  }
  return outcome;
}

describe('claim contention', () => {
  it(`hands each of ${REPORTS} reports to exactly one of ${CLAIMERS} concurrent claimers, ${ROUNDS} rounds, and no 503 takes a report`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Every earlier lease has expired: the same reports wait again.
      clockMs += (LEASE_SECONDS + 1) * 1000;
      const outcomes = await Promise.all(Array.from({ length: CLAIMERS }, (_, i) => claimer(`r${round}-claimer-${i}`)));
      const statuses = outcomes.flatMap((outcome) => outcome.statuses);
      expect(statuses.filter((status) => ![200, 204, 503].includes(status)), `round ${round}`).toEqual([]);
      const winners = outcomes.filter((outcome) => outcome.reportId);
      expect(new Set(winners.map((winner) => winner.reportId)).size, `round ${round}`).toBe(winners.length);
      const counts = statuses.reduce<Record<number, number>>((all, status) => ({ ...all, [status]: (all[status] ?? 0) + 1 }), {});
      expect(winners.length, `round ${round}: every report claimed (answers ${JSON.stringify(counts)})`).toBe(REPORTS);

      // The table agrees: each entry is leased, in this round, to the claimer told it won it; a 503 left no name behind.
      const entries = await force.dynamo.document.send(
        new QueryCommand({ TableName: force.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.queuePartition(force.forceId) }, ConsistentRead: true }),
      );
      const holders = new Map((entries.Items ?? []).map((item) => [item.reportId as string, item.leaseHolder as string]));
      for (const winner of winners) expect(holders.get(winner.reportId as string)).toBe(winner.actor);
      const losers = new Set(outcomes.filter((outcome) => !outcome.reportId).map((outcome) => outcome.actor));
      expect([...holders.values()].filter((holder) => losers.has(holder))).toEqual([]);
      // One claim record per report in this round, by its winner.
      const claimRecords = await claimRecordsOf(round);
      expect(claimRecords.sort()).toEqual(winners.map((winner) => `${winner.reportId}:${winner.actor}`).sort());
    }
  }, 1_800_000);
});

/** The claim audit records of one round's claimers, as `reportId:actor`. */
async function claimRecordsOf(round: number): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < CLAIMERS; i++) {
    const result = await force.dynamo.document.send(
      new QueryCommand({
        TableName: force.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :actor',
        ExpressionAttributeValues: { ':actor': keys.auditActorPartition(`r${round}-claimer-${i}`) },
      }),
    );
    for (const item of result.Items ?? []) if (item.operation === 'claim') found.push(`${item.reportId as string}:${item.actor as string}`);
  }
  return found;
}
