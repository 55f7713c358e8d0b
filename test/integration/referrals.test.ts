/**
 * Charity referrals end to end against a real DynamoDB Local and a real
 * local HTTP server as the charities' receiver: created with the report,
 * sealed in the outbox, delivered as verified signed webhooks, retried,
 * dead-lettered, deduplicated by the receiver, stopped by withdrawal.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { ReferralDispatcher } from '../../functions/domain/referrals/dispatch';
import type { OutboxReferral } from '../../functions/domain/referrals/outbox';
import { withdrawReferralConsent } from '../../functions/domain/referrals/withdraw';
import type { ReportSubmissionInput } from '../../schemas/report';
import { scanTable } from '../support/scan';
import { referralDispatcherDeps, setUpFirewallForce, type FirewallFixture } from '../support/firewall-fixture';
import type { StaffRole } from '../../functions/domain/access/staff-access';
import { auditItemsOf, call, claimsFor, withStaffToken, loadHandler, staffEvent } from '../support/staff';
import { fullSubmission, httpEvent, lambdaContext } from '../support/reports';

let fixture: FirewallFixture;
type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
let submitHandler: Handler;
let deadLetterHandler: Handler;

const supervisor = (event: ReturnType<typeof httpEvent>) => {
  withStaffToken(event, claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: ['supervisor'], sub: 'officer-1' }));
  return event;
};

async function submit(input: ReportSubmissionInput): Promise<OutboxReferral[]> {
  const result = (await submitHandler(httpEvent('POST', '/reports', { body: JSON.stringify(input) }), lambdaContext())) as APIGatewayProxyStructuredResultV2;
  expect(result.statusCode).toBe(201);
  const runtime = await firewallRuntime();
  const items = await scanTable(fixture.force.dynamo.document, fixture.force.tableName);
  const reportIds = new Set(items.filter((item) => item.type === 'report').map((item) => item.reportId as string));
  const referrals = (await Promise.all([...reportIds].map((id) => runtime.outbox.ofReport(id)))).flat();
  return referrals.filter((referral) => !seen.has(referral.referralId) && seen.add(referral.referralId));
}
const seen = new Set<string>();

const dispatcherDeps = () => referralDispatcherDeps();

async function dispatcher(options: { maxAttempts?: number } = {}) {
  return new ReferralDispatcher({
    ...(await dispatcherDeps()),
    // No waiting between attempts: the backoff itself is tested below.
    options: { maxAttempts: options.maxAttempts ?? 8, baseDelaySeconds: 0 },
  });
}

const consented = (canary: string, consent: Record<string, boolean>): ReportSubmissionInput => ({ ...fullSubmission(canary), consent });

beforeAll(async () => {
  fixture = await setUpFirewallForce();
  ({ handler: submitHandler } = (await import('../../functions/submit-report/handler')) as unknown as { handler: Handler });
  ({ handler: deadLetterHandler } = (await import('../../functions/referral-dead-letters/handler')) as unknown as { handler: Handler });
});

afterAll(async () => {
  await fixture.receiver.close();
});

describe('charity referrals', () => {
  it('are created with the report only for consented recipient types, with no plaintext content or charity in the outbox', async () => {
    const canary = 'CANARYREF1';
    const referrals = await submit(consented(canary, { idva: true, victimCareUnit: true }));
    expect(referrals).toHaveLength(2);
    expect(referrals.every((referral) => referral.state === 'pending' && referral.attempts === 0)).toBe(true);
    const dump = JSON.stringify(
      await scanTable(fixture.force.dynamo.document, fixture.force.tableName),
      (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value),
    );
    for (const needle of [canary, 'north-idva', 'north-vcu', 'victim-care-unit', 'Amina']) expect(dump).not.toContain(needle);
    // Not consented: no referral to the local DA service.
    const runtime = await firewallRuntime();
    const targets = await Promise.all(referrals.map((referral) => runtime.targets.open(referral.sealedTarget!, referral)));
    expect(targets.map((target) => target.charityId).sort()).toEqual(['north-idva', 'north-vcu']);
  });

  it('are delivered as signed webhooks the receiver verifies; the protected section only with consent and to an eligible type', async () => {
    const canary = 'CANARYREF2';
    const referrals = await submit(consented(canary, { idva: true, victimCareUnit: true, shareImmigrationWithSupport: true }));
    const before = fixture.receiver.processed.length;
    const results = await (await dispatcher()).sweep(fixture.force.forceId);
    // The sweep also takes the still-pending referrals of the previous test.
    const ids = referrals.map((referral) => referral.referralId);
    expect(results.filter((result) => result.outcome === 'delivered').map((result) => result.referralId)).toEqual(expect.arrayContaining(ids));
    const delivered = fixture.receiver.processed.slice(before).filter((delivery) => ids.includes(delivery.deliveryId));
    expect(delivered).toHaveLength(2);
    expect(fixture.receiver.requests.every((request) => request.verified)).toBe(true);
    const byPath = Object.fromEntries(delivered.map((delivery) => [delivery.path, delivery.body as Record<string, unknown>]));
    expect(byPath['/north-idva']).toMatchObject({ contract: 'referral@v1', recipientType: 'idva', immigration: { status: 'spouse-or-partner-visa' } });
    expect(byPath['/north-vcu']).not.toHaveProperty('immigration');
    expect(JSON.stringify(byPath['/north-vcu'])).not.toContain(`${canary}-nationality`);
    for (const body of Object.values(byPath)) expect(JSON.stringify(body)).not.toContain(`${canary}-account`);
    const runtime = await firewallRuntime();
    const states = (await runtime.outbox.ofReport(referrals[0]!.reportId)).map((referral) => referral.state);
    expect(states).toEqual(['delivered', 'delivered']);
    // Each disclosure record carries the delivery id the charity received, and names the charity only sealed.
    const disclosures = (await auditItemsOf(fixture.force, referrals[0]!.reportId)).filter((item) => item.action === 'disclosure');
    expect(disclosures.map((item) => item.auditId).sort()).toEqual(delivered.map((delivery) => delivery.deliveryId).sort());
    expect(disclosures.map((item) => (item.recipient as { type: string }).type).sort()).toEqual(['idva', 'victim-care-unit']);
    const dump = JSON.stringify(disclosures);
    for (const needle of ['north-idva', 'north-vcu']) expect(dump).not.toContain(needle);
    for (const item of disclosures) expect(item.recipient).toEqual({ type: expect.any(String), sealedId: { key: 'report', sealed: expect.any(String) } });
  });

  it('are retried after 500s with backoff and delivered once the receiver recovers', async () => {
    const [referral] = await submit(consented('CANARYREF3', { idva: true }));
    let failures = 2;
    fixture.receiver.respond = () => (failures-- > 0 ? 500 : 200);
    const send = await dispatcher();
    try {
      expect((await send.deliver(referral!)).outcome).toBe('retry');
      expect((await send.deliver(referral!)).outcome).toBe('retry');
      const last = await send.deliver(referral!);
      expect(last).toMatchObject({ outcome: 'delivered', attempts: 3 });
    } finally {
      fixture.receiver.respond = () => 200;
    }
    // Backoff: doubling from the base, capped, never shorter than the base.
    const real = new ReferralDispatcher({ ...(await dispatcherDeps()), options: { baseDelaySeconds: 30, maxDelaySeconds: 3600 } });
    expect(real.backoffSeconds(1, () => 0)).toBe(30);
    expect(real.backoffSeconds(3, () => 0)).toBe(120);
    expect(real.backoffSeconds(20, () => 0)).toBe(3600);
  });

  it('are parked in the dead-letter state after N failures and listed for supervisors', async () => {
    const [referral] = await submit(consented('CANARYREF4', { idva: true }));
    fixture.receiver.respond = () => 500;
    const send = await dispatcher({ maxAttempts: 3 });
    try {
      const outcomes = [];
      for (let attempt = 0; attempt < 4; attempt++) outcomes.push((await send.deliver(referral!)).outcome);
      expect(outcomes).toEqual(['retry', 'retry', 'dead-letter', 'not-claimed']);
    } finally {
      fixture.receiver.respond = () => 200;
    }
    const response = (await deadLetterHandler(supervisor(httpEvent('GET', '/referrals/dead-letters')), lambdaContext())) as APIGatewayProxyStructuredResultV2;
    expect(response.statusCode).toBe(200);
    const listed = JSON.parse(response.body ?? '{}') as { referrals: { referralId: string; charityId: string; attempts: number; lastFailure: string }[] };
    expect(listed.referrals).toContainEqual(expect.objectContaining({ referralId: referral!.referralId, charityId: 'north-idva', attempts: 3, lastFailure: 'http-500' }));
    expect(response.body).not.toContain('CANARYREF4');
    const refused = (await deadLetterHandler(httpEvent('GET', '/referrals/dead-letters'), lambdaContext())) as APIGatewayProxyStructuredResultV2;
    expect(refused.statusCode).toBe(401);
  });

  it('are put back to work by a supervisor once the charity is reachable, delivered once with the same id, and audited', async () => {
    const [referral] = await submit(consented('CANARYREF8', { idva: true }));
    fixture.receiver.respond = () => 500;
    const send = await dispatcher({ maxAttempts: 2 });
    try {
      for (let attempt = 0; attempt < 2; attempt++) await send.deliver(referral!);
    } finally {
      fixture.receiver.respond = () => 200;
    }
    const redrive = await loadHandler('referral-redrive');
    const path = `/reports/${referral!.reportId}/referrals/${referral!.referralId}/redrive`;
    const event = (claims: Record<string, string>) => staffEvent('POST', path, { claims, pathParameters: { reportId: referral!.reportId, referralId: referral!.referralId } });
    const as = (roles: StaffRole[], sub: string) => claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles, sub });

    expect((await call(redrive, event(as(['call-handler'], 'handler-3')))).status).toBe(403);
    const answer = await call(redrive, event(as(['supervisor'], 'duty-sergeant')));
    expect([answer.status, answer.body]).toEqual([202, { referralId: referral!.referralId, state: 'pending' }]);
    // Not parked any more: a second re-drive finds nothing to do.
    expect((await call(redrive, event(as(['supervisor'], 'duty-sergeant')))).status).toBe(404);

    const before = fixture.receiver.requests.length;
    await (await dispatcher()).sweep(fixture.force.forceId, 100);
    // Sent again, verified, under the same delivery id (this receiver had processed it already and dedupes).
    const sent = fixture.receiver.requests.slice(before).filter((request) => request.deliveryId === referral!.referralId);
    expect(sent).toEqual([{ path: '/north-idva', verified: true, deliveryId: referral!.referralId }]);
    expect(fixture.receiver.processed.filter((delivery) => delivery.deliveryId === referral!.referralId)).toHaveLength(1);
    const runtime = await firewallRuntime();
    expect((await runtime.outbox.ofReport(referral!.reportId)).map((item) => item.state)).toEqual(['delivered']);
    const trail = await auditItemsOf(fixture.force, referral!.reportId);
    expect(trail.filter((item) => item.operation === 'referral-redrive').map((item) => [item.action, item.actor, item.reason ?? item.detail])).toEqual(
      expect.arrayContaining([
        ['refusal', 'handler-3', 'role-not-allowed'],
        ['alteration', 'duty-sergeant', { referralId: referral!.referralId }],
      ]),
    );
  });

  it('stay stopped once withdrawn: a re-drive of a withdrawn referral finds nothing parked', async () => {
    const [referral] = await submit(consented('CANARYREF9', { idva: true }));
    const runtime = await firewallRuntime();
    await withdrawReferralConsent(runtime, { forceId: fixture.force.forceId, reportId: referral!.reportId });
    const redrive = await loadHandler('referral-redrive');
    const claims = claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: ['supervisor'], sub: 'duty-sergeant' });
    const answer = await call(
      redrive,
      staffEvent('POST', `/reports/${referral!.reportId}/referrals/${referral!.referralId}/redrive`, { claims, pathParameters: { reportId: referral!.reportId, referralId: referral!.referralId } }),
    );
    expect(answer.status).toBe(404);
    expect((await runtime.outbox.ofReport(referral!.reportId)).map((item) => item.state)).toEqual(['withdrawn']);
  });

  it('are processed once by a receiver that dedupes on the delivery id, even when an answer is lost', async () => {
    const [referral] = await submit(consented('CANARYREF5', { idva: true }));
    // The receiver processes the first delivery but its answer "fails": the dispatcher must retry with the same id.
    fixture.receiver.respond = (_delivery, duplicate) => (duplicate ? 200 : 503);
    const before = fixture.receiver.processed.length;
    const requestsBefore = fixture.receiver.requests.length;
    const send = await dispatcher();
    try {
      expect((await send.deliver(referral!)).outcome).toBe('retry');
      expect((await send.deliver(referral!)).outcome).toBe('delivered');
    } finally {
      fixture.receiver.respond = () => 200;
    }
    const requests = fixture.receiver.requests.slice(requestsBefore);
    expect(requests.map((request) => request.deliveryId)).toEqual([referral!.referralId, referral!.referralId]);
    expect(fixture.receiver.processed.slice(before).map((delivery) => delivery.deliveryId)).toEqual([referral!.referralId]);
  });

  it('stop when consent is withdrawn before delivery', async () => {
    const referrals = await submit(consented('CANARYREF6', { idva: true, localDaService: true }));
    const runtime = await firewallRuntime();
    const report = { forceId: fixture.force.forceId, reportId: referrals[0]!.reportId };
    const first = await withdrawReferralConsent(runtime, report, ['idva']);
    expect(first).toEqual({ withdrawn: 1, alreadyDeliveredTo: [] });
    const before = fixture.receiver.processed.length;
    const outcomes = await Promise.all(referrals.map(async (referral) => (await (await dispatcher()).deliver(referral)).outcome));
    expect(outcomes.sort()).toEqual(['delivered', 'not-claimed']);
    expect(fixture.receiver.processed.slice(before).map((delivery) => delivery.path)).toEqual(['/north-da']);
    const second = await withdrawReferralConsent(runtime, report);
    expect(second).toEqual({ withdrawn: 0, alreadyDeliveredTo: ['north-da'] });
    expect((await runtime.outbox.ofReport(report.reportId)).map((referral) => referral.state).sort()).toEqual(['delivered', 'withdrawn']);
  });
});

describe('consent withdrawal through the staff API', () => {
  const as = (roles: StaffRole[], sub: string) => claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles, sub });
  const withdrawal = (reportId: string, claims: Record<string, string>, body: unknown) =>
    staffEvent('POST', `/reports/${reportId}/consent-withdrawals`, { claims, body });

  it('lets the lease holder stop undelivered referrals, names the charities that already have one, and audits it', async () => {
    const referrals = await submit(consented('CANARYREF7', { idva: true, localDaService: true, victimCareUnit: true }));
    const reportId = referrals[0]!.reportId;
    const runtime = await firewallRuntime();
    const vcu = (await Promise.all(referrals.map(async (referral) => ({ referral, target: await runtime.targets.open(referral.sealedTarget!, referral) })))).find(
      (candidate) => candidate.target.recipientType === 'victim-care-unit',
    )!;
    expect((await (await dispatcher()).deliver(vcu.referral)).outcome).toBe('delivered');
    const [withdraw, reassign] = await Promise.all([loadHandler('consent-withdrawal'), loadHandler('report-reassign')]);

    // Not holding the lease: refused, audited, nothing stopped.
    const refused = await call(withdraw, withdrawal(reportId, as(['call-handler'], 'handler-without-lease'), { recipientTypes: ['idva'] }));
    expect(refused.status).toBe(403);
    expect((await runtime.outbox.ofReport(reportId)).filter((referral) => referral.state === 'withdrawn')).toEqual([]);

    const assigned = await call(reassign, staffEvent('POST', `/reports/${reportId}/reassign`, { claims: as(['supervisor'], 'duty-sergeant'), body: { to: 'handler-7' } }));
    expect(assigned.status).toBe(200);
    const answer = await call(withdraw, withdrawal(reportId, as(['call-handler'], 'handler-7'), { recipientTypes: ['idva', 'victim-care-unit'] }));
    expect([answer.status, answer.body]).toEqual([200, { withdrawn: 1, alreadyDeliveredTo: ['north-vcu'] }]);
    expect(answer.text).not.toContain('CANARYREF7');

    // The dispatcher now delivers only what the victim still agrees to.
    const before = fixture.receiver.processed.length;
    await (await dispatcher()).sweep(fixture.force.forceId);
    const delivered = fixture.receiver.processed.slice(before).filter((delivery) => referrals.some((referral) => referral.referralId === delivery.deliveryId));
    expect(delivered.map((delivery) => delivery.path)).toEqual(['/north-da']);

    // Withdrawing everything later stops nothing more and names every charity that has it.
    const all = await call(withdraw, withdrawal(reportId, as(['supervisor'], 'duty-sergeant'), {}));
    expect([all.status, all.body.withdrawn, [...all.body.alreadyDeliveredTo].sort()]).toEqual([200, 0, ['north-da', 'north-vcu']]);

    const trail = await auditItemsOf(fixture.force, reportId);
    expect(trail.filter((item) => item.operation === 'consent-withdrawal').map((item) => [item.action, item.actor, item.purpose, item.dataClasses, item.reason ?? item.detail])).toEqual(
      expect.arrayContaining([
        ['refusal', 'handler-without-lease', 'support-referral', ['consent'], 'not-lease-holder'],
        ['alteration', 'handler-7', 'support-referral', ['consent'], { recipientTypes: 'idva,victim-care-unit', withdrawn: '1', alreadyDelivered: '1' }],
        ['alteration', 'duty-sergeant', 'support-referral', ['consent'], { recipientTypes: 'idva,local-da-service,by-and-for-service,victim-care-unit', withdrawn: '0', alreadyDelivered: '2' }],
      ]),
    );
  });

  it('refuses an unknown recipient type with 400 naming the field, without echoing it', async () => {
    const withdraw = await loadHandler('consent-withdrawal');
    const answer = await call(withdraw, withdrawal('7d0b1c2e-1111-4222-8333-944455556666', as(['supervisor'], 'duty-sergeant'), { recipientTypes: ['CANARY-TYPE'] }));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('recipientTypes');
    expect(answer.text).not.toContain('CANARY-TYPE');
  });
});
