/**
 * Per-class retention against DynamoDB Local, on an injected clock: the
 * protected section leaves on its date and nothing else does; the worker is
 * idempotent, safe to run twice at once, and all-or-nothing when a removal
 * fails; every reader copes (410, cancelled referrals, transparency); a
 * supervisor can bring a removal forward but never push it back.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditItem } from '../../functions/adapters/dynamodb/audit-store';
import { DynamoReportLedger } from '../../functions/adapters/dynamodb/report-ledger';
import { DynamoRetentionStore } from '../../functions/adapters/dynamodb/retention-store';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { sealedBodyOf } from '../../functions/adapters/dynamodb/sealed-body-attribute';
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { retentionRuntime } from '../../functions/wiring/retention-runtime';
import { AuditTrail } from '../../functions/domain/audit/audit-trail';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb/audit-store';
import { sweepRetention } from '../../functions/domain/retention/sweep';
import { transparencyFigures } from '../../functions/domain/transparency/figures';
import type { ReportSubmissionInput } from '../../schemas/report';
import { acceptReportAt, setUpFirewallForce } from '../support/firewall-fixture';
import { fullSubmission, lambdaContext } from '../support/reports';
import { auditItemsOf, call, staffEvent } from '../support/staff';
import { acceptSeveral, DAY, MINUTE, retentionWorld, useRetentionForce } from '../support/retention-fixture';

const world = retentionWorld();
const { clock, h, sweep, racingSweeps, reportItem } = world;

const supervisor = () => world.claims('supervisor', 'supervisor-r');
const callHandler = () => world.claims('call-handler', 'handler-r');

/** Accepts a report at `at` with the demoshire retention: protected section 60 days, the report 730. */
const acceptAt = (at: number, submission: ReportSubmissionInput = fullSubmission('CANARYRET')) =>
  acceptReportAt(world.fixture, at, submission, { 'protected-immigration': 60 });

async function scheduleEntry(reportId: string) {
  const key = keys.retentionEntry(reportId, 'protected-immigration');
  return (await world.fixture.force.dynamo.document.send(new GetCommand({ TableName: world.fixture.force.tableName, Key: key, ConsistentRead: true }))).Item!;
}
const erasures = async (reportId: string) => (await auditItemsOf(world.fixture.force, reportId)).filter((item) => item.action === 'erasure');

async function readProtected(reportId: string) {
  return call(h['report-protected']!, staffEvent('POST', `/reports/${reportId}/protected`, { claims: supervisor(), body: { reasonCode: 'safeguarding-assessment', reason: 'Safeguarding review of the case' } }));
}

useRetentionForce({ setUp: async () => (world.fixture = await setUpFirewallForce()), handlers: ['report-read', 'report-protected', 'report-outcome', 'report-retention'], h, now: clock });

describe('the retention worker', () => {
  it('keeps the protected section until t0 + 60 days and removes it a minute after the worker runs past it; the body survives', async () => {
    const t0 = Date.parse('2026-03-02T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    const original = await reportItem(reportId);
    expect(original.retention['protected-immigration']).toEqual({ dueAt: new Date(t0 + 60 * DAY).toISOString() });
    expect(original.ttl).toBe(Math.floor(t0 / 1000) + 730 * 86_400);

    world.clockMs = t0 + 60 * DAY - MINUTE;
    await sweep();
    expect((await reportItem(reportId)).protected).toBeDefined();
    const before = await readProtected(reportId);
    expect(before.status).toBe(200);
    expect(before.text).toContain('CANARYRET-nationality');

    world.clockMs = t0 + 60 * DAY + MINUTE;
    const result = await sweep();
    expect(result.removed).toBeGreaterThanOrEqual(1);
    const after = await reportItem(reportId);
    expect(after.protected).toBeUndefined();
    expect(after.retention['protected-immigration']).toEqual({ dueAt: new Date(t0 + 60 * DAY).toISOString(), removedAt: new Date(world.clockMs).toISOString() });
    // The body and the rest of the report are untouched.
    expect(after.body).toEqual(original.body);
    expect(after.ttl).toBe(original.ttl);
    const runtime = await firewallRuntime();
    await expect(runtime.force.cipher.openBody(sealedBodyOf(after.body), { forceId: world.fixture.force.forceId, reportId })).resolves.toMatchObject({
      incident: { account: expect.stringContaining('CANARYRET-account') },
    });
    // Off the due index, marked with when.
    const entry = await scheduleEntry(reportId);
    expect(entry.GSI1PK).toBeUndefined();
    expect(entry.removedAt).toBe(new Date(world.clockMs).toISOString());
  });

  it('leaves no copy of the removed ciphertext anywhere in the table, nor any plaintext of it', async () => {
    const t0 = Date.parse('2026-03-03T09:00:00.000Z');
    const reportId = await acceptAt(t0, fullSubmission('CANARYCOPY'));
    const sealed = Buffer.from((await reportItem(reportId)).protected as Uint8Array);
    world.clockMs = t0 + 61 * DAY;
    await sweep();
    const all = await world.scanAll();
    const sample = sealed.subarray(sealed.length - 64);
    for (const item of all) {
      for (const value of Object.values(item)) {
        if (value instanceof Uint8Array) expect(Buffer.from(value).includes(sample)).toBe(false);
      }
      const text = JSON.stringify(item);
      expect(text).not.toContain('CANARYCOPY-nationality');
      expect(text).not.toContain('CANARYCOPY-immigration-notes');
    }
  });

  it('audits each removal with class, report, scheduled and removed dates, and no content', async () => {
    const t0 = Date.parse('2026-03-04T09:00:00.000Z');
    const reportId = await acceptAt(t0, fullSubmission('CANARYAUDIT'));
    world.clockMs = t0 + 60 * DAY + 5 * MINUTE;
    await sweep();
    const records = await erasures(reportId);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      action: 'erasure',
      operation: 'retention-removal',
      actor: 'retention-worker',
      role: 'service',
      reportId,
      dataClasses: ['protected-immigration'],
      at: new Date(world.clockMs).toISOString(),
      detail: { dataClass: 'protected-immigration', scheduledFor: new Date(t0 + 60 * DAY).toISOString(), removedAt: new Date(world.clockMs).toISOString() },
    });
    expect(JSON.stringify(record)).not.toMatch(/CANARYAUDIT/);
  });

  it('is idempotent and safe to run twice at once: each class is removed and audited exactly once', async () => {
    const t0 = Date.parse('2026-03-05T09:00:00.000Z');
    const ids = await acceptSeveral(6, t0, (at) => acceptAt(at));
    world.clockMs = t0 + 61 * DAY;
    expect((await racingSweeps()).failed).toBe(0);
    for (const id of ids) {
      expect((await reportItem(id)).protected).toBeUndefined();
      expect(await erasures(id)).toHaveLength(1);
    }
    const again = await sweep();
    expect(again).toMatchObject({ removed: 0, failed: 0 });
    for (const id of ids) expect(await erasures(id)).toHaveLength(1);
  });

  it('leaves the item consistent when a removal fails half-way, and removes it on the next run', async () => {
    const t0 = Date.parse('2026-03-06T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    world.clockMs = t0 + 61 * DAY;
    // The erasure record's slot is taken, so the last write of the transaction fails after the first two were staged.
    const { document } = world.fixture.force.dynamo;
    const trail = new AuditTrail(new DynamoAuditLog(document, world.fixture.force.tableName), { forceId: world.fixture.force.forceId, retentionDays: 1, now: clock, newId: () => 'fixed-id' });
    const blocking = trail.prepare({ action: 'consultation', operation: 'blocker', actor: 'test', role: 'test', purpose: 'safeguarding', dataClasses: ['routing'], reportId }, { at: clock() });
    await document.send(new PutCommand({ TableName: world.fixture.force.tableName, Item: auditItem(blocking) }));
    const failing = await sweepRetention(
      { forceId: world.fixture.force.forceId, store: new DynamoRetentionStore(document, world.fixture.force.tableName), audit: trail, now: clock },
      { remainingMs: () => 60_000 },
    );
    expect(failing.failed).toBeGreaterThanOrEqual(1);
    const item = await reportItem(reportId);
    expect(item.protected).toBeDefined();
    expect(item.retention['protected-immigration']).toEqual({ dueAt: new Date(t0 + 60 * DAY).toISOString() });
    expect((await scheduleEntry(reportId)).GSI1PK).toBeDefined();
    expect(await erasures(reportId)).toHaveLength(0);

    await sweep();
    expect((await reportItem(reportId)).protected).toBeUndefined();
    expect(await erasures(reportId)).toHaveLength(1);
  });

  it('stops when the time left is short and resumes on the next run', async () => {
    const t0 = Date.parse('2026-03-07T09:00:00.000Z');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await acceptAt(t0 + i * 1000));
    world.clockMs = t0 + 61 * DAY;
    let budget = 1;
    const stopped = await sweep({ remainingMs: () => (budget-- > 0 ? 60_000 : 0) });
    expect(stopped.stoppedEarly).toBe(true);
    const held = await Promise.all(ids.map(async (id) => (await reportItem(id)).protected !== undefined));
    expect(held.some(Boolean)).toBe(true);
    await sweep();
    for (const id of ids) expect((await reportItem(id)).protected).toBeUndefined();
  });

  it('runs as the scheduled Lambda handler on the real clock', async () => {
    const reportId = await acceptAt(Date.now() - 61 * DAY);
    const { handler } = await import('../../functions/retention-worker/handler');
    const result = (await handler({}, lambdaContext('retention-worker', 60_000))) as { removed: number };
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect((await reportItem(reportId)).protected).toBeUndefined();
  });

  it('runs locally as a poller inside the force API process (npm start), on an interval', async () => {
    const reportId = await acceptAt(Date.now() - 61 * DAY);
    const { startRetentionPoller } = await import('../../scripts/local/retention-poller');
    const stop = startRetentionPoller(100);
    try {
      await expect.poll(async () => (await reportItem(reportId)).protected, { timeout: 20_000, interval: 100 }).toBeUndefined();
    } finally {
      stop();
    }
    expect(await erasures(reportId)).toHaveLength(1);
  });

  it('reads only the due index: a bounded query of one partition, never a Scan', async () => {
    const t0 = Date.parse('2026-03-08T09:00:00.000Z');
    await acceptAt(t0);
    const due = await new DynamoRetentionStore(world.fixture.force.dynamo.document, world.fixture.force.tableName).due(world.fixture.force.forceId, new Date(t0 + 61 * DAY), { limit: 1 });
    expect(due.items.length).toBeLessThanOrEqual(1);
    const indexed = await world.fixture.force.dynamo.document.send(
      new QueryCommand({ TableName: world.fixture.force.tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': keys.retentionDuePartition(world.fixture.force.forceId) } }),
    );
    // Only small schedule entries are on the index: never a report item, so never a ciphertext.
    for (const item of indexed.Items ?? []) {
      expect(item.type).toBe('retention');
      expect(item.protected).toBeUndefined();
      expect(item.body).toBeUndefined();
    }
  });
});

describe('readers of a report whose protected section was removed', () => {
  let reportId: string;
  const t0 = Date.parse('2026-04-01T09:00:00.000Z');
  beforeAll(async () => {
    reportId = await acceptAt(t0, fullSubmission('CANARYREAD'));
    world.clockMs = t0 + 60 * DAY + MINUTE;
    await sweep();
  });

  it('the call-handler read shows the class was removed, and when', async () => {
    world.clockMs = t0 + 70 * DAY;
    const read = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: supervisor() }));
    expect(read.status).toBe(200);
    expect(read.body.report.retention).toContainEqual({ section: 'protected', dueAt: new Date(t0 + 60 * DAY).toISOString(), removedAt: new Date(t0 + 60 * DAY + MINUTE).toISOString() });
    expect(read.body.report.retention.filter((entry: { removedAt: string | null }) => entry.removedAt !== null)).toHaveLength(1);
    expect(read.body.report.body.incident.account).toContain('CANARYREAD-account');
    // A report read never spells out the class name: the section is named by the part of the report.
    expect(read.text).not.toContain('immigration');
  });

  it('the protected-section route answers 410 Gone with a problem document naming the class and date, audited', async () => {
    world.clockMs = t0 + 70 * DAY;
    const gone = await readProtected(reportId);
    expect(gone.status).toBe(410);
    expect(gone.headers['Content-Type']).toBe('application/problem+json');
    expect(gone.body).toMatchObject({
      type: 'https://safe-pathway.invalid/problems/class-removed',
      status: 410,
      errors: [{ path: 'protected', message: expect.stringContaining(new Date(t0 + 60 * DAY + MINUTE).toISOString()) }],
    });
    expect(gone.body.detail).toContain('2026-05-31');
    expect(gone.text).not.toContain('CANARYREAD');
    expect(gone.text).not.toContain('immigration');
    const refusals = (await auditItemsOf(world.fixture.force, reportId)).filter((item) => item.action === 'refusal' && item.operation === 'read-protected');
    expect(refusals.map((item) => item.reason)).toEqual(['class-removed']);
  });

  it('a call handler without the report is refused before learning anything about its retention', async () => {
    const refused = await call(h['report-protected']!, staffEvent('POST', `/reports/${reportId}/protected`, { claims: callHandler(), body: { reasonCode: 'safeguarding-assessment', reason: 'Safeguarding review of the case' } }));
    expect(refused.status).toBe(403);
  });
});

describe('referrals of a report whose protected section was removed', () => {
  it('cancels those not yet delivered that would carry it, and still delivers the others', async () => {
    const submission = fullSubmission('CANARYREF');
    submission.consent = { idva: true, victimCareUnit: true, shareImmigrationWithSupport: true };
    const t0 = Date.now() - 61 * DAY;
    const reportId = await acceptAt(t0, submission);
    world.clockMs = Date.now();
    await sweep();
    const runtime = await firewallRuntime();
    for (const referral of await runtime.outbox.ofReport(reportId)) await runtime.dispatcher.deliver({ reportId, referralId: referral.referralId });
    const after = await runtime.outbox.ofReport(reportId);
    const targets = await Promise.all(after.map(async (referral) => [(await runtime.targets.open(referral.sealedTarget!, { forceId: world.fixture.force.forceId, reportId })).recipientType, referral.state, referral.lastFailure]));
    expect(targets.sort()).toEqual([
      ['idva', 'cancelled', 'class-removed'],
      ['victim-care-unit', 'delivered', undefined],
    ]);
    expect(JSON.stringify(world.fixture.receiver.processed)).not.toContain('CANARYREF-nationality');
  });
});

describe('a supervisor bringing a removal forward', () => {
  const path = (id: string) => `/reports/${id}/retention`;
  const bring = (id: string, body: Record<string, unknown>, claims = supervisor()) => call(h['report-retention']!, staffEvent('POST', path(id), { claims, body }));

  it('is refused while the report is open, and for a call handler', async () => {
    const t0 = Date.parse('2026-05-01T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    world.clockMs = t0 + DAY;
    const open = await bring(reportId, { dataClass: 'protected-immigration', reason: 'report-closed-early' });
    expect([open.status, open.body.type]).toEqual([409, 'https://safe-pathway.invalid/problems/report-open']);
    const handler = await bring(reportId, { dataClass: 'protected-immigration', reason: 'report-closed-early' }, callHandler());
    expect(handler.status).toBe(403);
    const invalid = await bring(reportId, { dataClass: 'routing', reason: 'because I said so' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['dataClass', 'reason']);
    expect(invalid.text).not.toContain('because I said so');
  });

  it('moves it earlier on a closed report, audited, never later than the config; the worker then removes it', async () => {
    const t0 = Date.parse('2026-05-02T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    world.clockMs = t0 + 2 * DAY;
    const closed = await call(h['report-outcome']!, staffEvent('POST', `/reports/${reportId}/outcome`, { claims: supervisor(), body: { outcome: 'duplicate-report' } }));
    expect(closed.status).toBe(200);

    const later = await bring(reportId, { dataClass: 'protected-immigration', reason: 'report-closed-early', removeAt: new Date(t0 + 90 * DAY).toISOString() });
    expect([later.status, later.body.type]).toEqual([409, 'https://safe-pathway.invalid/problems/not-earlier']);
    expect((await reportItem(reportId)).retention['protected-immigration'].dueAt).toBe(new Date(t0 + 60 * DAY).toISOString());

    const moved = await bring(reportId, { dataClass: 'protected-immigration', reason: 'report-closed-early', removeAt: new Date(t0 + 10 * DAY).toISOString() });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ reportId, dataClass: 'protected-immigration', dueAt: new Date(t0 + 10 * DAY).toISOString() });
    // A second move must be earlier still.
    const back = await bring(reportId, { dataClass: 'protected-immigration', reason: 'report-closed-early', removeAt: new Date(t0 + 20 * DAY).toISOString() });
    expect(back.status).toBe(409);
    world.clockMs += 1000;
    const now = await bring(reportId, { dataClass: 'protected-immigration', reason: 'victim-request' });
    expect(now.body.dueAt).toBe(new Date(world.clockMs).toISOString());

    const changes = (await auditItemsOf(world.fixture.force, reportId)).filter((item) => item.operation === 'retention-bring-forward');
    expect(changes.map((item) => [item.action, item.actor, item.detail.reason, item.detail.dueAt])).toEqual([
      ['alteration', 'supervisor-r', 'report-closed-early', new Date(t0 + 10 * DAY).toISOString()],
      ['alteration', 'supervisor-r', 'victim-request', new Date(t0 + 2 * DAY + 1000).toISOString()],
    ]);

    world.clockMs += MINUTE;
    await sweep();
    expect((await reportItem(reportId)).protected).toBeUndefined();
    const gone = await bring(reportId, { dataClass: 'protected-immigration', reason: 'victim-request' });
    expect([gone.status, gone.body.type]).toEqual([410, 'https://safe-pathway.invalid/problems/class-removed']);
  });
});

describe('transparency figures', () => {
  it('count reports shredded on time, shredded late, and overdue', async () => {
    const t0 = Date.parse('2025-06-10T09:00:00.000Z');
    const onTime = await acceptAt(t0);
    world.clockMs = t0 + 60 * DAY + MINUTE;
    await sweep();
    const late = await acceptAt(t0 + 1000);
    const overdue = await acceptAt(t0 + 2000);
    // Only `late` is swept, two days after its date; `overdue` is left.
    const store = new DynamoRetentionStore(world.fixture.force.dynamo.document, world.fixture.force.tableName);
    const { removeOne } = await import('../../functions/domain/retention/sweep');
    const deps = retentionRuntime(process.env, { now: clock });
    expect(await removeOne({ store, audit: deps.audit }, { reportId: late, dataClass: 'protected-immigration', dueAt: new Date(t0 + 1000 + 60 * DAY).toISOString() }, new Date(t0 + 62 * DAY))).toBe('removed');
    const runtime = await firewallRuntime();
    const figures = await transparencyFigures(
      {
        ledger: new DynamoReportLedger(world.fixture.force.dynamo.document, world.fixture.force.tableName),
        reports: runtime.outbox,
        cipher: runtime.force.cipher,
        disclosures: runtime.disclosures,
        now: () => new Date(t0 + 70 * DAY),
      },
      { forceId: world.fixture.force.forceId, from: '2025-06-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z' },
    );
    expect(figures.totals).toMatchObject({ reports: 3, protectedShreddedOnTime: 1, protectedShreddedLate: 1, protectedOverdue: 1 });
    // Class by class too: the protected section as above; the body's classes (730 days here) not yet due.
    expect(figures.totals.removalsByClass['protected-immigration']).toEqual({ onTime: 1, late: 1, overdue: 1 });
    expect(figures.totals.removalsByClass.contact).toEqual({ onTime: 0, late: 0, overdue: 0 });
    // Reports with protected data are counted only where the section is still held.
    expect(figures.totals.reportsWithProtectedData).toBe(1);
    expect([onTime, late, overdue]).toHaveLength(3);
  });
});
