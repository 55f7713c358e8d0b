/**
 * The victim's consent changes over in-memory ports: the store
 * below keeps the DynamoDB store's conditions (receipt still the report's,
 * body version, referral still undelivered), so races can be staged exactly
 * between the channel's read and its write.
 */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail, type AuditRecord } from '../../../../functions/domain/audit/audit-trail';
import type { ChannelReport, ChannelStore, ChannelWrite, MessageCipher } from '../../../../functions/domain/channel/channel-store';
import { ReceiptGate } from '../../../../functions/domain/channel/receipt-gate';
import { BodyClassRemovedError, ReceiptNotFoundError, VictimChannel } from '../../../../functions/domain/channel/victim-channel';
import type { Charity } from '../../../../functions/domain/referrals/directory';
import type { OutboxReferral, ReferralTarget, ReferralTargetSealer } from '../../../../functions/domain/referrals/outbox';
import { ReceiptBook } from '../../../../functions/domain/receipts/receipt';
import type { SealContext } from '../../../../functions/domain/report';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { MemoryAuditLog } from '../../../support/memory-audit-log';
import { fullSubmission } from '../../../support/reports';
import { testCipher } from '../../../support/test-cipher';
import { charity as charityOf } from '../../../support/charities';

const FORCE = 'demoshire';
const charity = (id: string, recipientType: Charity['recipientTypes'][number]) => charityOf(id, { recipientTypes: [recipientType] });
const CHARITIES = [charity('north-idva', 'idva'), charity('north-da', 'local-da-service')];

/** Targets "sealed" as JSON bound to their context: opening under another report fails, as the real sealer does. */
const targets: ReferralTargetSealer = {
  seal: async (target: ReferralTarget, context: SealContext) => Buffer.from(JSON.stringify({ target, context })),
  open: async (sealed: Uint8Array, context: SealContext) => {
    const { target, context: bound } = JSON.parse(Buffer.from(sealed).toString('utf8')) as { target: ReferralTarget; context: SealContext };
    if (bound.reportId !== context.reportId || bound.forceId !== context.forceId) throw new Error('context mismatch');
    return target;
  },
};

/** The DynamoDB store's conditions, in memory; `beforeApply` runs between the channel's read and its write. */
class MemoryChannelStore implements ChannelStore {
  readonly receipts = new Map<string, string>();
  readonly reports = new Map<string, ChannelReport>();
  readonly referrals = new Map<string, OutboxReferral>();
  readonly audit: AuditRecord[] = [];
  beforeApply: (() => void) | undefined;

  async reportIdByReceipt(lookupKey: string) {
    return this.receipts.get(lookupKey);
  }
  async report(reportId: string) {
    const report = this.reports.get(reportId);
    return report && { ...report };
  }
  async messages() {
    return [];
  }
  async ofReport(reportId: string) {
    return [...this.referrals.values()].filter((referral) => referral.reportId === reportId).map((referral) => ({ ...referral }));
  }
  async apply(report: ChannelReport, change: ChannelWrite, audit: AuditRecord) {
    const hook = this.beforeApply;
    this.beforeApply = undefined;
    hook?.();
    if (change.kind !== 'body') throw new Error(`not modelled: ${change.kind}`);
    const current = this.reports.get(report.reportId);
    if (this.receipts.get(change.receipt.lookupKey) !== report.reportId || !current || current.bodyVersion !== change.bodyVersion) return false;
    const stops = change.referrals?.stop ?? [];
    if (stops.some((id) => !['pending', 'dead-letter'].includes(this.referrals.get(id)?.state ?? ''))) return false;
    this.reports.set(report.reportId, { ...current, sealedBody: change.sealedBody, bodyVersion: current.bodyVersion + 1 });
    for (const id of stops) this.referrals.set(id, { ...this.referrals.get(id)!, state: 'withdrawn' });
    for (const created of change.referrals?.create ?? []) {
      const at = change.referrals!.at;
      this.referrals.set(created.referralId, { referralId: created.referralId, reportId: report.reportId, forceId: report.forceId, state: 'pending', attempts: 0, createdAt: at, nextAttemptAt: at, sealedTarget: created.sealedTarget });
    }
    this.audit.push(audit);
    return true;
  }
}

let store: MemoryChannelStore;
let channel: VictimChannel;
let receipt: string;
const reportId = 'a1b2c3d4-0000-4000-8000-000000000001';
const clientKey = 'caller';

async function targetsOf() {
  return Promise.all([...store.referrals.values()].map(async (referral) => ({ state: referral.state, ...(await targets.open(referral.sealedTarget!, { forceId: FORCE, reportId })) })));
}

beforeEach(async () => {
  store = new MemoryChannelStore();
  const receipts = new ReceiptBook(randomBytes(32));
  const cipher = testCipher();
  const { immigration: _protected, ...body } = ReportSubmissionSchema.parse({ ...fullSubmission(), consent: {} });
  receipt = receipts.issue(reportId);
  store.receipts.set(receipts.lookupKey(receipts.issue(reportId)), reportId);
  store.reports.set(reportId, {
    reportId,
    forceId: FORCE,
    status: 'received',
    rank: 'rank',
    receiptGeneration: 0,
    bodyVersion: 0,
    sealedBody: await cipher.sealBody(body, { forceId: FORCE, reportId }),
    expiresAt: 2_000_000_000,
  });
  const log = new MemoryAuditLog();
  channel = new VictimChannel({
    gate: new ReceiptGate({
      receipts,
      failures: { reserveAttempt: async () => true, forgiveAttempt: async () => undefined },
      resolve: (key) => store.reportIdByReceipt(key),
      perCaller: { max: 100, windowSeconds: 900 },
      perCallerDaily: { max: 400, windowSeconds: 86_400 },
      perReceipt: { max: 100, windowSeconds: 900 },
    }),
    store,
    cipher,
    messages: {} as MessageCipher,
    audit: new AuditTrail(log, { forceId: FORCE, retentionDays: 30 }),
    receipts,
    referrals: { charities: CHARITIES, targets, outbox: store },
    retentionDays: { account: 30, staffMessage: 30 },
  });
});

describe('a victim’s consent change, over in-memory ports', () => {
  it('refers a kind given anew, with the change and its audit record in one write', async () => {
    const answer = await channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] });
    expect(answer).toEqual({ consents: expect.objectContaining({ idva: true }), referred: 1, withdrawn: 0, alreadyDelivered: 0 });
    expect(await targetsOf()).toEqual([{ state: 'pending', charityId: 'north-idva', recipientType: 'idva' }]);
    expect(store.audit.map((record) => [record.operation, record.detail])).toEqual([['victim-consent-change', { given: 'idva', withdrawn: 'none', referralsMade: '1', referralsStopped: '0' }]]);
  });

  it('makes one referral when two gifts of one kind race from the same version', async () => {
    const answers = await Promise.all([
      channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] }),
      channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] }),
    ]);
    expect(answers.map((answer) => answer.referred).sort()).toEqual([0, 1]);
    expect(store.referrals.size).toBe(1);
  });

  it('tells the victim a charity has it when the dispatcher delivered the referral between the read and the write', async () => {
    await channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] });
    const [referral] = [...store.referrals.values()];
    store.beforeApply = () => store.referrals.set(referral!.referralId, { ...referral!, state: 'delivered' });
    const answer = await channel.changeConsents(receipt, clientKey, { give: [], withdraw: ['idva'] });
    expect([answer.withdrawn, answer.alreadyDelivered, answer.consents.idva]).toEqual([0, 1, false]);
    expect([...store.referrals.values()].map((stored) => stored.state)).toEqual(['delivered']);
  });

  it('answers as removed, writing nothing, while the worker is taking the referrals’ targets with the consent class (none referred again)', async () => {
    await channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] });
    const [referral] = [...store.referrals.values()];
    const { sealedTarget: _removed, ...withoutTarget } = referral!;
    store.referrals.set(referral!.referralId, { ...withoutTarget, state: 'delivered' });
    const version = store.reports.get(reportId)!.bodyVersion;
    await expect(channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] })).rejects.toBeInstanceOf(BodyClassRemovedError);
    expect([store.referrals.size, store.reports.get(reportId)!.bodyVersion]).toEqual([1, version]);
  });

  it('writes nothing when the receipt is rotated between the read and the write', async () => {
    store.beforeApply = () => store.receipts.clear();
    await expect(channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] })).rejects.toBeInstanceOf(ReceiptNotFoundError);
    expect([store.referrals.size, store.audit.length, store.reports.get(reportId)!.bodyVersion]).toEqual([0, 0, 0]);
  });
});
