/**
 * The receipt channel beside the firewall, against DynamoDB Local
 * and a real local webhook receiver: a victim's withdrawal through the
 * receipt stops undelivered referrals as the staff route does, and canaries
 * written into messages (both ways) reach no log line, metric, error body,
 * plaintext attribute, queue entry, audit record, referral or enforcement
 * payload.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The handlers' logger must really write, so the test reads every line (set before the logger is built).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { fetchWebhookSender } from '../../functions/adapters/webhook-sender';
import { ReferralDispatcher } from '../../functions/domain/referrals/dispatch';
import type { ReportSubmissionInput } from '../../schemas/report';
import { scanTable } from '../support/scan';
import { captureOutput } from '../support/capture';
import { referralDispatcherDeps, setUpFirewallForce, type FirewallFixture } from '../support/firewall-fixture';
import { fullSubmission, httpEvent } from '../support/reports';
import { call, claimsFor, loadHandler, staffEvent, submitReport, withStaffToken, type Handler } from '../support/staff';

let fixture: FirewallFixture;
const h: Record<string, Handler> = {};

const supervisor = () => claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: ['supervisor'], sub: 'duty-sergeant' });
const victim = (name: string, path: string, body: unknown, sourceIp = '198.51.100.77') =>
  call(h[name]!, httpEvent('POST', path, { body: JSON.stringify(body), sourceIp }));

const dispatcher = async () => new ReferralDispatcher(await referralDispatcherDeps(fetchWebhookSender()));

const report = (input: ReportSubmissionInput) => submitReport(fixture.force, input);

beforeAll(async () => {
  fixture = await setUpFirewallForce();
  for (const name of ['submit-report', 'thread-reply', 'report-thread', 'consent-change', 'message-post', 'message-list', 'suspect-check', 'queue-list', 'report-pause']) {
    h[name] = await loadHandler(name);
  }
});
afterAll(async () => fixture.receiver.close());

describe('consent withdrawal through the receipt', () => {
  it('stops the undelivered referrals of the kinds withdrawn, as the staff route does, and the dispatcher delivers only the rest', async () => {
    const { receipt, reportId } = await report({ ...fullSubmission('CANARYWD1'), consent: { idva: true, localDaService: true } });
    const runtime = await firewallRuntime();
    expect((await runtime.outbox.ofReport(reportId)).map((referral) => referral.state)).toEqual(['pending', 'pending']);

    const answer = await victim('consent-change', '/reports/consents', { receipt, withdraw: ['idva'] });
    expect([answer.status, answer.body.withdrawn, answer.body.alreadyDelivered, answer.body.consents.idva]).toEqual([200, 1, 0, false]);
    expect((await runtime.outbox.ofReport(reportId)).map((referral) => referral.state).sort()).toEqual(['pending', 'withdrawn']);

    const before = fixture.receiver.processed.length;
    await (await dispatcher()).sweep(fixture.force.forceId);
    const delivered = fixture.receiver.processed.slice(before).filter((delivery) => JSON.stringify(delivery.body).includes(reportId) || delivery.path === '/north-da' || delivery.path === '/north-idva');
    expect(delivered.map((delivery) => delivery.path)).toEqual(['/north-da']);

    // Withdrawing the one delivered now says a charity has it.
    const later = await victim('consent-change', '/reports/consents', { receipt, withdraw: ['local-da-service'] });
    expect([later.body.withdrawn, later.body.alreadyDelivered]).toEqual([0, 1]);
  });
});

describe('canaries in messages', () => {
  it('reach no log, metric, error body, plaintext attribute, queue entry, audit record, referral or enforcement payload', async () => {
    const victimCanary = 'CANARYVICTIMMSG-5521';
    const staffCanary = 'CANARYSTAFFMSG-8834';
    const capture = captureOutput();
    let reportId = '';
    const answers: string[] = [];
    try {
      const reported = await report({ ...fullSubmission('CANARYLK1'), consent: { idva: true } });
      reportId = reported.reportId;
      const posted = await call(h['message-post']!, staffEvent('POST', `/reports/${reportId}/messages`, { claims: supervisor(), body: { text: `Please reply ${staffCanary}` } }));
      expect(posted.status).toBe(201);
      const replied = await victim('thread-reply', '/reports/thread/replies', { receipt: reported.receipt, text: `My reply ${victimCanary}` });
      expect(replied.status).toBe(201);
      // Errors on the way carry no text: too long, and a wrong receipt.
      const tooLong = await victim('thread-reply', '/reports/thread/replies', { receipt: reported.receipt, text: `${victimCanary} ${'x'.repeat(2_100)}` });
      expect(tooLong.status).toBe(400);
      const wrong = await victim('thread-reply', '/reports/thread/replies', { receipt: '9999 8888 7777 6666', text: `${victimCanary}` }, '198.51.100.78');
      expect(wrong.status).toBe(404);
      const tooLongStaff = await call(h['message-post']!, staffEvent('POST', `/reports/${reportId}/messages`, { claims: supervisor(), body: { text: `${staffCanary} ${'y'.repeat(2_100)}` } }));
      expect(tooLongStaff.status).toBe(400);
      const thread = await victim('report-thread', '/reports/thread', { receipt: reported.receipt });
      expect(JSON.stringify(thread.body.messages)).toContain(staffCanary);
      const staffThread = await call(h['message-list']!, staffEvent('GET', `/reports/${reportId}/messages`, { claims: supervisor() }));
      expect(JSON.stringify(staffThread.body.messages)).toContain(victimCanary);
      const queue = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: supervisor(), query: { state: 'all', limit: '100' } }));
      answers.push(tooLong.text, wrong.text, tooLongStaff.text, queue.text, posted.text, replied.text);

      // An officer's suspect check and the referral both go out after the messages exist.
      const check = httpEvent('POST', `/reports/${reportId}/suspect-checks`, {
        body: JSON.stringify({ integrationId: 'pnc-check', legalBasis: 'dpa-2018-s35-strictly-necessary', reasonCode: 'bail-or-order-check', justification: 'Suspect named in a high-risk report.' }),
      });
      check.pathParameters = { reportId };
      withStaffToken(check, supervisor() as Record<string, string>);
      const checked = await call(h['suspect-check']!, check);
      expect(checked.status).toBe(202);
      await (await dispatcher()).sweep(fixture.force.forceId);
    } finally {
      capture.restore();
    }
    for (const canary of [victimCanary, staffCanary]) {
      expect(capture.text()).not.toContain(canary);
      for (const answer of answers) expect(answer).not.toContain(canary);
      const outbound = JSON.stringify(fixture.receiver.processed.map((delivery) => delivery.body));
      expect(outbound).toContain('suspect');
      expect(outbound).not.toContain(canary);
    }

    // Every item in the table: no canary in any plaintext attribute, nor in the bytes of any sealed one.
    const items = await scanTable(fixture.force.dynamo.document, fixture.force.tableName);
    const messages = items.filter((item) => item.type === 'message' && item.PK === `REPORT#${reportId}`);
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      expect(Object.keys(message).sort()).toEqual(['PK', 'SK', 'at', 'author', 'dataClass', 'messageId', 'text', 'ttl', 'type']);
      expect(message.text).toBeInstanceOf(Uint8Array);
    }
    expect(messages.map((message) => message.dataClass).sort()).toEqual(['account', 'staff-message']);
    for (const item of items) {
      for (const value of Object.values(item)) {
        const text = value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : JSON.stringify(value);
        expect(text).not.toContain(victimCanary);
        expect(text).not.toContain(staffCanary);
      }
    }
    // The queue entry carries booleans and times only about the channel (and its sealed support-needs hint, binary: issues 16, 17).
    const entry = items.find((item) => item.type === 'queue-entry' && item.reportId === reportId)!;
    expect(Object.keys(entry).sort()).toEqual(['PK', 'SK', 'createdAt', 'forceId', 'grade', 'needs', 'priority', 'reportId', 'ttl', 'type', 'victimLastLookedAt'].sort());
    expect(entry.needs).toBeInstanceOf(Uint8Array);
    expect(entry.unreadReply).toBeUndefined();
  });
});
