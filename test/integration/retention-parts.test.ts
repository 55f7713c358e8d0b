/**
 * Every class leaves on its own date, against DynamoDB Local on an
 * injected clock, with demoshire's retention: the body is sealed in one part
 * per retention period (730: incident, risk, consent, suspect; 365: account,
 * identity; 180: special, support; 60: contact) beside the protected section
 * (60). Each part leaves on its date and nothing else does; the sweep is
 * idempotent and safe to run twice at once; readers cope with what is gone.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealedBodyOf } from '../../functions/adapters/dynamodb/sealed-body-attribute';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { bodyRetentionDays, FORCES_DIR, loadForceConfig } from '../../infra/force-config';
import type { ReportSubmissionInput } from '../../schemas/report';
import { acceptReportAt, setUpFirewallForce } from '../support/firewall-fixture';
import { fullSubmission } from '../support/reports';
import { auditItemsOf, call, staffEvent } from '../support/staff';
import { acceptSeveral, DAY, MINUTE, retentionWorld, useRetentionForce } from '../support/retention-fixture';

const demoshire = loadForceConfig(join(FORCES_DIR, 'demoshire.json'));
const PARTS = ['incident+risk+consent+suspect', 'account+identity', 'special+support', 'contact'];
const world = retentionWorld();
const { clock, h, sweep, racingSweeps, reportItem } = world;
const supervisor = () => world.claims('supervisor', 'supervisor-p');

/** Accepts a report at `at` with demoshire's retention for every class. */
const acceptAt = (at: number, submission: ReportSubmissionInput = fullSubmission('CANARYPARTS')) =>
  acceptReportAt(world.fixture, at, submission, { ...bodyRetentionDays(demoshire), 'protected-immigration': demoshire.retentionDays['protected-immigration'] });

const partsOf = async (reportId: string) => Object.keys((await reportItem(reportId)).body as Record<string, unknown>).sort();
const erasures = async (reportId: string) => (await auditItemsOf(world.fixture.force, reportId)).filter((item) => item.action === 'erasure');
const iso = (ms: number) => new Date(ms).toISOString();
const table = () => ({ document: world.fixture.force.dynamo.document, TableName: world.fixture.force.tableName });
/** The report's removal schedule entries (its parts', the protected section's, its end's; no message is written here). */
const scheduleOf = async (reportId: string) =>
  ((await table().document.send(new QueryCommand({ TableName: table().TableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :entry)', ExpressionAttributeValues: { ':pk': keys.report(reportId).PK, ':entry': 'RETENTION#' }, ConsistentRead: true }))).Items ?? []);

useRetentionForce({ setUp: async () => (world.fixture = await setUpFirewallForce()), handlers: ['report-read', 'contact-attempt', 'report-outcome', 'report-retention'], h, now: clock });

describe('a report sealed in one part per retention period', () => {
  it('is stored as four body parts, each its own message, with every class dated on the report and one schedule entry per part', async () => {
    const t0 = Date.parse('2026-01-05T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    const item = await reportItem(reportId);
    expect(Object.keys(item.body as Record<string, unknown>).sort()).toEqual([...PARTS].sort());
    expect(item.retention.contact).toEqual({ part: 'contact', dueAt: iso(t0 + 60 * DAY) });
    expect(item.retention.identity).toEqual({ part: 'account+identity', dueAt: iso(t0 + 365 * DAY) });
    expect(item.retention.suspect).toEqual({ part: 'incident+risk+consent+suspect', dueAt: iso(t0 + 730 * DAY) });
    // The classes of a part leave together, so the part has one entry, on the part's date: four parts, the section, the end.
    const entries = await scheduleOf(reportId);
    expect(entries.map((entry) => [entry.SK, entry.part, entry.dueAt, entry.GSI1SK]).sort()).toEqual(
      [
        ['RETENTION#account+identity', 'account+identity', iso(t0 + 365 * DAY), `${iso(t0 + 365 * DAY)}#${reportId}#account+identity`],
        ['RETENTION#contact', 'contact', iso(t0 + 60 * DAY), `${iso(t0 + 60 * DAY)}#${reportId}#contact`],
        ['RETENTION#incident+risk+consent+suspect', 'incident+risk+consent+suspect', iso(t0 + 730 * DAY), `${iso(t0 + 730 * DAY)}#${reportId}#incident+risk+consent+suspect`],
        ['RETENTION#protected-immigration', undefined, iso(t0 + 60 * DAY), `${iso(t0 + 60 * DAY)}#${reportId}#protected-immigration`],
        ['RETENTION#routing', undefined, iso(item.ttl * 1000), `${iso(item.ttl * 1000)}#${reportId}#routing`],
        ['RETENTION#special+support', 'special+support', iso(t0 + 180 * DAY), `${iso(t0 + 180 * DAY)}#${reportId}#special+support`],
      ].sort(),
    );
    // No part holds another's text: the account is only in its part.
    const runtime = await firewallRuntime();
    const context = { forceId: world.fixture.force.forceId, reportId };
    const body = item.body as Record<string, Uint8Array>;
    const { frameParts } = await import('../../functions/domain/retention/sealed-body');
    const contactOnly = await runtime.force.cipher.openBody(frameParts([{ part: 'contact', sealed: body.contact! }]), context);
    expect(Object.keys(contactOnly)).toEqual(['safeContact']);
  });

  it('keeps its contact part until t0 + 60 days and has none a minute after the worker runs past it; the longer parts survive', async () => {
    const t0 = Date.parse('2026-01-06T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    const original = await reportItem(reportId);

    world.clockMs = t0 + 60 * DAY - MINUTE;
    await sweep();
    expect(await partsOf(reportId)).toEqual([...PARTS].sort());

    world.clockMs = t0 + 60 * DAY + MINUTE;
    await sweep();
    const after = await reportItem(reportId);
    expect(Object.keys(after.body).sort()).toEqual(PARTS.filter((part) => part !== 'contact').sort());
    expect(after.protected).toBeUndefined();
    for (const part of PARTS.slice(0, 3)) expect(after.body[part]).toEqual(original.body[part]);
    expect(after.retention.contact).toEqual({ part: 'contact', dueAt: iso(t0 + 60 * DAY), removedAt: iso(world.clockMs) });
    expect(after.retention.account.removedAt).toBeUndefined();
    const runtime = await firewallRuntime();
    const opened = await runtime.force.cipher.openBody(sealedBodyOf(after.body), { forceId: world.fixture.force.forceId, reportId });
    expect(opened).not.toHaveProperty('safeContact');
    expect(opened.incident.account).toContain('CANARYPARTS-account');
    // Nothing in the table still holds the plan's words.
    const all = await world.scanAll();
    const contactSample = Buffer.from(original.body.contact as Uint8Array).subarray(-64);
    for (const item of all) {
      const binaries = [item.body && typeof item.body === 'object' && !(item.body instanceof Uint8Array) ? Object.values(item.body) : [], Object.values(item)].flat();
      for (const value of binaries) if (value instanceof Uint8Array) expect(Buffer.from(value).includes(contactSample)).toBe(false);
    }
    const records = await erasures(reportId);
    expect(records.map((record) => record.dataClasses).sort()).toEqual([['contact'], ['protected-immigration']]);
    const contactRecord = records.find((record) => record.dataClasses[0] === 'contact')!;
    expect(contactRecord.detail).toEqual({ dataClass: 'contact', dataClasses: 'contact', scheduledFor: iso(t0 + 60 * DAY), removedAt: iso(world.clockMs) });
    expect(JSON.stringify(records)).not.toContain('CANARYPARTS');
  });

  it('removes the 180-day part at 180 days (the queue’s needs hint with it) and the 365-day part at 365 days, each class of a part with it, audited once; the 730-day part last', async () => {
    const t0 = Date.parse('2026-01-07T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    const queueEntry = async () => {
      const { forceId, queueRank } = await reportItem(reportId);
      return (await world.fixture.force.dynamo.document.send(new GetCommand({ TableName: world.fixture.force.tableName, Key: keys.queueEntry(forceId, queueRank), ConsistentRead: true }))).Item!;
    };
    world.clockMs = t0 + 180 * DAY - MINUTE;
    await sweep();
    expect(await partsOf(reportId)).toContain('special+support');
    expect((await queueEntry()).needs).toBeDefined();
    world.clockMs = t0 + 180 * DAY + MINUTE;
    await sweep();
    expect(await partsOf(reportId)).toEqual(['account+identity', 'incident+risk+consent+suspect']);
    // The queue's sealed needs hint is class support too: it leaves with the part, the entry stays.
    expect(await queueEntry()).toMatchObject({ reportId });
    expect((await queueEntry()).needs).toBeUndefined();
    const item = await reportItem(reportId);
    expect([item.retention.special.removedAt, item.retention.support.removedAt]).toEqual([iso(world.clockMs), iso(world.clockMs)]);
    const entry = (await world.fixture.force.dynamo.document.send(new GetCommand({ TableName: world.fixture.force.tableName, Key: keys.retentionEntry(reportId, 'special+support'), ConsistentRead: true }))).Item!;
    expect([entry.GSI1PK, entry.removedAt]).toEqual([undefined, iso(world.clockMs)]);
    expect((await erasures(reportId)).filter((record) => record.dataClasses.includes('special')).map((record) => record.dataClasses)).toEqual([['special', 'support']]);

    world.clockMs = t0 + 365 * DAY - MINUTE;
    await sweep();
    expect(await partsOf(reportId)).toContain('account+identity');
    world.clockMs = t0 + 365 * DAY + MINUTE;
    await sweep();
    expect(await partsOf(reportId)).toEqual(['incident+risk+consent+suspect']);
    world.clockMs = t0 + 730 * DAY + MINUTE;
    await sweep();
    // The last part leaves (audited on its own), then, in the same run, the report itself at its end (routing).
    expect(await reportItem(reportId)).toBeUndefined();
    expect((await erasures(reportId)).map((record) => record.dataClasses.join(',')).sort()).toEqual([
      'account,identity',
      'consent,incident,risk,suspect',
      'contact',
      'protected-immigration',
      'routing',
      'special,support',
    ]);
  });

  it('is idempotent and safe to run twice at once: each part removed and audited exactly once', async () => {
    const t0 = Date.parse('2026-01-08T09:00:00.000Z');
    const ids = await acceptSeveral(4, t0, (at) => acceptAt(at));
    world.clockMs = t0 + 366 * DAY;
    expect((await racingSweeps()).failed).toBe(0);
    for (const id of ids) {
      expect(await partsOf(id)).toEqual(['incident+risk+consent+suspect']);
      const records = await erasures(id);
      expect(records.map((record) => record.dataClasses.join(',')).sort()).toEqual(['account,identity', 'contact', 'protected-immigration', 'special,support']);
    }
    const again = await sweep();
    expect(again).toMatchObject({ removed: 0, failed: 0 });
  });
});

describe('readers of a report whose contact plan was removed', () => {
  it('the report read shows each removed class and when, without its fields', async () => {
    const t0 = Date.parse('2026-02-01T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    world.clockMs = t0 + 61 * DAY;
    await sweep();
    const read = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: supervisor() }));
    expect(read.status).toBe(200);
    expect(read.body.report.retention).toContainEqual({ section: 'contact', dueAt: iso(t0 + 60 * DAY), removedAt: iso(world.clockMs) });
    expect(read.body.report.retention).toContainEqual({ section: 'account', dueAt: iso(t0 + 365 * DAY), removedAt: null });
    expect(read.body.report.body).not.toHaveProperty('safeContact');
    expect(read.body.report.body.incident.account).toContain('CANARYPARTS-account');
  });

  it('refuses a contact attempt with a 410 problem naming the class and date (no plan, no contact), audited', async () => {
    const t0 = Date.parse('2026-02-02T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    world.clockMs = t0 + 61 * DAY;
    await sweep();
    const refused = await call(h['contact-attempt']!, staffEvent('POST', `/reports/${reportId}/contact-attempts`, { claims: supervisor(), body: { channel: 'phone', result: 'no-answer' } }));
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ type: 'https://safe-pathway.invalid/problems/class-removed', errors: [{ path: 'contact', message: expect.stringContaining(iso(world.clockMs)) }] });
    const refusals = (await auditItemsOf(world.fixture.force, reportId)).filter((item) => item.action === 'refusal' && item.operation === 'contact-attempt');
    expect(refusals.map((item) => item.reason)).toEqual(['class-removed']);
  });

  it('cancels a referral not yet delivered that would carry the removed plan', async () => {
    const submission = fullSubmission('CANARYPREF');
    submission.consent = { idva: true };
    const t0 = Date.now() - 61 * DAY;
    const reportId = await acceptAt(t0, submission);
    world.clockMs = Date.now();
    await sweep();
    const runtime = await firewallRuntime();
    for (const referral of await runtime.outbox.ofReport(reportId)) await runtime.dispatcher.deliver({ reportId, referralId: referral.referralId });
    const after = await runtime.outbox.ofReport(reportId);
    expect(after.map((referral) => [referral.state, referral.lastFailure])).toEqual([['cancelled', 'class-removed']]);
    expect(JSON.stringify(world.fixture.receiver.processed)).not.toContain('CANARYPREF');
  });
});

describe('a supervisor bringing a class forward', () => {
  it('moves the class and the classes sealed with it, never later than the config; the worker removes the part', async () => {
    const t0 = Date.parse('2026-03-01T09:00:00.000Z');
    const reportId = await acceptAt(t0);
    world.clockMs = t0 + 2 * DAY;
    const closed = await call(h['report-outcome']!, staffEvent('POST', `/reports/${reportId}/outcome`, { claims: supervisor(), body: { outcome: 'duplicate-report' } }));
    expect(closed.status).toBe(200);
    const bring = (body: Record<string, unknown>) => call(h['report-retention']!, staffEvent('POST', `/reports/${reportId}/retention`, { claims: supervisor(), body }));
    const later = await bring({ dataClass: 'account', reason: 'report-closed-early', removeAt: iso(t0 + 400 * DAY) });
    expect([later.status, later.body.type]).toEqual([409, 'https://safe-pathway.invalid/problems/not-earlier']);
    const moved = await bring({ dataClass: 'account', reason: 'report-closed-early', removeAt: iso(t0 + 10 * DAY) });
    expect(moved.status).toBe(200);
    const item = await reportItem(reportId);
    expect([item.retention.account.dueAt, item.retention.identity.dueAt, item.retention.incident.dueAt]).toEqual([iso(t0 + 10 * DAY), iso(t0 + 10 * DAY), iso(t0 + 730 * DAY)]);
    const entry = (await scheduleOf(reportId)).find((candidate) => candidate.SK === 'RETENTION#account+identity')!;
    expect([entry.dueAt, entry.GSI1SK]).toEqual([iso(t0 + 10 * DAY), `${iso(t0 + 10 * DAY)}#${reportId}#account+identity`]);
    const changes = (await auditItemsOf(world.fixture.force, reportId)).filter((record) => record.operation === 'retention-bring-forward');
    expect(changes.map((record) => [record.action, record.detail.dataClass, record.detail.dueAt])).toEqual([['alteration', 'account', iso(t0 + 10 * DAY)]]);
    // A class that does not name its part's entry finds it through the report's map: `support` moves `special` and the entry.
    expect((await bring({ dataClass: 'support', reason: 'victim-request', removeAt: iso(t0 + 20 * DAY) })).status).toBe(200);
    const special = (await scheduleOf(reportId)).find((candidate) => candidate.SK === 'RETENTION#special+support')!;
    expect([special.dueAt, (await reportItem(reportId)).retention.special.dueAt]).toEqual([iso(t0 + 20 * DAY), iso(t0 + 20 * DAY)]);

    world.clockMs = t0 + 10 * DAY + MINUTE;
    await sweep();
    expect(await partsOf(reportId)).toEqual(['contact', 'incident+risk+consent+suspect', 'special+support']);
    const gone = await bring({ dataClass: 'identity', reason: 'victim-request' });
    expect([gone.status, gone.body.type]).toEqual([410, 'https://safe-pathway.invalid/problems/class-removed']);
  });
});
