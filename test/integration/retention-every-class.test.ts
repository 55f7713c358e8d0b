/**
 * Every data class the retention worker removes, each on demoshire's date,
 * against DynamoDB Local on an injected clock. One report with everything
 * filled (protected section, contact plan, referrals, a pause, messages both
 * ways) is accepted at t0; for each class, a minute before t0 + its days it
 * can still be read, and a minute after the worker runs past that date no
 * item of the table holds any of its ciphertext (a scan of every attribute),
 * while every longer-lived class can still be read. Routing (the report
 * item's plaintext, with its queue entry, receipt look-up, ledger line,
 * schedule entries and referrals) leaves at the report's end: a minute after
 * the worker runs past it, a scan of the whole table finds nothing of the
 * report but its audit records (see docs/data-model.md).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sealedBodyOf } from '../../functions/adapters/dynamodb/sealed-body-attribute';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { DynamoRetentionStore } from '../../functions/adapters/dynamodb/retention-store';
import { sweepRetention } from '../../functions/domain/retention/sweep';
import { transparencyFigures } from '../../functions/domain/transparency/figures';
import { DynamoReportLedger } from '../../functions/adapters/dynamodb/report-ledger';
import { REMOVABLE_CLASSES } from '../../schemas/retention';
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { retentionRuntime } from '../../functions/wiring/retention-runtime';
import { forceRuntime } from '../../functions/wiring/runtime';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { bodyRetentionDays, FORCES_DIR, loadForceConfig } from '../../infra/force-config';
import { classifiedFields, DATA_CLASSES, type DataClass } from '../../schemas/data-class';
import { ReportSubmissionSchema } from '../../schemas/report';
import { acceptReportAt, setUpFirewallForce } from '../support/firewall-fixture';
import { fullSubmission, httpEvent } from '../support/reports';
import { auditItemsOf, call, loadHandler, staffEvent } from '../support/staff';
import { binaries, DAY, MINUTE, retentionWorld } from '../support/retention-fixture';

const CANARY = 'CANARYEVERY';
const demoshire = loadForceConfig(join(FORCES_DIR, 'demoshire.json'));
/** Every class of the config but routing, which is the report item's own plaintext (it leaves with the item). */
const REMOVED_BY_WORKER = DATA_CLASSES.filter((dataClass) => dataClass !== 'routing');
const BODY_FIELDS = classifiedFields(ReportSubmissionSchema).filter((field) => field.dataClass && field.dataClass !== 'protected-immigration');

const world = retentionWorld();
const { clock, h, sweep, reportItem, scanAll } = world;
const supervisor = () => world.claims('supervisor', 'supervisor-every');
const table = () => ({ document: world.fixture.force.dynamo.document, TableName: world.fixture.force.tableName });

/** Every item that names the report, but its audit records (and disclosure month entries, audit too): they outlive it. */
function itemsOfReport(items: Record<string, unknown>[], reportId: string): string[] {
  return items
    .filter((item) => item.type !== 'audit' && !String(item.PK).startsWith('AUDIT-DISCLOSURES#'))
    .filter((item) => item.PK === keys.report(reportId).PK || item.reportId === reportId || String(item.SK).includes(reportId))
    .map((item) => `${String(item.PK)}|${String(item.SK)}|${String(item.type)}`);
}

const sample = (sealed: Uint8Array) => Buffer.from(sealed).subarray(-64);

function valueAt(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined), source);
}

describe('a report with every class filled, accepted at t0 with demoshire’s retention', () => {
  let reportId = '';
  /** Per class: samples of every ciphertext that holds it, taken at t0. */
  const evidence = new Map<DataClass, Buffer[]>();

  beforeAll(async () => {
    // The message routes take their classes' days from the force config, as the stack passes them.
    world.fixture = await setUpFirewallForce({
      env: { RETENTION_DAYS_ACCOUNT: String(demoshire.retentionDays.account), RETENTION_DAYS_STAFF_MESSAGE: String(demoshire.retentionDays['staff-message']) },
    });
    for (const name of ['message-post', 'message-list', 'thread-reply', 'report-pause', 'receipt-rotation', 'report-read']) h[name] = await loadHandler(name);
  });
  afterAll(async () => world.fixture.receiver.close());
  beforeEach(() => resetStaffRuntime({ now: clock }));

  /** Whether `dataClass` can still be read: its fields open from the body, the section opens, the thread shows the message. */
  async function readable(dataClass: DataClass): Promise<boolean> {
    const item = await reportItem(reportId);
    if (!item) return false;
    const runtime = await firewallRuntime();
    const context = { forceId: world.fixture.force.forceId, reportId };
    if (dataClass === 'protected-immigration') {
      if (!item.protected) return false;
      return JSON.stringify(await runtime.force.cipher.openProtected(item.protected as Uint8Array, context)).includes(`${CANARY}-nationality`);
    }
    if (dataClass === 'staff-message' || (dataClass === 'account' && !(await bodyHolds('account')))) {
      return (await threadTexts()).some((text) => text.includes(`${CANARY}-${dataClass}-message`));
    }
    return (await bodyHolds(dataClass)) && (dataClass !== 'account' || (await threadTexts()).some((text) => text.includes(`${CANARY}-account-message`)));
  }

  async function bodyHolds(dataClass: DataClass): Promise<boolean> {
    const item = await reportItem(reportId);
    const body = await (await firewallRuntime()).force.cipher.openBody(sealedBodyOf(item.body), { forceId: world.fixture.force.forceId, reportId });
    return BODY_FIELDS.some((field) => field.dataClass === dataClass && valueAt(body, field.path) !== undefined);
  }

  async function threadTexts(): Promise<string[]> {
    const read = await call(h['message-list']!, staffEvent('GET', `/reports/${reportId}/messages`, { claims: supervisor() }));
    expect(read.status).toBe(200);
    return (read.body.messages as { text: string }[]).map((message) => message.text);
  }

  /** What of `dataClass` is still in the table: its ciphertexts anywhere, and message items or entries of the class. */
  function leftOf(dataClass: DataClass, items: Record<string, unknown>[]): string[] {
    const found: string[] = [];
    for (const item of items) {
      const where = `${String(item.PK)}|${String(item.SK)}`;
      for (const held of binaries(item)) {
        if ((evidence.get(dataClass) ?? []).some((part) => Buffer.from(held).includes(part))) found.push(`${where}: ciphertext`);
      }
      if ((item.type === 'message' || item.type === 'message-retention') && item.PK === keys.report(reportId).PK && item.dataClass === dataClass) {
        found.push(`${where}: ${String(item.type)}`);
      }
    }
    return found;
  }

  it('has each class readable until its date and nothing of it in any item a minute after the worker runs past it; longer-lived classes survive', { timeout: 120_000 }, async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    world.clockMs = t0;
    reportId = await acceptReportAt(world.fixture, t0, fullSubmission(CANARY), { ...bodyRetentionDays(demoshire), 'protected-immigration': demoshire.retentionDays['protected-immigration'] });
    const receipt = (await forceRuntime()).receipts.issue(reportId);
    // Messages both ways and a pause (the victim's routes run on the real clock: a second or two after t0).
    const posted = await call(h['message-post']!, staffEvent('POST', `/reports/${reportId}/messages`, { claims: supervisor(), body: { text: `We read it ${CANARY}-staff-message-message` } }));
    expect(posted.status).toBe(201);
    const victim = (route: string, path: string, body: Record<string, unknown>) => call(h[route]!, httpEvent('POST', path, { body: JSON.stringify(body), sourceIp: '203.0.113.77' }));
    expect((await victim('thread-reply', '/reports/thread/replies', { receipt, text: `Evenings ${CANARY}-account-message` })).status).toBe(201);
    expect((await victim('report-pause', '/reports/pause', { receipt, action: 'pause', until: new Date(Date.now() + 3 * DAY).toISOString() })).status).toBe(200);
    // The victim replaces the receipt: the current look-up is the new one, and it too must leave at the end.
    const rotated = await victim('receipt-rotation', '/reports/receipt', { receipt });
    expect(rotated.status).toBe(201);

    // The evidence: every ciphertext that holds each class, as stored at t0.
    const item = await reportItem(reportId);
    const body = item.body as Record<string, Uint8Array>;
    for (const [part, sealed] of Object.entries(body)) for (const dataClass of part.split('+') as DataClass[]) evidence.set(dataClass, [...(evidence.get(dataClass) ?? []), sample(sealed)]);
    evidence.set('protected-immigration', [sample(item.protected as Uint8Array)]);
    const all = await scanAll();
    const queueEntry = all.find((candidate) => candidate.type === 'queue-entry' && candidate.reportId === reportId)!;
    evidence.get('support')!.push(sample(queueEntry.needs as Uint8Array));
    const messages = all.filter((candidate) => candidate.type === 'message' && candidate.PK === keys.report(reportId).PK);
    expect(messages.map((message) => message.dataClass).sort()).toEqual(['account', 'staff-message']);
    for (const message of messages) evidence.set(message.dataClass as DataClass, [...(evidence.get(message.dataClass as DataClass) ?? []), sample(message.text as Uint8Array)]);
    expect([...evidence.keys()].sort()).toEqual([...REMOVED_BY_WORKER].sort());
    for (const dataClass of REMOVED_BY_WORKER) expect(leftOf(dataClass, all), dataClass).not.toEqual([]);
    // Nothing of the report is in plaintext anywhere in the table.
    expect(JSON.stringify(all)).not.toContain(CANARY);

    // The report's end (routing) is the last date; the classes kept as long leave just before it, in the same run.
    const reportDays = demoshire.retentionDays.routing;
    const dates = [...new Set(REMOVED_BY_WORKER.map((dataClass) => demoshire.retentionDays[dataClass]))].sort((a, b) => a - b).filter((days) => days < reportDays);
    expect(Math.max(...DATA_CLASSES.map((dataClass) => demoshire.retentionDays[dataClass]))).toBe(reportDays);
    for (const days of dates) {
      const leaving = REMOVED_BY_WORKER.filter((dataClass) => demoshire.retentionDays[dataClass] === days);
      const staying = REMOVED_BY_WORKER.filter((dataClass) => demoshire.retentionDays[dataClass] > days);
      world.clockMs = t0 + days * DAY - MINUTE;
      await sweep();
      for (const dataClass of [...leaving, ...staying]) expect(await readable(dataClass), `${dataClass} before day ${days}`).toBe(true);

      world.clockMs = t0 + days * DAY + MINUTE;
      const result = await sweep();
      expect(result.failed).toBe(0);
      const after = await scanAll();
      for (const dataClass of leaving) {
        expect(leftOf(dataClass, after), `${dataClass} after day ${days}`).toEqual([]);
        expect(await readable(dataClass), `${dataClass} after day ${days}`).toBe(false);
      }
      for (const dataClass of staying) expect(await readable(dataClass), `${dataClass} after day ${days}`).toBe(true);
      expect(JSON.stringify(after)).not.toContain(CANARY);
    }

    // The transparency figures count each class's removal on time, class by class (while the report's ledger line lasts).
    const runtime = await firewallRuntime();
    const month = new Date(t0).toISOString().slice(0, 7);
    const figuresAt = () =>
      transparencyFigures(
        { ledger: new DynamoReportLedger(table().document, table().TableName), reports: runtime.outbox, cipher: runtime.force.cipher, disclosures: runtime.disclosures, now: clock },
        { forceId: world.fixture.force.forceId, from: `${month}-01T00:00:00.000Z`, to: new Date(t0 + DAY).toISOString() },
      );
    const figures = await figuresAt();
    expect(figures.totals.removalsByClass).toEqual(
      Object.fromEntries(REMOVABLE_CLASSES.map((dataClass) => [dataClass, { onTime: demoshire.retentionDays[dataClass] < reportDays ? 1 : 0, late: 0, overdue: 0 }])),
    );
    expect(figures.totals).toMatchObject({ reports: 1, protectedShreddedOnTime: 1 });

    // The report's end: a minute before, the report reads normally, with every class kept as long as it.
    const lasting = REMOVED_BY_WORKER.filter((dataClass) => demoshire.retentionDays[dataClass] === reportDays);
    expect(lasting.length).toBeGreaterThan(0);
    world.clockMs = t0 + reportDays * DAY - MINUTE;
    expect(await sweep()).toMatchObject({ removed: 0, failed: 0 });
    for (const dataClass of lasting) expect(await readable(dataClass), `${dataClass} before the end`).toBe(true);
    const read = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: supervisor() }));
    expect(read.status).toBe(200);
    const before = itemsOfReport(await scanAll(), reportId);
    for (const kind of ['report', 'queue-entry', 'receipt', 'retention']) expect(before.some((key) => key.endsWith(`|${kind}`)), kind).toBe(true);
    expect(before.some((key) => key.startsWith('LEDGER#'))).toBe(true);
    expect(before.some((key) => key.includes('|REFERRAL#'))).toBe(true);

    // A minute after the worker runs past it: nothing of the report in the whole table but its audit records.
    world.clockMs = t0 + reportDays * DAY + MINUTE;
    expect(await sweep()).toMatchObject({ failed: 0, partly: 0 });
    expect(itemsOfReport(await scanAll(), reportId)).toEqual([]);
    for (const dataClass of lasting) expect(leftOf(dataClass, await scanAll()), dataClass).toEqual([]);
    expect(await readable('incident')).toBe(false);

    // Each removal audited once, codes and dates only: a part per retention period, each message, the report's end.
    const erasures = (await auditItemsOf(world.fixture.force, reportId)).filter((record) => record.action === 'erasure');
    expect(erasures.map((record) => record.detail.dataClasses).sort()).toEqual([
      'account',
      'account,identity',
      'contact',
      'incident,risk,consent,suspect',
      'protected-immigration',
      'routing',
      'special,support',
      'staff-message',
    ]);
    const end = erasures.find((record) => record.detail.dataClasses === 'routing')!;
    expect(end.detail).toEqual({ dataClass: 'routing', dataClasses: 'routing', item: 'report', scheduledFor: new Date(t0 + reportDays * DAY).toISOString(), removedAt: new Date(world.clockMs).toISOString() });
    for (const record of erasures.filter((candidate) => candidate.detail.item === 'message')) {
      expect(Object.keys(record.detail).sort()).toEqual(['dataClass', 'dataClasses', 'item', 'messageId', 'removedAt', 'scheduledFor']);
      expect(Date.parse(record.detail.removedAt) - Date.parse(record.detail.scheduledFor)).toBeLessThan(2 * MINUTE);
    }
    expect(JSON.stringify(erasures)).not.toContain(CANARY);
    // And running the worker again finds nothing more to do.
    expect(await sweep()).toMatchObject({ removed: 0, failed: 0 });
  });

  it('removes each message exactly once when two workers run at once, and a run out of time leaves the rest due for the next', { timeout: 120_000 }, async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    world.clockMs = t0;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await acceptReportAt(world.fixture, t0, fullSubmission(`${CANARY}${i}`), { ...bodyRetentionDays(demoshire), 'protected-immigration': demoshire.retentionDays['protected-immigration'] });
      for (let m = 0; m < 3; m++) {
        const posted = await call(h['message-post']!, staffEvent('POST', `/reports/${id}/messages`, { claims: supervisor(), body: { text: `note ${m}` } }));
        expect(posted.status).toBe(201);
      }
      ids.push(id);
    }
    const messageErasures = async (id: string) => (await auditItemsOf(world.fixture.force, id)).filter((record) => record.action === 'erasure' && record.detail.item === 'message');
    // A run with no time left removes nothing and says it stopped early.
    world.clockMs = t0 + demoshire.retentionDays['staff-message'] * DAY + MINUTE;
    const starved = await sweepRetention(retentionRuntime(process.env, { now: clock }), { remainingMs: () => 1_000 });
    expect(starved).toMatchObject({ removed: 0, stoppedEarly: true });
    for (const id of ids) expect(await messageErasures(id)).toEqual([]);

    const [first, second] = await Promise.all([sweep(), sweep()]);
    expect(first.failed + second.failed).toBe(0);
    const left = (await scanAll()).filter((item) => ids.some((id) => item.PK === keys.report(id).PK) && (item.type === 'message' || item.type === 'message-retention'));
    expect(left).toEqual([]);
    for (const id of ids) {
      const records = await messageErasures(id);
      expect(records).toHaveLength(3);
      expect(new Set(records.map((record) => record.detail.messageId)).size).toBe(3);
    }
  });

  it('finishes a report end stopped half-way on the next run, and two workers at once remove and audit each report once', { timeout: 120_000 }, async () => {
    // The earlier tests' reports end first (a run past every date they have), so the counts below are this test's.
    world.clockMs = Date.now() + (demoshire.retentionDays.routing + 1) * DAY;
    expect(await sweep()).toMatchObject({ failed: 0, partly: 0 });
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    world.clockMs = t0;
    const days = { ...bodyRetentionDays(demoshire), 'protected-immigration': demoshire.retentionDays['protected-immigration'] };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await acceptReportAt(world.fixture, t0, fullSubmission(`${CANARY}end${i}`), days);
      for (let m = 0; m < 4; m++) {
        const posted = await call(h['message-post']!, staffEvent('POST', `/reports/${id}/messages`, { claims: supervisor(), body: { text: `note ${m}` } }));
        expect(posted.status).toBe(201);
      }
      ids.push(id);
    }
    const [first] = ids as [string, ...string[]];
    const endErasures = async (id: string) => (await auditItemsOf(world.fixture.force, id)).filter((record) => record.action === 'erasure' && record.detail.dataClasses === 'routing');
    // Every class and message leaves on its own date first (a run a day before the end takes them all).
    const reportDays = demoshire.retentionDays.routing;
    world.clockMs = t0 + (reportDays - 1) * DAY;
    await sweep();

    // A worker allowed 2 deletes per step and 2 steps a report stops half-way through each end: the reports are
    // still there (their classes kept as long as them removed first, audited), no end audited.
    world.clockMs = t0 + reportDays * DAY + MINUTE;
    const tight = new DynamoRetentionStore(table().document, table().TableName, { itemsPerStep: 2, maxSteps: 2 });
    const partial = await sweepAt(clock(), tight);
    expect(partial).toMatchObject({ partly: ids.length, failed: 0 });
    const halfway = itemsOfReport(await scanAll(), first);
    expect(halfway.some((key) => key.endsWith('|report'))).toBe(true);
    expect(halfway.some((key) => key.endsWith('|queue-entry') || key.endsWith('|receipt'))).toBe(false);
    expect(await endErasures(first)).toEqual([]);

    // A run whose time runs out inside a report's end stops there too, not only at the steps' bound: the sweep's
    // clock is read at the top of the run (1), before the batch (2), then before each step of the end (3: one step
    // taken; 4: refused). The report stays, its end is not audited, and the run says it stopped early.
    let reads = 0;
    const runsOut = await sweepRetention(
      { ...retentionRuntime(process.env, { now: clock }), store: new DynamoRetentionStore(table().document, table().TableName) },
      { remainingMs: () => (++reads <= 3 ? 60_000 : 1_000), reserveMs: 5_000, concurrency: 1 },
    );
    expect(runsOut).toMatchObject({ removed: 0, partly: 1, failed: 0, stoppedEarly: true });
    expect(itemsOfReport(await scanAll(), first).some((key) => key.endsWith('|report'))).toBe(true);
    expect(await endErasures(first)).toEqual([]);

    // Two ordinary workers at once: the half-done report is finished, every report removed and audited exactly once.
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.removed + b.removed).toBe(ids.length);
    const after = await scanAll();
    for (const id of ids) {
      expect(itemsOfReport(after, id), id).toEqual([]);
      expect(await endErasures(id), id).toHaveLength(1);
    }
    expect(await sweep()).toMatchObject({ removed: 0, failed: 0 });
  });
});

/** One sweep with its own store (e.g. one with tighter bounds), the same audit trail, at `at`. */
function sweepAt(at: Date, store: DynamoRetentionStore) {
  return sweepRetention({ ...retentionRuntime(process.env, { now: () => at }), store }, { remainingMs: () => 60_000 });
}
