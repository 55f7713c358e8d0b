/**
 * The call-handler queue API against DynamoDB Local, through the real
 * handlers: priority order, claim and read, the protected section, contact
 * refusals, outcome and the victim's receipt look-up, leases on an injected
 * clock, reassignment, and the audit trail.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { fullSubmission, httpEvent, minimalSubmission } from '../support/reports';
import { drainQueue as drainStaffQueue } from '../support/staff';
import {
  asStaff,
  auditItemsOf,
  call,
  loadHandler,
  reportIdOf,
  setUpStaffForce,
  staffEvent,
  submissionGraded,
  submit,
  type Handler,
  type StaffForce,
} from '../support/staff';

let force: StaffForce;
const h: Record<string, Handler> = {};
let clockMs = Date.parse('2026-11-23T10:30:00Z'); // a Monday morning, UK time

const handler = asHandler('call-handler-1');
function asHandler(sub: string) {
  return () => asStaff(force, ['call-handler'], sub);
}
const supervisor = () => asStaff(force, ['supervisor'], 'supervisor-1');

async function claim(claims = handler()) {
  return call(h['queue-claim']!, staffEvent('POST', '/queue/claim', { claims }));
}

const drainQueue = () => drainStaffQueue({ list: h['queue-list']!, outcome: h['report-outcome']! }, supervisor());

beforeAll(async () => {
  force = await setUpStaffForce({ LEASE_SECONDS: '600' });
  for (const name of ['queue-list', 'queue-claim', 'report-read', 'report-protected', 'contact-attempt', 'report-outcome', 'report-lease', 'report-reassign', 'audit-trail', 'report-status']) {
    h[name] = await loadHandler(name);
  }
});

beforeEach(async () => {
  clockMs = Date.parse('2026-11-23T10:30:00Z');
  resetStaffRuntime({ now: () => new Date(clockMs) });
  await drainQueue();
});

describe('queue order', () => {
  it('lists and hands out red flags first, then grade, then oldest', async () => {
    const order = ['standard', 'medium', 'red-flag', 'high', 'standard', 'red-flag'] as const;
    const ids: string[] = [];
    for (const grade of order) ids.push(await reportIdOf(force, await submit(submissionGraded(grade))));
    const expected = [ids[2], ids[5], ids[3], ids[1], ids[0], ids[4]];

    const listed = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: handler() }));
    expect(listed.status).toBe(200);
    expect((listed.body.entries as { reportId: string }[]).map((entry) => entry.reportId)).toEqual(expected);
    expect(Object.keys((listed.body.entries as object[])[0]!).sort()).toEqual(
      // The receipt channel's booleans and times join the routing metadata, and the support needs opened from the sealed hint (issues 16, 17).
      ['createdAt', 'grade', 'lease', 'needs', 'pausedUntil', 'priority', 'reportId', 'status', 'unreadReply', 'victimLastLookedAt'],
    );

    const claimed: string[] = [];
    for (let i = 0; i < order.length; i++) claimed.push((await claim(asHandler(`handler-${i}`)())).body.report.reportId);
    expect(claimed).toEqual(expected);
    expect((await claim()).status).toBe(204);
  });

  it('pages through the queue with an opaque cursor and refuses a forged one', async () => {
    for (let i = 0; i < 5; i++) await submit(minimalSubmission());
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: handler(), query: { limit: '2', ...(cursor ? { cursor } : {}) } }));
      expect(page.status).toBe(200);
      expect((page.body.entries as unknown[]).length).toBeLessThanOrEqual(2);
      seen.push(...(page.body.entries as { reportId: string }[]).map((entry) => entry.reportId));
      cursor = page.body.cursor as string | undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
    const forged = Buffer.from(JSON.stringify({ PK: 'QUEUE#another-force', SK: 'P0#' })).toString('base64url');
    const refused = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: handler(), query: { cursor: forged } }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'cursor', message: 'must be a cursor from a previous page' }]);
  });
});

describe('claim and read', () => {
  it('claims with a lease, returns the decrypted body but never the protected section, and audits the read', async () => {
    const reportId = await reportIdOf(force, await submit(fullSubmission('CANARY42')));
    const claimed = await claim();
    expect(claimed.status).toBe(200);
    const report = claimed.body.report;
    expect(report.reportId).toBe(reportId);
    expect(report.status).toBe('in-review');
    expect(report.lease).toEqual({ holder: 'call-handler-1', expiresAt: new Date(clockMs + 600_000).toISOString() });
    expect(report.body.incident.account).toContain('CANARY42-account');
    expect(claimed.text).not.toContain('immigration');
    expect(claimed.text).not.toContain('CANARY42-nationality');

    clockMs += 1000;
    const read = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: handler() }));
    expect(read.status).toBe(200);
    expect(read.body.report.body.safeContact.safeWord).toContain('CANARY42-safeword');
    expect(read.text).not.toContain('CANARY42-nationality');

    const trail = await auditItemsOf(force, reportId);
    expect(trail.map((item) => [item.action, item.operation, item.actor, item.role])).toEqual([
      ['consultation', 'claim', 'call-handler-1', 'call-handler'],
      ['consultation', 'read-report', 'call-handler-1', 'call-handler'],
    ]);
    expect(trail[0]!.dataClasses).not.toContain('protected-immigration');
    expect(trail[0]!.dataClasses).toEqual(expect.arrayContaining(['account', 'contact', 'identity', 'risk']));
    expect(JSON.stringify(trail)).not.toContain('CANARY42');
  });

  it('refuses the report to another call handler (403, audited as a refusal, no read record) and shows it to a supervisor', async () => {
    const reportId = await reportIdOf(force, await submit(minimalSubmission()));
    expect((await claim()).status).toBe(200);
    const other = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: asHandler('call-handler-2')() }));
    expect(other.status).toBe(403);
    expect(other.text).not.toContain('He shouted');
    const bySupervisor = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: supervisor() }));
    expect(bySupervisor.status).toBe(200);
    const trail = await auditItemsOf(force, reportId);
    expect(trail.filter((item) => item.actor === 'call-handler-2').map((item) => [item.action, item.reason])).toEqual([['refusal', 'not-lease-holder']]);
    expect(trail.filter((item) => item.actor === 'supervisor-1').map((item) => item.action)).toEqual(['consultation']);
  });

  it('answers 404 for an unknown report and 400 for an id that is not one, naming only the parameter', async () => {
    const unknown = await call(h['report-read']!, staffEvent('GET', '/reports/7d0b1c2e-1111-4222-8333-944455556666', { claims: supervisor() }));
    expect(unknown.status).toBe(404);
    const malformed = await call(h['report-read']!, staffEvent('GET', '/reports/drop-table', { claims: supervisor() }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ path: 'reportId', message: 'must be a valid uuid' }]);
    expect(malformed.text).not.toContain('drop-table');
  });
});

describe('the protected section', () => {
  it('opens only on an explicit request with a reason, and the consultation is audited with it', async () => {
    const reportId = await reportIdOf(force, await submit(fullSubmission('CANARY77')));
    await claim();
    const noReason = await call(h['report-protected']!, staffEvent('POST', `/reports/${reportId}/protected`, { claims: handler(), body: {} }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual(expect.arrayContaining([{ path: 'reason', message: 'is required' }]));

    const words = 'Victim asked about specialist visa support services';
    const opened = await call(
      h['report-protected']!,
      staffEvent('POST', `/reports/${reportId}/protected`, { claims: handler(), body: { reasonCode: 'victim-asked', reason: words } }),
    );
    expect(opened.status).toBe(200);
    expect(opened.body.immigration.nationality).toBe('CANARY77-nationality');

    clockMs += 1000;
    const other = await call(
      h['report-protected']!,
      staffEvent('POST', `/reports/${reportId}/protected`, { claims: asHandler('call-handler-2')(), body: { reasonCode: 'other', reason: 'Curious about this report today' } }),
    );
    expect(other.status).toBe(403);

    const trail = await auditItemsOf(force, reportId);
    const protectedRecords = trail.filter((item) => (item.dataClasses as string[]).includes('protected-immigration'));
    expect(protectedRecords.map((item) => [item.action, item.actor, item.reasonCode ?? item.reason])).toEqual([
      ['consultation', 'call-handler-1', 'victim-asked'],
      ['refusal', 'call-handler-2', 'not-lease-holder'],
    ]);
    // The words are sealed under the safeguarding key: no plaintext attribute holds them.
    expect(protectedRecords[0]).not.toHaveProperty('justification');
    expect(protectedRecords[0]?.sealedJustification).toEqual({ key: 'safeguarding', sealed: expect.any(String) });
    expect(JSON.stringify(trail)).not.toContain('specialist visa');
    // A supervisor reads them back through the API.
    const read = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: supervisor(), query: { reportId } }));
    expect(read.status).toBe(200);
    expect(read.body.records).toContainEqual(expect.objectContaining({ action: 'consultation', operation: 'read-protected', reasonCode: 'victim-asked', justification: words }));
  });

  it('refuses (422, naming the field) a reason that quotes a protected value of the report, before anything is stored', async () => {
    const reportId = await reportIdOf(force, await submit(fullSubmission('CANARY78')));
    await claim();
    for (const reason of ['She is CANARY78-nationality and scared', 'spouse-or-partner-visa so I need to look', 'Born in canary78-COUNTRY, checking']) {
      const refused = await call(
        h['report-protected']!,
        staffEvent('POST', `/reports/${reportId}/protected`, { claims: handler(), body: { reasonCode: 'safeguarding-assessment', reason } }),
      );
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ path: 'reason', message: expect.any(String) }]);
      expect(refused.text.toLowerCase()).not.toContain('canary78');
      expect(refused.text).not.toContain('spouse');
    }
    const trail = (await auditItemsOf(force, reportId)).filter((item) => item.operation === 'read-protected');
    expect(trail.map((item) => [item.action, item.operation, item.reason, item.reasonCode])).toEqual([
      ['refusal', 'read-protected', 'protected-value-in-text', 'safeguarding-assessment'],
      ['refusal', 'read-protected', 'protected-value-in-text', 'safeguarding-assessment'],
      ['refusal', 'read-protected', 'protected-value-in-text', 'safeguarding-assessment'],
    ]);
    expect(JSON.stringify(trail).toLowerCase()).not.toContain('canary78');
  });
});

describe('safe contact', () => {
  async function claimWith(safeContact: Record<string, unknown>) {
    const reportId = await reportIdOf(force, await submit({ ...minimalSubmission(), safeContact } as never));
    expect((await claim()).body.report.reportId).toBe(reportId);
    return reportId;
  }
  const attempt = (reportId: string, body: Record<string, unknown>) =>
    call(h['contact-attempt']!, staffEvent('POST', `/reports/${reportId}/contact-attempts`, { claims: handler(), body }));

  it('refuses any digital channel when devices may be monitored, and treats "don’t know" the same', async () => {
    for (const monitored of ['yes', 'dont-know']) {
      const reportId = await claimWith({ channels: ['phone', 'via-charity'], phone: '07700 900123', viaCharityName: 'Local refuge', devicesMayBeMonitored: monitored });
      for (const channel of ['phone', 'sms', 'email']) {
        const refused = await attempt(reportId, { channel, result: 'no-answer' });
        expect(refused.status).toBe(409);
        expect(refused.body.type).toMatch(/contact-not-allowed$/);
        expect(refused.body.errors[0].message).toMatch(/^devices-may-be-monitored:/);
      }
      expect((await attempt(reportId, { channel: 'via-charity', result: 'message-left-with-charity' })).status).toBe(201);
    }
  });

  it('refuses channels, voicemail, days and times the plan does not allow, giving every reason', async () => {
    const reportId = await claimWith({ channels: ['phone'], phone: '07700 900123', days: ['tue'], times: ['evening'], voicemailOk: false, devicesMayBeMonitored: 'no' });
    const refused = await attempt(reportId, { channel: 'phone', leaveVoicemail: true, result: 'no-answer' });
    expect(refused.status).toBe(409);
    expect((refused.body.errors as { message: string }[]).map((error) => error.message.split(':')[0])).toEqual([
      'voicemail-not-allowed',
      'day-not-allowed',
      'time-not-allowed',
    ]);
    expect((await attempt(reportId, { channel: 'email', result: 'message-sent' })).body.errors[0].message).toMatch(/^channel-not-allowed/);
    const trail = await auditItemsOf(force, reportId);
    // Both on the same frozen clock instant: compare as a set.
    expect(trail.filter((item) => item.action === 'refusal').map((item) => [item.operation, item.reason, item.detail.channel, item.detail.reasons]).sort()).toEqual([
      ['contact-attempt', 'contact-not-allowed', 'email', 'channel-not-allowed,day-not-allowed,time-not-allowed'],
      ['contact-attempt', 'contact-not-allowed', 'phone', 'voicemail-not-allowed,day-not-allowed,time-not-allowed'],
    ]);
    // Tuesday 19:00 UK time: inside the plan. The handler's lease ran out meanwhile; their supervisor makes the call.
    clockMs = Date.parse('2026-11-24T19:00:00Z');
    const allowed = await call(
      h['contact-attempt']!,
      staffEvent('POST', `/reports/${reportId}/contact-attempts`, { claims: supervisor(), body: { channel: 'phone', result: 'reached' } }),
    );
    expect(allowed.status).toBe(201);
    expect(allowed.body).toEqual({ status: 'contact-attempted' });
  });

  it('refuses every attempt when the victim asked for no contact', async () => {
    const reportId = await claimWith({ channels: ['none'], devicesMayBeMonitored: 'no' });
    const refused = await attempt(reportId, { channel: 'via-charity', result: 'message-left-with-charity' });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].message).toMatch(/^no-contact-wanted/);
  });
});

describe('outcome and the victim’s view', () => {
  it('moves the receipt look-up through in-review, contact-attempted and closed, never backwards', async () => {
    const receipt = await submit({ ...minimalSubmission(), safeContact: { channels: ['via-charity'], viaCharityName: 'Refuge', devicesMayBeMonitored: 'yes' } });
    const reportId = await reportIdOf(force, receipt);
    const status = async () => (await call(h['report-status']!, httpEvent('POST', '/reports/status', { body: JSON.stringify({ receipt }) }))).body.status;
    expect(await status()).toBe('received');
    await claim();
    expect(await status()).toBe('in-review');
    await call(h['contact-attempt']!, staffEvent('POST', `/reports/${reportId}/contact-attempts`, { claims: handler(), body: { channel: 'via-charity', result: 'message-left-with-charity' } }));
    expect(await status()).toBe('contact-attempted');

    // Released and claimed again: the status stays where it was.
    await call(h['report-lease']!, staffEvent('POST', `/reports/${reportId}/lease`, { claims: handler(), body: { action: 'release' } }));
    const again = await claim(asHandler('call-handler-2')());
    expect(again.body.report.status).toBe('contact-attempted');
    expect(await status()).toBe('contact-attempted');

    const closed = await call(h['report-outcome']!, staffEvent('POST', `/reports/${reportId}/outcome`, { claims: asHandler('call-handler-2')(), body: { outcome: 'referred-to-support' } }));
    expect(closed.status).toBe(200);
    expect(await status()).toBe('closed');
    const listed = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: supervisor(), query: { state: 'all' } }));
    expect((listed.body.entries as { reportId: string }[]).map((entry) => entry.reportId)).not.toContain(reportId);
    const twice = await call(h['report-outcome']!, staffEvent('POST', `/reports/${reportId}/outcome`, { claims: supervisor(), body: { outcome: 'crime-recorded' } }));
    expect(twice.status).toBe(409);
    const read = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: supervisor() }));
    expect(read.body.report).toMatchObject({ status: 'closed', outcome: 'referred-to-support', lease: null });
  });

  it('refuses an unknown outcome code naming the field', async () => {
    const reportId = await reportIdOf(force, await submit(minimalSubmission()));
    await claim();
    const refused = await call(h['report-outcome']!, staffEvent('POST', `/reports/${reportId}/outcome`, { claims: handler(), body: { outcome: 'sent-to-immigration' } }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('outcome');
    expect(refused.text).not.toContain('sent-to-immigration');
  });
});

describe('leases', () => {
  it('makes a report claimable again once its lease expires, and the old holder loses it', async () => {
    const reportId = await reportIdOf(force, await submit(minimalSubmission()));
    await claim();
    expect((await claim(asHandler('call-handler-2')())).status).toBe(204);
    clockMs += 600_000; // exactly at expiry: the lease is over
    const taken = await claim(asHandler('call-handler-2')());
    expect(taken.body.report.reportId).toBe(reportId);
    expect(taken.body.report.lease.holder).toBe('call-handler-2');
    const oldHolder = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: handler() }));
    expect(oldHolder.status).toBe(403);
    const renew = await call(h['report-lease']!, staffEvent('POST', `/reports/${reportId}/lease`, { claims: handler(), body: { action: 'renew' } }));
    expect(renew.status).toBe(409);
    expect(renew.body.type).toMatch(/lease-not-held$/);
  });

  it('refuses renewing or releasing another handler’s lease with 409 and audits each refusal', async () => {
    const reportId = await reportIdOf(force, await submit(minimalSubmission()));
    await claim();
    const intruder = asHandler('call-handler-2')();
    const renew = await call(h['report-lease']!, staffEvent('POST', `/reports/${reportId}/lease`, { claims: intruder, body: { action: 'renew' } }));
    expect(renew.status).toBe(409);
    expect(renew.body.type).toMatch(/lease-not-held$/);
    clockMs += 1000; // the trail is ordered by time; two records of one instant have no order between them
    const release = await call(h['report-lease']!, staffEvent('POST', `/reports/${reportId}/lease`, { claims: intruder, body: { action: 'release' } }));
    expect(release.status).toBe(409);
    const refusals = (await auditItemsOf(force, reportId)).filter((item) => item.action === 'refusal');
    expect(refusals.map((item) => [item.operation, item.actor, item.reason])).toEqual([
      ['lease-renew', 'call-handler-2', 'not-lease-holder'],
      ['lease-release', 'call-handler-2', 'not-lease-holder'],
    ]);
    // The holder keeps the report: nothing changed but the trail.
    const read = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: handler() }));
    expect(read.status).toBe(200);
  });

  it('renewal keeps the report from others past the first expiry; release hands it back at once', async () => {
    const reportId = await reportIdOf(force, await submit(minimalSubmission()));
    await claim();
    clockMs += 500_000;
    const renewed = await call(h['report-lease']!, staffEvent('POST', `/reports/${reportId}/lease`, { claims: handler(), body: { action: 'renew' } }));
    expect(renewed.status).toBe(200);
    expect(renewed.body.lease).toEqual({ holder: 'call-handler-1', expiresAt: new Date(clockMs + 600_000).toISOString() });
    clockMs += 200_000; // past the first lease's end, inside the renewed one
    expect((await claim(asHandler('call-handler-2')())).status).toBe(204);
    const released = await call(h['report-lease']!, staffEvent('POST', `/reports/${reportId}/lease`, { claims: handler(), body: { action: 'release' } }));
    expect(released.body).toEqual({ lease: null });
    clockMs += 1000;
    expect((await claim(asHandler('call-handler-2')())).body.report.reportId).toBe(reportId);
    const trail = await auditItemsOf(force, reportId);
    expect(trail.map((item) => item.operation)).toEqual(['claim', 'lease-renew', 'lease-release', 'claim']);
  });

  it('lets a supervisor reassign a report, and only a supervisor', async () => {
    const reportId = await reportIdOf(force, await submit(minimalSubmission()));
    await claim();
    const byHandler = await call(h['report-reassign']!, staffEvent('POST', `/reports/${reportId}/reassign`, { claims: handler(), body: { to: 'call-handler-3' } }));
    expect(byHandler.status).toBe(403);
    clockMs += 1000;
    const moved = await call(h['report-reassign']!, staffEvent('POST', `/reports/${reportId}/reassign`, { claims: supervisor(), body: { to: 'call-handler-3' } }));
    expect(moved.status).toBe(200);
    expect(moved.body.lease.holder).toBe('call-handler-3');
    expect((await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: asHandler('call-handler-3')() }))).status).toBe(200);
    expect((await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: handler() }))).status).toBe(403);
    const trail = await auditItemsOf(force, reportId);
    expect(trail.filter((item) => item.operation === 'reassign').map((item) => [item.action, item.actor, item.reason ?? item.detail.assignee])).toEqual([
      ['refusal', 'call-handler-1', 'role-not-allowed'],
      ['alteration', 'supervisor-1', 'call-handler-3'],
    ]);
  });
});

describe('audit trail API', () => {
  it('gives supervisors the trail per report and per actor, and refuses call handlers', async () => {
    const reportId = await reportIdOf(force, await submit(minimalSubmission()));
    await claim(asHandler('auditee-1')());
    const byReport = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: supervisor(), query: { reportId } }));
    expect(byReport.status).toBe(200);
    expect(byReport.body.records).toEqual([
      expect.objectContaining({ action: 'consultation', operation: 'claim', actor: 'auditee-1', role: 'call-handler', purpose: 'safeguarding', reportId, forceId: force.forceId }),
    ]);
    // The per-actor index is eventually consistent: poll briefly.
    let byActor;
    for (let i = 0; i < 20; i++) {
      byActor = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: supervisor(), query: { actor: 'auditee-1' } }));
      if ((byActor.body.records as unknown[]).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(byActor?.body.records).toEqual([expect.objectContaining({ operation: 'claim', reportId })]);
    const both = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: supervisor(), query: { reportId, actor: 'auditee-1' } }));
    expect(both.status).toBe(400);
    const refused = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: handler(), query: { reportId } }));
    expect(refused.status).toBe(403);
  });
});
