/**
 * Consent given later through the receipt channel, against
 * DynamoDB Local and a real local charity webhook receiver: the kind given is
 * referred exactly as the intake would have referred it, once however often
 * (or however concurrently) it is given, audited without content, and
 * delivered by the referral dispatcher as a verified signed webhook; give,
 * withdraw, give behaves as documented in functions/domain/referrals/consent-change.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { ReferralDispatcher } from '../../functions/domain/referrals/dispatch';
import type { ReportSubmissionInput } from '../../schemas/report';
import { referralDispatcherDeps, setUpFirewallForce, type FirewallFixture } from '../support/firewall-fixture';
import { fullSubmission, httpEvent } from '../support/reports';
import { auditItemsOf, call, claimsFor, loadHandler, staffEvent, submitReport, type Handler } from '../support/staff';

let fixture: FirewallFixture;
const h: Record<string, Handler> = {};
let ip = 10;

const consentChange = (receipt: string, change: { give?: string[]; withdraw?: string[] }) =>
  call(h['consent-change']!, httpEvent('POST', '/reports/consents', { body: JSON.stringify({ receipt, ...change }), sourceIp: `198.51.100.${ip++ % 250}` }));

const supervisor = () => claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: ['supervisor'], sub: 'duty-sergeant' });
const staffWithdrawal = (reportId: string, body: { recipientTypes?: string[] }) =>
  call(h['consent-withdrawal']!, staffEvent('POST', `/reports/${reportId}/consent-withdrawals`, { claims: supervisor(), body }));
const thread = (receipt: string) => call(h['report-thread']!, httpEvent('POST', '/reports/thread', { body: JSON.stringify({ receipt }), sourceIp: `198.51.100.${ip++ % 250}` }));

const dispatcher = async () => new ReferralDispatcher(await referralDispatcherDeps());

const report = (input: ReportSubmissionInput) => submitReport(fixture.force, input);

/** The report's referrals, oldest first, with their targets opened. */
async function referralsOf(reportId: string) {
  const runtime = await firewallRuntime();
  const stored = await runtime.outbox.ofReport(reportId);
  const opened = await Promise.all(
    stored.map(async (referral) => ({ ...referral, target: await runtime.targets.open(referral.sealedTarget!, { forceId: referral.forceId, reportId }) })),
  );
  return opened.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Runs the dispatcher; the deliveries the charities verified and processed meanwhile. */
async function deliver() {
  const before = fixture.receiver.processed.length;
  await (await dispatcher()).sweep(fixture.force.forceId, 100);
  return fixture.receiver.processed.slice(before);
}

const noConsent = (canary: string): ReportSubmissionInput => ({ ...fullSubmission(canary), consent: {} });

beforeAll(async () => {
  fixture = await setUpFirewallForce();
  for (const name of ['submit-report', 'consent-change', 'receipt-rotation', 'consent-withdrawal', 'report-thread']) h[name] = await loadHandler(name);
});
afterAll(async () => fixture.receiver.close());

describe('consent given later through the receipt', () => {
  it('refers the kind given exactly as the intake would have, and the dispatcher delivers it to that charity as a signed webhook', async () => {
    const { receipt, reportId } = await report(noConsent('CANARYLATE1'));
    expect(await referralsOf(reportId)).toEqual([]);

    const given = await consentChange(receipt, { give: ['idva'] });
    expect([given.status, given.body]).toEqual([200, { consents: expect.objectContaining({ idva: true }), referred: 1, withdrawn: 0, alreadyDelivered: 0 }]);
    const [late] = await referralsOf(reportId);
    // The intake, given the same answers with that consent, refers to the same charity for the same kind.
    const atIntake = await report({ ...noConsent('CANARYLATE1'), consent: { idva: true } });
    const [intakeReferral] = await referralsOf(atIntake.reportId);
    expect(late!.target).toEqual(intakeReferral!.target);
    expect(late!.target).toEqual({ charityId: 'north-idva', recipientType: 'idva' });
    expect([late!.state, late!.attempts]).toEqual(['pending', 0]);

    const delivered = await deliver();
    const ours = delivered.find((delivery) => delivery.deliveryId === late!.referralId);
    expect(ours?.path).toBe('/north-idva');
    expect(ours?.body).toMatchObject({ deliveryId: late!.referralId, recipientType: 'idva' });
    expect(fixture.receiver.requests.filter((request) => request.deliveryId === late!.referralId).every((request) => request.verified)).toBe(true);
    expect((await referralsOf(reportId)).map((referral) => referral.state)).toEqual(['delivered']);
  });

  it('makes one referral when the same consent is given twice, or twice at once', async () => {
    const { receipt, reportId } = await report(noConsent('CANARYTWICE'));
    const first = await consentChange(receipt, { give: ['idva'] });
    const again = await consentChange(receipt, { give: ['idva'] });
    expect([first.body.referred, again.status, again.body.referred]).toEqual([1, 200, 0]);

    const racing = await Promise.all([consentChange(receipt, { give: ['local-da-service'] }), consentChange(receipt, { give: ['local-da-service'] }), consentChange(receipt, { give: ['local-da-service'] })]);
    expect(racing.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(racing.map((answer) => answer.body.referred).sort()).toEqual([0, 0, 1]);
    expect((await referralsOf(reportId)).map((referral) => referral.target.recipientType).sort()).toEqual(['idva', 'local-da-service']);
  });

  it('give, withdraw, give: refers anew when the first referral was stopped before delivery, and not again once a charity has it', async () => {
    const { receipt, reportId } = await report(noConsent('CANARYGWG'));
    expect((await consentChange(receipt, { give: ['idva'] })).body.referred).toBe(1);
    const withdrawn = await consentChange(receipt, { withdraw: ['idva'] });
    expect([withdrawn.body.withdrawn, withdrawn.body.alreadyDelivered]).toEqual([1, 0]);
    expect((await consentChange(receipt, { give: ['idva'] })).body.referred).toBe(1);
    const states = await referralsOf(reportId);
    expect(states.map((referral) => referral.state)).toEqual(['withdrawn', 'pending']);

    // Only the second goes out: the stopped one never reaches the charity.
    const delivered = (await deliver()).filter((delivery) => states.some((referral) => referral.referralId === delivery.deliveryId));
    expect(delivered.map((delivery) => [delivery.deliveryId, delivery.path])).toEqual([[states[1]!.referralId, '/north-idva']]);

    // Withdrawn after delivery: the charity has it; given once more: no second referral to that charity.
    const late = await consentChange(receipt, { withdraw: ['idva'] });
    expect([late.body.withdrawn, late.body.alreadyDelivered]).toEqual([0, 1]);
    expect((await consentChange(receipt, { give: ['idva'] })).body.referred).toBe(0);
    expect((await referralsOf(reportId)).map((referral) => referral.state)).toEqual(['withdrawn', 'delivered']);
  });

  it('after a supervisor recorded a withdrawal, shows the victim that consent as not given, and refers anew once the victim gives it', async () => {
    const { receipt, reportId } = await report({ ...noConsent('CANARYSTAFF'), consent: { idva: true } });
    const stopped = await staffWithdrawal(reportId, { recipientTypes: ['idva'] });
    expect([stopped.status, stopped.body.withdrawn]).toEqual([200, 1]);
    // The staff route clears the flag in the sealed body, as the victim's own withdrawal does.
    expect((await thread(receipt)).body.consents).toMatchObject({ idva: false });
    const given = await consentChange(receipt, { give: ['idva'] });
    expect([given.status, given.body.consents.idva, given.body.referred]).toEqual([200, true, 1]);
    const [first, second] = await referralsOf(reportId);
    expect([first!.state, second!.state]).toEqual(['withdrawn', 'pending']);
    const trail = await auditItemsOf(fixture.force, reportId);
    expect(trail.filter((item) => item.operation === 'victim-consent-change').map((item) => item.detail)).toEqual([expect.objectContaining({ given: 'idva', referralsMade: '1', referralsStopped: '0' })]);
    const delivered = (await deliver()).filter((delivery) => [first!.referralId, second!.referralId].includes(delivery.deliveryId));
    expect(delivered.map((delivery) => delivery.deliveryId)).toEqual([second!.referralId]);
  });

  it('after a withdrawal of every kind, shows no service consented to, and leaves the separate consent to share immigration details as it was', async () => {
    const consent = { idva: true, localDaService: true, victimCareUnit: true, shareImmigrationWithSupport: true };
    const { receipt, reportId } = await report({ ...noConsent('CANARYALL'), consent });
    const all = await staffWithdrawal(reportId, {});
    expect([all.status, all.body.withdrawn]).toEqual([200, 3]);
    expect((await thread(receipt)).body.consents).toEqual({
      idva: false,
      'local-da-service': false,
      'by-and-for-service': false,
      'victim-care-unit': false,
      // The contract's withdrawal names kinds of service (schemas/firewall.ts): this flag only says what a referral may carry.
      'share-immigration-with-support': true,
    });
  });

  it('keeps both a supervisor\'s withdrawal and the victim\'s gift made at the same time: neither body write is lost', async () => {
    for (let round = 0; round < 4; round++) {
      const { receipt, reportId } = await report({ ...noConsent(`CANARYRACE${round}`), consent: { idva: true } });
      const [withdrawn, given] = await Promise.all([staffWithdrawal(reportId, { recipientTypes: ['idva'] }), consentChange(receipt, { give: ['local-da-service'] })]);
      expect([withdrawn.status, withdrawn.body.withdrawn, given.status, given.body.referred]).toEqual([200, 1, 200, 1]);
      expect((await thread(receipt)).body.consents).toMatchObject({ idva: false, 'local-da-service': true });
      const states = (await referralsOf(reportId)).map((referral) => [referral.target.recipientType, referral.state]);
      expect(states.sort()).toEqual([
        ['idva', 'withdrawn'],
        ['local-da-service', 'pending'],
      ]);
    }
  });

  it('is on the audit trail with kinds and counts only, never the charity', async () => {
    const { receipt, reportId } = await report(noConsent('CANARYAUDIT'));
    await consentChange(receipt, { give: ['idva', 'victim-care-unit'] });
    const trail = await auditItemsOf(fixture.force, reportId);
    const change = trail.filter((item) => item.operation === 'victim-consent-change');
    expect(change).toEqual([
      expect.objectContaining({ action: 'alteration', actor: 'victim', purpose: 'support-referral', detail: expect.objectContaining({ given: 'idva,victim-care-unit', referralsMade: '2', referralsStopped: '0' }) }),
    ]);
    const stored = JSON.stringify(trail);
    for (const charity of ['north-idva', 'north-vcu', 'CANARYAUDIT']) expect(stored).not.toContain(charity);
  });

  it('makes no referral through a rotated receipt: it answers exactly like one that never existed', async () => {
    const { receipt, reportId } = await report(noConsent('CANARYROT'));
    const rotated = await call(h['receipt-rotation']!, httpEvent('POST', '/reports/receipt', { body: JSON.stringify({ receipt }), sourceIp: '198.51.100.251' }));
    expect(rotated.status).toBe(201);
    const old = await consentChange(receipt, { give: ['idva'] });
    const never = await consentChange('0000 1111 2222 3334', { give: ['idva'] });
    expect([old.status, old.text]).toEqual([never.status, never.text]);
    expect(old.status).toBe(404);
    expect(await referralsOf(reportId)).toEqual([]);
    expect((await consentChange(rotated.body.receipt as string, { give: ['idva'] })).body.referred).toBe(1);
  });
});
