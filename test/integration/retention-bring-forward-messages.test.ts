/**
 * A supervisor bringing the message classes forward, against DynamoDB Local
 * on an injected clock: on a closed report, `staff-message` moves every
 * staff message's removal entry, `account` moves the body part and every
 * victim reply's entry, each never later than the date it has, audited as an
 * alteration; the retention worker then removes them on the new dates.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { bringMessagesForward } from '../../functions/adapters/dynamodb/message-bring-forward';
import { forceRuntime } from '../../functions/wiring/runtime';
import { bodyRetentionDays, FORCES_DIR, loadForceConfig } from '../../infra/force-config';
import { acceptReportAt, setUpFirewallForce } from '../support/firewall-fixture';
import { fullSubmission, httpEvent } from '../support/reports';
import { auditItemsOf, call, staffEvent } from '../support/staff';
import { DAY, MINUTE, retentionWorld, useRetentionForce } from '../support/retention-fixture';

const demoshire = loadForceConfig(join(FORCES_DIR, 'demoshire.json'));

const world = retentionWorld();
const { clock, h, sweep } = world;
const supervisor = () => world.claims('supervisor', 'supervisor-msg');
const bring = (reportId: string, body: Record<string, unknown>) => call(h['report-retention']!, staffEvent('POST', `/reports/${reportId}/retention`, { claims: supervisor(), body }));

/** The report's message removal entries still held: class and due date. */
async function messageEntries(reportId: string): Promise<{ dataClass: string; dueAt: string; onIndex: boolean }[]> {
  const page = await world.fixture.force.dynamo.document.send(
    new QueryCommand({
      TableName: world.fixture.force.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.report(reportId).PK, ':prefix': 'RETENTION#MESSAGE#' },
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((item) => ({ dataClass: item.dataClass as string, dueAt: item.dueAt as string, onIndex: String(item.GSI1SK ?? '').startsWith(`${item.dueAt as string}#`) }));
}

useRetentionForce({ setUp: async () => (world.fixture = await setUpFirewallForce({
    env: { RETENTION_DAYS_ACCOUNT: String(demoshire.retentionDays.account), RETENTION_DAYS_STAFF_MESSAGE: String(demoshire.retentionDays['staff-message']) },
  })), handlers: ['message-post', 'thread-reply', 'report-outcome', 'report-retention'], h, now: clock });

describe('a supervisor bringing the message classes forward on a closed report', () => {
  it('moves every staff message and every victim reply of the class, audited, never later; the worker removes them on the new dates', { timeout: 120_000 }, async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    world.clockMs = t0;
    const reportId = await acceptReportAt(world.fixture, t0, fullSubmission('CANARYMSG'), { ...bodyRetentionDays(demoshire), 'protected-immigration': 60 });
    const receipt = (await forceRuntime()).receipts.issue(reportId);
    for (const text of ['first note', 'second note']) {
      expect((await call(h['message-post']!, staffEvent('POST', `/reports/${reportId}/messages`, { claims: supervisor(), body: { text } }))).status).toBe(201);
    }
    expect((await call(h['thread-reply']!, httpEvent('POST', '/reports/thread/replies', { body: JSON.stringify({ receipt, text: 'Evenings only' }), sourceIp: '203.0.113.78' }))).status).toBe(201);
    const before = await messageEntries(reportId);
    expect(before.map((entry) => entry.dataClass).sort()).toEqual(['account', 'staff-message', 'staff-message']);

    // Refused while open.
    world.clockMs = t0 + DAY;
    expect((await bring(reportId, { dataClass: 'staff-message', reason: 'report-closed-early' })).status).toBe(409);
    expect((await call(h['report-outcome']!, staffEvent('POST', `/reports/${reportId}/outcome`, { claims: supervisor(), body: { outcome: 'duplicate-report' } }))).status).toBe(200);

    // Never later than the date they have.
    const later = await bring(reportId, { dataClass: 'staff-message', reason: 'report-closed-early', removeAt: new Date(t0 + 400 * DAY).toISOString() });
    expect([later.status, later.body.type]).toEqual([409, 'https://safe-pathway.invalid/problems/not-earlier']);
    expect(await messageEntries(reportId)).toEqual(before);

    const staffDue = new Date(t0 + 10 * DAY).toISOString();
    const staff = await bring(reportId, { dataClass: 'staff-message', reason: 'report-closed-early', removeAt: staffDue });
    expect([staff.status, staff.body]).toEqual([200, { reportId, dataClass: 'staff-message', dueAt: staffDue }]);
    const accountDue = new Date(t0 + 5 * DAY).toISOString();
    const account = await bring(reportId, { dataClass: 'account', reason: 'victim-request', removeAt: accountDue });
    expect([account.status, account.body]).toEqual([200, { reportId, dataClass: 'account', dueAt: accountDue }]);
    const moved = await messageEntries(reportId);
    expect(moved.filter((entry) => entry.dataClass === 'staff-message').map((entry) => entry.dueAt)).toEqual([staffDue, staffDue]);
    expect(moved.filter((entry) => entry.dataClass === 'account').map((entry) => entry.dueAt)).toEqual([accountDue]);
    expect(moved.every((entry) => entry.onIndex)).toBe(true);
    // A second request for a later date moves nothing back.
    expect((await bring(reportId, { dataClass: 'staff-message', reason: 'report-closed-early', removeAt: new Date(t0 + 20 * DAY).toISOString() })).status).toBe(409);
    expect(await messageEntries(reportId)).toEqual(moved);

    const changes = (await auditItemsOf(world.fixture.force, reportId)).filter((record) => record.operation === 'retention-bring-forward');
    // Records of one instant: compared in any order.
    const rows = changes.map((record) => [record.action, record.actor, record.detail.dataClass, record.detail.item, record.detail.moved, record.detail.dueAt]);
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(expect.arrayContaining([
      ['alteration', 'supervisor-msg', 'staff-message', 'message', '2', staffDue],
      ['alteration', 'supervisor-msg', 'account', undefined, undefined, accountDue],
      ['alteration', 'supervisor-msg', 'account', 'message', '1', accountDue],
    ]));

    // The worker removes each on its new date: the reply (and the account part) first, the staff messages after.
    world.clockMs = Date.parse(accountDue) + MINUTE;
    expect(await sweep()).toMatchObject({ failed: 0 });
    expect((await messageEntries(reportId)).map((entry) => entry.dataClass)).toEqual(['staff-message', 'staff-message']);
    world.clockMs = Date.parse(staffDue) + MINUTE;
    expect(await sweep()).toMatchObject({ failed: 0 });
    expect(await messageEntries(reportId)).toEqual([]);
    const erasures = (await auditItemsOf(world.fixture.force, reportId)).filter((record) => record.action === 'erasure' && record.detail.item === 'message');
    expect(erasures.map((record) => record.detail.dataClass).sort()).toEqual(['account', 'staff-message', 'staff-message']);

    // Nothing left to bring forward.
    const none = await bring(reportId, { dataClass: 'staff-message', reason: 'report-closed-early' });
    expect([none.status, none.body.type]).toEqual([409, 'https://safe-pathway.invalid/problems/not-scheduled']);
  });

  it('moves at most its bound per request and says so; a repeated request moves the rest, never one twice', { timeout: 60_000 }, async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    world.clockMs = t0;
    const reportId = await acceptReportAt(world.fixture, t0, fullSubmission('CANARYMSG2'), { ...bodyRetentionDays(demoshire), 'protected-immigration': 60 });
    for (const text of ['one', 'two', 'three']) {
      expect((await call(h['message-post']!, staffEvent('POST', `/reports/${reportId}/messages`, { claims: supervisor(), body: { text } }))).status).toBe(201);
    }
    const report = { forceId: world.fixture.force.forceId, reportId };
    const due = new Date(t0 + 3 * DAY);
    const tight = { pageSize: 1, maxPages: 10, maxMoves: 2 };
    const move = () => bringMessagesForward(world.fixture.force.dynamo.document, world.fixture.force.tableName, report, 'staff-message', due, tight);
    expect(await move()).toEqual({ moved: 2, pending: 3, finished: false });
    expect((await messageEntries(reportId)).filter((entry) => entry.dueAt === due.toISOString())).toHaveLength(2);
    expect(await move()).toEqual({ moved: 1, pending: 3, finished: true });
    expect(await move()).toEqual({ moved: 0, pending: 3, finished: true });
    expect((await messageEntries(reportId)).map((entry) => entry.dueAt)).toEqual([due.toISOString(), due.toISOString(), due.toISOString()]);
    // Past the page bound too, the request says it has not finished.
    expect(await bringMessagesForward(world.fixture.force.dynamo.document, world.fixture.force.tableName, report, 'staff-message', new Date(t0 + DAY), { pageSize: 1, maxPages: 1, maxMoves: 10 })).toMatchObject({ moved: 1, finished: false });
  });
});
