/**
 * The victim's receipt channel against DynamoDB Local, through the
 * real handlers: the thread both ways, "not safe now", plan and consent
 * changes, receipt rotation, guessing limits, the audit trail, and the
 * conflicts (two replies at once, a pause racing a contact attempt, a
 * rotation racing a reply).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoQueueStore } from '../../functions/adapters/dynamodb/queue-store';
import { staffRuntime } from '../../functions/wiring/staff-runtime';
import { reportCipherFrom } from '../../functions/wiring/key-runtime';
import { QueueDesk } from '../../functions/domain/queue/queue-desk';
import type { ReportSubmissionInput } from '../../schemas/report';
import { httpEvent, minimalSubmission } from '../support/reports';
import { drainQueue as drainStaffQueue } from '../support/staff';
import { asStaff, auditItemsOf, call, loadHandler, reportIdOf, setUpStaffForce, staffEvent, submit, type Handler, type StaffForce } from '../support/staff';

let force: StaffForce;
const h: Record<string, Handler> = {};
let ipCounter = 0;
/** A fresh caller address per use, so the guessing limits of one case never touch another. */
const freshIp = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

const VICTIM_PATHS = {
  'report-thread': '/reports/thread',
  'thread-reply': '/reports/thread/replies',
  'report-pause': '/reports/pause',
  'safe-contact-change': '/reports/safe-contact',
  'consent-change': '/reports/consents',
  'receipt-rotation': '/reports/receipt',
  'report-status': '/reports/status',
} as const;
type VictimRoute = keyof typeof VICTIM_PATHS;

function victim(route: VictimRoute, body: Record<string, unknown>, sourceIp = freshIp()) {
  return call(h[route]!, httpEvent('POST', VICTIM_PATHS[route], { body: JSON.stringify(body), sourceIp }));
}

const handlerClaims = (sub = 'handler-1') => asStaff(force, ['call-handler'], sub);
const supervisor = () => asStaff(force, ['supervisor'], 'supervisor-1');

const drainQueue = () => drainStaffQueue({ list: h['queue-list']!, outcome: h['report-outcome']! }, supervisor());

const siteMessagesOnly: ReportSubmissionInput = { ...minimalSubmission(), safeContact: { channels: ['site-messages'], devicesMayBeMonitored: 'yes' } };
const phoneOk: ReportSubmissionInput = { ...minimalSubmission(), safeContact: { channels: ['phone', 'site-messages'], phone: '07700 900123', devicesMayBeMonitored: 'no' } };

/** Submits, then a call handler claims it (the queue holds only this report). */
async function reportedAndClaimed(submission: ReportSubmissionInput, sub = 'handler-1') {
  await drainQueue();
  const receipt = await submit(submission);
  const reportId = await reportIdOf(force, receipt);
  const claimed = await call(h['queue-claim']!, staffEvent('POST', '/queue/claim', { claims: handlerClaims(sub) }));
  expect(claimed.body.report.reportId).toBe(reportId);
  return { receipt, reportId };
}

async function queueEntry(reportId: string) {
  const listed = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: supervisor(), query: { state: 'all', limit: '100' } }));
  return (listed.body.entries as { reportId: string }[]).find((entry) => entry.reportId === reportId) as Record<string, unknown>;
}

const postMessage = (reportId: string, text: string, claims = handlerClaims()) =>
  call(h['message-post']!, staffEvent('POST', `/reports/${reportId}/messages`, { claims, body: { text } }));
const readMessages = (reportId: string, claims = handlerClaims()) => call(h['message-list']!, staffEvent('GET', `/reports/${reportId}/messages`, { claims }));
const attempt = (reportId: string, channel = 'phone', claims = handlerClaims()) =>
  call(h['contact-attempt']!, staffEvent('POST', `/reports/${reportId}/contact-attempts`, { claims, body: { channel, result: 'no-answer' } }));
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  force = await setUpStaffForce({ STATUS_MAX_FAILURES: '3' });
  for (const name of [...Object.keys(VICTIM_PATHS), 'queue-list', 'queue-claim', 'report-outcome', 'contact-attempt', 'message-post', 'message-list', 'report-read']) {
    h[name] = await loadHandler(name);
  }
});

beforeEach(() => {
  ipCounter += 7;
});

describe('the thread, pulled with the receipt', () => {
  it('shows a handler’s message the next time the victim looks, takes their reply, and tells each side when the other looked', async () => {
    const { receipt, reportId } = await reportedAndClaimed(siteMessagesOnly);
    expect((await postMessage(reportId, 'We have read your report. Reply here when it is safe.')).status).toBe(201);

    const first = await victim('report-thread', { receipt });
    expect(first.status).toBe(200);
    expect(first.headers['Cache-Control']).toBe('no-store, max-age=0');
    expect(first.body).toMatchObject({ status: 'in-review', pausedUntil: null, staffLastReadAt: null });
    expect(first.body.messages).toEqual([expect.objectContaining({ from: 'force', text: 'We have read your report. Reply here when it is safe.' })]);
    const looked = await queueEntry(reportId);
    expect(looked.unreadReply).toBe(false);
    expect(Date.parse(looked.victimLastLookedAt as string)).toBeGreaterThan(Date.now() - 60_000);

    expect((await victim('thread-reply', { receipt, text: 'Evenings are safest.' })).status).toBe(201);
    expect((await queueEntry(reportId)).unreadReply).toBe(true);

    const read = await readMessages(reportId);
    expect(read.status).toBe(200);
    expect(read.body.messages.map((message: { from: string; text: string }) => [message.from, message.text])).toEqual([
      ['force', 'We have read your report. Reply here when it is safe.'],
      ['victim', 'Evenings are safest.'],
    ]);
    expect((await queueEntry(reportId)).unreadReply).toBe(false);
    const again = await victim('report-thread', { receipt });
    expect(Date.parse(again.body.staffLastReadAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(again.body.messages).toHaveLength(2);
  });

  it('lets only the lease holder or a supervisor write or read the thread, and audits the refusal', async () => {
    const { reportId } = await reportedAndClaimed(siteMessagesOnly);
    const other = handlerClaims('handler-2');
    expect((await postMessage(reportId, 'Hello', other)).status).toBe(403);
    expect((await readMessages(reportId, other)).status).toBe(403);
    expect((await postMessage(reportId, 'A supervisor writes', supervisor())).status).toBe(201);
    const refusals = (await auditItemsOf(force, reportId)).filter((item) => item.action === 'refusal');
    expect(refusals.map((item) => item.operation).sort()).toEqual(['read-messages', 'staff-message']);
  });

  it('offers "messages on this site" alone or with other channels, never with "do not contact me"', async () => {
    expect(await submit(siteMessagesOnly)).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(await submit(phoneOk)).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const both = await call(h['safe-contact-change']!, httpEvent('POST', '/reports/safe-contact', {
      body: JSON.stringify({ receipt: '0000 0000 0000 0000', safeContact: { channels: ['site-messages', 'none'], devicesMayBeMonitored: 'yes' } }),
    }));
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([{ path: 'safeContact.channels', message: '"none" cannot be combined with other channels' }]);
  });
});

describe('"not safe now"', () => {
  it('refuses every contact attempt while paused (409 naming the pause), still takes messages, shows it in the queue, and lifts', async () => {
    const { receipt, reportId } = await reportedAndClaimed(phoneOk);
    const until = inDays(2);
    const paused = await victim('report-pause', { receipt, action: 'pause', until });
    expect(paused.status).toBe(200);
    expect(paused.body.pausedUntil).toBe(new Date(until).toISOString());

    const refused = await attempt(reportId);
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([{ path: 'channel', message: expect.stringMatching(new RegExp(`^contact-paused: .*\\(paused until ${new Date(until).toISOString().replace(/\./g, '\\.')}\\)$`)) }]);
    expect((await attempt(reportId, 'via-charity', supervisor())).status).toBe(409);
    expect((await postMessage(reportId, 'No rush. We will wait for you here.')).status).toBe(201);
    expect((await queueEntry(reportId)).pausedUntil).toBe(new Date(until).toISOString());
    expect((await victim('report-thread', { receipt })).body.pausedUntil).toBe(new Date(until).toISOString());

    expect((await victim('report-pause', { receipt, action: 'lift' })).body).toEqual({ pausedUntil: null });
    expect((await queueEntry(reportId)).pausedUntil).toBeNull();
    expect((await attempt(reportId)).status).toBe(201);
  });

  it('accepts a pause that ends in the future and within 30 days only', async () => {
    const receipt = await submit(phoneOk);
    for (const until of [inDays(-1), inDays(31)]) {
      const answer = await victim('report-pause', { receipt, action: 'pause', until });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ path: 'until', message: 'must be in the future and at most 30 days ahead' }]);
    }
    expect((await victim('report-pause', { receipt, action: 'pause', until: inDays(29.9) })).status).toBe(200);
  });

  it('never lets a pause and a contact attempt both succeed when the pause lands between the check and the write', async () => {
    const { receipt, reportId } = await reportedAndClaimed(phoneOk);
    const runtime = await staffRuntime(reportCipherFrom);
    const real = new DynamoQueueStore(force.dynamo.document, force.tableName);
    // The store the desk writes through lets the victim's pause land just before the attempt's write.
    const racing = Object.assign(Object.create(real) as DynamoQueueStore, {
      transition: async (...args: Parameters<DynamoQueueStore['transition']>) => {
        expect((await victim('report-pause', { receipt, action: 'pause', until: inDays(1) })).status).toBe(200);
        return real.transition(...args);
      },
    });
    const desk = new QueueDesk({ forceId: force.forceId, store: racing, cipher: reportCipherFrom(force.env), audit: runtime.audit, leaseSeconds: 900 });
    const principal = { actor: 'handler-1', role: 'call-handler' as const, roles: ['call-handler' as const], forceId: force.forceId };
    await expect(desk.attemptContact(principal, reportId, { channel: 'phone', leaveVoicemail: false, result: 'no-answer' })).rejects.toMatchObject({ name: 'ContactRefusedError', reasons: ['contact-paused'] });
    const trail = await auditItemsOf(force, reportId);
    expect(trail.filter((item) => item.operation === 'contact-attempt' && item.action === 'alteration')).toHaveLength(0);
    expect(trail.filter((item) => item.operation === 'contact-attempt' && item.action === 'refusal')).toHaveLength(1);
  });

  it('under a real race, every contact attempt that succeeded was written before the pause, and none after', async () => {
    for (let round = 0; round < 4; round++) {
      const { receipt, reportId } = await reportedAndClaimed(phoneOk);
      const [contact, pause] = await Promise.all([attempt(reportId), victim('report-pause', { receipt, action: 'pause', until: inDays(1) })]);
      expect(pause.status).toBe(200);
      expect([201, 409]).toContain(contact.status);
      const trail = await auditItemsOf(force, reportId);
      const written = trail.filter((item) => item.operation === 'contact-attempt' && item.action === 'alteration');
      expect(written).toHaveLength(contact.status === 201 ? 1 : 0);
      expect((await attempt(reportId)).status).toBe(409);
    }
  });
});

describe('plan and consents', () => {
  it('checks the next contact attempt against the plan the victim changed', async () => {
    const { receipt, reportId } = await reportedAndClaimed(phoneOk);
    const changed = await victim('safe-contact-change', { receipt, safeContact: { channels: ['site-messages'], devicesMayBeMonitored: 'yes' } });
    expect(changed.status).toBe(204);
    const refused = await attempt(reportId);
    expect(refused.status).toBe(409);
    expect(refused.body.errors.map((error: { message: string }) => error.message.split(':')[0]).sort()).toEqual(['channel-not-allowed', 'devices-may-be-monitored']);
    const read = await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: handlerClaims() }));
    expect([read.status, read.body.report?.body.safeContact.channels]).toEqual([200, ['site-messages']]);
  });

  it('gives and withdraws consent per kind of service', async () => {
    const receipt = await submit({ ...phoneOk, consent: { idva: true } });
    const changed = await victim('consent-change', { receipt, give: ['local-da-service'], withdraw: ['idva'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      consents: { idva: false, 'local-da-service': true, 'by-and-for-service': false, 'victim-care-unit': false, 'share-immigration-with-support': false },
      // This force has no charities: nothing to refer, nothing to stop.
      referred: 0,
      withdrawn: 0,
      alreadyDelivered: 0,
    });
    expect((await victim('report-thread', { receipt })).body.consents).toEqual(changed.body.consents);
    const both = await victim('consent-change', { receipt, give: ['idva'], withdraw: ['idva'] });
    expect(both.status).toBe(400);
  });

  it('keeps both of two plan changes made at once consistent: the body is never overwritten by a stale copy', async () => {
    const receipt = await submit(phoneOk);
    const answers = await Promise.all([
      victim('consent-change', { receipt, give: ['idva'] }),
      victim('consent-change', { receipt, give: ['victim-care-unit'] }),
      victim('safe-contact-change', { receipt, safeContact: { channels: ['site-messages'], devicesMayBeMonitored: 'yes' } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 204]);
    const consents = (await victim('report-thread', { receipt })).body.consents;
    expect(consents).toMatchObject({ idva: true, 'victim-care-unit': true });
  });
});

describe('a new receipt', () => {
  it('stops the old receipt at once for every route, which then answers exactly like one that never existed', async () => {
    const bodies: Record<VictimRoute, Record<string, unknown>> = {
      'report-thread': {},
      'thread-reply': { text: 'hello' },
      'report-pause': { action: 'lift' },
      'safe-contact-change': { safeContact: { channels: ['site-messages'], devicesMayBeMonitored: 'yes' } },
      'consent-change': { withdraw: ['idva'] },
      'receipt-rotation': {},
      'report-status': {},
    };
    for (const [route, body] of Object.entries(bodies) as [VictimRoute, Record<string, unknown>][]) {
      const receipt = await submit(siteMessagesOnly);
      const rotated = await victim('receipt-rotation', { receipt });
      expect(rotated.status).toBe(201);
      const fresh = rotated.body.receipt as string;
      expect(fresh).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(fresh).not.toBe(receipt);
      const never = `0000 1111 2222 ${String(ipCounter).padStart(4, '0')}`;
      const old = await victim(route, { receipt, ...body });
      const unknown = await victim(route, { receipt: never, ...body });
      expect([route, old.status]).toEqual([route, 404]);
      expect(old.text).toBe(unknown.text);
      expect(old.headers).toEqual(unknown.headers);
      expect((await victim('report-thread', { receipt: fresh })).status).toBe(200);
      expect((await victim('report-status', { receipt: fresh })).status).toBe(200);
    }
  });

  it('rotates a rotated receipt again, and the one before stops', async () => {
    const receipt = await submit(siteMessagesOnly);
    const first = (await victim('receipt-rotation', { receipt })).body.receipt as string;
    const second = await victim('receipt-rotation', { receipt: first });
    expect(second.status).toBe(201);
    expect((await victim('report-thread', { receipt: first })).status).toBe(404);
    expect((await victim('report-thread', { receipt: second.body.receipt })).status).toBe(200);
  });

  it('lets a reply racing a rotation land only if it was written before (never with the old receipt after)', async () => {
    for (let round = 0; round < 4; round++) {
      const receipt = await submit(siteMessagesOnly);
      const [reply, rotation] = await Promise.all([victim('thread-reply', { receipt, text: `race ${round}` }), victim('receipt-rotation', { receipt })]);
      expect(rotation.status).toBe(201);
      expect([201, 404]).toContain(reply.status);
      const thread = await victim('report-thread', { receipt: rotation.body.receipt });
      expect(thread.body.messages).toHaveLength(reply.status === 201 ? 1 : 0);
    }
  });

  it('lets only one of two rotations at once win', async () => {
    const receipt = await submit(siteMessagesOnly);
    const answers = await Promise.all([victim('receipt-rotation', { receipt }), victim('receipt-rotation', { receipt })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 404]);
    const winner = answers.find((answer) => answer.status === 201)?.body.receipt as string;
    expect((await victim('report-thread', { receipt: winner })).status).toBe(200);
  });
});

describe('two replies at once', () => {
  it('lands both of two replies sent at once from one caller, and every one of many sent at once from many', async () => {
    const receipt = await submit(siteMessagesOnly);
    const ip = freshIp();
    const pair = await Promise.all(['first of two', 'second of two'].map((text) => victim('thread-reply', { receipt, text }, ip)));
    expect(pair.map((answer) => answer.status)).toEqual([201, 201]);
    const texts = Array.from({ length: 8 }, (_, i) => `parallel reply ${i}`);
    const answers = await Promise.all(texts.map((text) => victim('thread-reply', { receipt, text })));
    expect(answers.map((answer) => answer.status)).toEqual(texts.map(() => 201));
    const thread = await victim('report-thread', { receipt });
    expect(thread.body.messages.map((message: { text: string }) => message.text).sort()).toEqual(['first of two', 'second of two', ...texts].sort());
  });
});

describe('guessing', () => {
  it('limits failed look-ups per caller, shared with the status look-up, without counting right receipts', async () => {
    const receipt = await submit(siteMessagesOnly);
    const guesser = freshIp();
    for (let i = 0; i < 5; i++) expect((await victim('report-thread', { receipt }, guesser)).status).toBe(200);
    expect((await victim('report-status', { receipt: '1111 2222 3333 0001' }, guesser)).status).toBe(404);
    expect((await victim('thread-reply', { receipt: '1111 2222 3333 0002', text: 'x' }, guesser)).status).toBe(404);
    expect((await victim('receipt-rotation', { receipt: '1111 2222 3333 0003' }, guesser)).status).toBe(404);
    const throttled = await victim('report-thread', { receipt: '1111 2222 3333 0004' }, guesser);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['Retry-After'])).toBeGreaterThan(0);
    expect((await victim('report-thread', { receipt }, freshIp())).status).toBe(200);
  });

  it('limits failed look-ups of one receipt from many callers, and treats a rotated receipt exactly as one that never existed', async () => {
    const receipt = await submit(siteMessagesOnly);
    expect((await victim('receipt-rotation', { receipt })).status).toBe(201);
    const never = '4444 5555 6666 7777';
    for (const tried of [receipt, never]) {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await victim('report-thread', { receipt: tried }, freshIp())).status);
      expect([tried === receipt ? 'rotated' : 'never', answers]).toEqual([tried === receipt ? 'rotated' : 'never', [404, 404, 404, 429]]);
    }
  });

  it('never counts a right receipt against itself, however many callers use it', async () => {
    const receipt = await submit(siteMessagesOnly);
    for (let i = 0; i < 6; i++) expect((await victim('report-thread', { receipt }, freshIp())).status).toBe(200);
  });
});

describe('the s.62 audit trail', () => {
  it('records every staff message and every victim action, without content', async () => {
    const canary = 'CANARY-AUDIT-7731';
    const { receipt, reportId } = await reportedAndClaimed(phoneOk);
    await postMessage(reportId, `${canary} staff`);
    await victim('report-thread', { receipt });
    await victim('thread-reply', { receipt, text: `${canary} victim` });
    await readMessages(reportId);
    await victim('report-pause', { receipt, action: 'pause', until: inDays(3) });
    await victim('report-pause', { receipt, action: 'lift' });
    await victim('safe-contact-change', { receipt, safeContact: { channels: ['site-messages'], devicesMayBeMonitored: 'yes' } });
    await victim('consent-change', { receipt, withdraw: ['idva'] });
    const rotated = await victim('receipt-rotation', { receipt });
    const trail = await auditItemsOf(force, reportId);
    const byOperation = (operation: string) => trail.filter((item) => item.operation === operation);
    expect(byOperation('staff-message')).toEqual([expect.objectContaining({ action: 'alteration', actor: 'handler-1', role: 'call-handler', dataClasses: ['staff-message'] })]);
    expect(byOperation('read-messages')).toEqual([expect.objectContaining({ action: 'consultation', actor: 'handler-1' })]);
    for (const [operation, action] of [
      ['victim-read', 'consultation'],
      ['victim-reply', 'collection'],
      ['victim-pause', 'alteration'],
      ['victim-pause-lift', 'alteration'],
      ['victim-plan-change', 'alteration'],
      ['victim-consent-change', 'alteration'],
      ['consent-withdrawal', 'alteration'],
      ['receipt-rotation', 'alteration'],
    ]) {
      expect([operation, byOperation(operation!)]).toEqual([operation, [expect.objectContaining({ action, actor: 'victim', role: 'victim' })]]);
    }
    const stored = JSON.stringify(trail);
    expect(stored).not.toContain(canary);
    expect(stored).not.toContain(receipt.replace(/ /g, ''));
    expect(stored).not.toContain(String(rotated.body.receipt).replace(/ /g, ''));
  });
});
