/**
 * The referral dispatch, withdrawal and re-drive flows over in-memory ports
 * (test/support/memory-referral-outbox.ts): what a charity receives, retries
 * and parking, consent withdrawn before and after delivery, and re-driving a
 * parked referral. test/integration/referrals.test.ts runs the same flows on
 * DynamoDB Local with a real HTTP receiver.
 */
import { describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '../../../../functions/domain/access/staff-access';
import type { Disclosure } from '../../../../functions/domain/policy/disclosure';
import { ReferralDispatcher } from '../../../../functions/domain/referrals/dispatch';
import { NoParkedReferralError, redriveReferral } from '../../../../functions/domain/referrals/redrive';
import { withdrawReferralConsent } from '../../../../functions/domain/referrals/withdraw';
import { ReportSubmissionSchema, type ReportBody } from '../../../../schemas/report';
import { MemoryAuditLog } from '../../../support/memory-audit-log';
import { memoryCipher } from '../../../support/memory-queue-store';
import { MemoryReferralOutbox, memoryTargets } from '../../../support/memory-referral-outbox';
import { fullSubmission } from '../../../support/reports';
import { AuditTrail } from '../../../../functions/domain/audit/audit-trail';

const FORCE = 'example-north';
const REPORT = '7d0b1c2e-1111-4222-8333-944455556666';
/** Referral ids are UUIDs: the charity receives them as the delivery id. */
const IDVA = '11111111-1111-4111-8111-111111111111';
const DA = '22222222-2222-4222-8222-222222222222';
const NOW = new Date('2026-11-02T10:00:00.000Z');
const context = { forceId: FORCE, reportId: REPORT };
const charity = (id: string, recipientType: 'idva' | 'local-da-service') => ({
  id,
  name: id,
  recipientTypes: [recipientType],
  servicesOffered: [],
  areasServed: ['S'],
  languages: ['en'],
  webhookUrl: `https://charity.invalid/${id}`,
  byAndFor: false,
});

async function setUp(statuses: number[] = [202]) {
  const outbox = new MemoryReferralOutbox();
  const { immigration, ...body } = ReportSubmissionSchema.parse(fullSubmission());
  outbox.reports.set(REPORT, {
    routing: { ...context, grade: 'high', priority: 2, status: 'received', createdAt: NOW.toISOString() },
    sealedBody: await memoryCipher.sealBody(body as ReportBody, context),
    sealedProtected: await memoryCipher.sealProtected(immigration, context),
  });
  for (const [referralId, charityId, recipientType] of [[IDVA, 'north-idva', 'idva'], [DA, 'north-da', 'local-da-service']] as const) {
    outbox.put({ referralId, reportId: REPORT, forceId: FORCE, createdAt: NOW.toISOString(), sealedTarget: await memoryTargets.seal({ charityId, recipientType }, context) });
  }
  const sent: { url: string; body: string }[] = [];
  const disclosures: Disclosure[] = [];
  let now = NOW;
  const dispatcher = new ReferralDispatcher({
    outbox,
    reports: outbox,
    cipher: memoryCipher,
    targets: memoryTargets,
    directory: { charities: [charity('north-idva', 'idva'), charity('north-da', 'local-da-service')], enforcementIntegrations: [], canaries: [] },
    secrets: { secretFor: async () => new Uint8Array(32) },
    sender: {
      post: async (url, payload) => {
        sent.push({ url, body: payload });
        return statuses.length > 1 ? (statuses.shift() as number) : (statuses[0] as number);
      },
    },
    disclosures: { record: async (disclosure) => void disclosures.push(disclosure) },
    actor: 'referral-dispatcher',
    options: { maxAttempts: 3, baseDelaySeconds: 30 },
    now: () => now,
  });
  return { outbox, dispatcher, sent, disclosures, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const supervisor: StaffPrincipal = { actor: 'sup-1', role: 'supervisor', roles: ['supervisor'], forceId: FORCE };

describe('referral flows over in-memory ports', () => {
  it('delivers each consented referral once, signed, recording one disclosure per delivery', async () => {
    const { dispatcher, outbox, sent, disclosures } = await setUp();
    const results = await dispatcher.sweep(FORCE);
    expect(results.map((result) => [result.referralId, result.outcome])).toEqual([
      [IDVA, 'delivered'],
      [DA, 'delivered'],
    ]);
    expect(sent.map((delivery) => delivery.url).sort()).toEqual(['https://charity.invalid/north-da', 'https://charity.invalid/north-idva']);
    expect(disclosures.map((disclosure) => [disclosure.disclosureId, disclosure.recipient, disclosure.legalBasis])).toEqual([
      [IDVA, 'north-idva', 'consent'],
      [DA, 'north-da', 'consent'],
    ]);
    expect(await dispatcher.sweep(FORCE)).toEqual([]);
    expect([...outbox.referrals.values()].map((referral) => referral.state)).toEqual(['delivered', 'delivered']);
  });

  it('retries a failed delivery after a back-off and parks it after the last attempt, with the failure code only', async () => {
    const { dispatcher, outbox, advance, disclosures } = await setUp([500]);
    expect((await dispatcher.deliver({ reportId: REPORT, referralId: IDVA })).outcome).toBe('retry');
    // Not due again until the back-off has passed.
    expect(await dispatcher.deliver({ reportId: REPORT, referralId: IDVA })).toEqual({ referralId: IDVA, outcome: 'not-claimed' });
    advance(10 * 60_000);
    expect((await dispatcher.deliver({ reportId: REPORT, referralId: IDVA })).outcome).toBe('retry');
    advance(10 * 60_000);
    expect(await dispatcher.deliver({ reportId: REPORT, referralId: IDVA })).toEqual({ referralId: IDVA, outcome: 'dead-letter', attempts: 3, failure: 'http-500' });
    expect((await outbox.deadLetters(FORCE, 10)).map((referral) => [referral.referralId, referral.lastFailure])).toEqual([[IDVA, 'http-500']]);
    expect(disclosures).toEqual([]);
  });

  it('stops undelivered referrals on withdrawal and names the charities that already have theirs', async () => {
    const { dispatcher, outbox, sent } = await setUp();
    await dispatcher.deliver({ reportId: REPORT, referralId: IDVA });
    const result = await withdrawReferralConsent({ outbox, targets: memoryTargets, now: () => NOW }, context);
    expect(result).toEqual({ withdrawn: 1, alreadyDeliveredTo: ['north-idva'] });
    expect(await dispatcher.sweep(FORCE)).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(outbox.referrals.get(DA)?.state).toBe('withdrawn');
  });

  it('withdraws only the kinds of service named, leaving the others to be delivered', async () => {
    const { dispatcher, outbox } = await setUp();
    expect(await withdrawReferralConsent({ outbox, targets: memoryTargets }, context, ['idva'])).toEqual({ withdrawn: 1, alreadyDeliveredTo: [] });
    expect((await dispatcher.sweep(FORCE)).map((result) => [result.referralId, result.outcome])).toEqual([[DA, 'delivered']]);
  });

  it('lets a withdrawal win over a delivery in flight: the dispatcher holding the lease cannot mark it delivered afterwards', async () => {
    const { outbox } = await setUp();
    const held = await outbox.claim({ reportId: REPORT, referralId: IDVA }, NOW, 60);
    expect(await outbox.withdraw({ reportId: REPORT, referralId: IDVA }, NOW)).toBe(true);
    await outbox.markDelivered(held!, NOW);
    expect(outbox.referrals.get(IDVA)?.state).toBe('withdrawn');
  });

  it('re-drives a parked referral with a fresh budget and audits it; refuses one that is not parked or of another force', async () => {
    const { dispatcher, outbox, advance } = await setUp([500, 500, 500, 202]);
    for (let i = 0; i < 3; i++) {
      await dispatcher.deliver({ reportId: REPORT, referralId: IDVA });
      advance(10 * 60_000);
    }
    expect(outbox.referrals.get(IDVA)?.state).toBe('dead-letter');
    const log = new MemoryAuditLog();
    const audit = new AuditTrail(log, { forceId: FORCE, retentionDays: 10 });
    await expect(redriveReferral({ outbox, audit }, { ...supervisor, forceId: 'example-south' }, { reportId: REPORT, referralId: IDVA })).rejects.toBeInstanceOf(
      NoParkedReferralError,
    );
    await expect(redriveReferral({ outbox, audit }, supervisor, { reportId: REPORT, referralId: DA })).rejects.toBeInstanceOf(NoParkedReferralError);
    await redriveReferral({ outbox, audit, now: () => new Date(NOW.getTime() + 30 * 60_000) }, supervisor, { reportId: REPORT, referralId: IDVA });
    expect(log.records.map((record) => [record.operation, record.actor, record.detail?.referralId])).toEqual([['referral-redrive', 'sup-1', IDVA]]);
    expect(await dispatcher.deliver({ reportId: REPORT, referralId: IDVA })).toEqual({ referralId: IDVA, outcome: 'delivered', attempts: 1 });
  });

  it('cancels a referral whose report is gone (expired or shredded) without sending anything', async () => {
    const { dispatcher, outbox, sent } = await setUp();
    outbox.reports.delete(REPORT);
    expect(await dispatcher.deliver({ reportId: REPORT, referralId: IDVA })).toEqual({ referralId: IDVA, outcome: 'cancelled', failure: 'report-gone' });
    expect(sent).toEqual([]);
  });

  it('copes with referrals whose target left with the consent class: withdrawal stops and names nothing, the dispatcher cancels without sending', async () => {
    const { dispatcher, outbox, sent } = await setUp();
    await dispatcher.deliver({ reportId: REPORT, referralId: IDVA });
    sent.length = 0;
    for (const referral of outbox.referrals.values()) delete referral.sealedTarget;
    expect(await withdrawReferralConsent({ outbox, targets: memoryTargets, now: () => NOW }, context)).toEqual({ withdrawn: 0, alreadyDeliveredTo: [] });
    expect(await dispatcher.deliver({ reportId: REPORT, referralId: DA })).toEqual({ referralId: DA, outcome: 'cancelled', failure: 'class-removed' });
    expect(sent).toEqual([]);
  });
});
