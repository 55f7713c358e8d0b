/**
 * The victim's consent changes, and the consent withdrawals staff record,
 * over in-memory ports: the store below keeps the DynamoDB store's
 * conditions (receipt still the report's, lease still held, body version,
 * referral still undelivered), so races can be staged exactly between a
 * read and its write.
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
import { recordConsentWithdrawal } from '../../../../functions/domain/referrals/withdraw';
import { WorkConflictError } from '../../../../functions/domain/queue/queue-desk';
import type { StaffPrincipal } from '../../../../functions/domain/access/staff-access';
import { partId } from '../../../../functions/domain/retention/parts';
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
  beforeApply: (() => unknown) | undefined;

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
    await hook?.();
    if (change.kind !== 'body' && change.kind !== 'staff-body') throw new Error(`not modelled: ${change.kind}`);
    const current = this.reports.get(report.reportId);
    if (!current || current.bodyVersion !== change.bodyVersion) return false;
    if (change.kind === 'body' && this.receipts.get(change.receipt.lookupKey) !== report.reportId) return false;
    if (change.kind === 'staff-body' && change.holder !== undefined && (current.lease?.holder !== change.holder || current.lease.until <= change.nowMs)) return false;
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
  /** As DynamoReferralOutbox.withdraw: only a pending or parked referral. */
  async withdraw(ref: { referralId: string }) {
    const referral = this.referrals.get(ref.referralId);
    if (!referral || !['pending', 'dead-letter'].includes(referral.state)) return false;
    this.referrals.set(ref.referralId, { ...referral, state: 'withdrawn' });
    return true;
  }
}

let store: MemoryChannelStore;
let channel: VictimChannel;
let auditLog: MemoryAuditLog;
let cipher: ReturnType<typeof testCipher>;
let receipt: string;
const reportId = 'a1b2c3d4-0000-4000-8000-000000000001';
const clientKey = 'caller';

async function targetsOf() {
  return Promise.all([...store.referrals.values()].map(async (referral) => ({ state: referral.state, ...(await targets.open(referral.sealedTarget!, { forceId: FORCE, reportId })) })));
}

beforeEach(async () => {
  store = new MemoryChannelStore();
  const receipts = new ReceiptBook(randomBytes(32));
  cipher = testCipher();
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
  auditLog = log;
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

describe('a consent withdrawal staff record, over the same store', () => {
  const NOW = new Date('2026-12-02T08:00:00Z');
  const handler: StaffPrincipal = { actor: 'handler-7', role: 'call-handler', roles: ['call-handler'], forceId: FORCE };
  const withdrawal = (principal: StaffPrincipal, kinds?: ('idva' | 'local-da-service')[]) =>
    recordConsentWithdrawal(
      {
        desk: { admit: async () => ({ forceId: FORCE, reportId }) as never, now: () => NOW },
        audit: new AuditTrail(auditLog, { forceId: FORCE, retentionDays: 30 }),
        outbox: store as never,
        targets,
        store,
        cipher,
      },
      principal,
      reportId,
      kinds,
    );
  const consents = () => cipher.openBody(store.reports.get(reportId)!.sealedBody, { forceId: FORCE, reportId });
  const leaseTo = (holder: string) => store.reports.set(reportId, { ...store.reports.get(reportId)!, lease: { holder, until: NOW.getTime() + 60_000 } });

  it('clears the kind’s flag in the body and stops its referral, with its audit record in the same write', async () => {
    await channel.changeConsents(receipt, clientKey, { give: ['idva', 'local-da-service'], withdraw: [] });
    leaseTo('handler-7');
    expect(await withdrawal(handler, ['idva'])).toEqual({ withdrawn: 1, alreadyDeliveredTo: [] });
    expect((await consents()).consent).toMatchObject({ idva: false, localDaService: true });
    expect((await targetsOf()).map((target) => [target.recipientType, target.state]).sort()).toEqual([
      ['idva', 'withdrawn'],
      ['local-da-service', 'pending'],
    ]);
    expect(store.audit.map((record) => [record.operation, record.actor, record.detail]).at(-1)).toEqual(['consent-withdrawal', 'handler-7', { recipientTypes: 'idva', withdrawn: '1', alreadyDelivered: '0' }]);
  });

  it('loses neither change when the victim’s gift lands between its read and its write: it is rebuilt on the body the gift wrote', async () => {
    await channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] });
    leaseTo('handler-7');
    store.beforeApply = async () => {
      expect((await channel.changeConsents(receipt, clientKey, { give: ['local-da-service'], withdraw: [] })).referred).toBe(1);
    };
    expect(await withdrawal(handler, ['idva'])).toEqual({ withdrawn: 1, alreadyDeliveredTo: [] });
    expect((await consents()).consent).toMatchObject({ idva: false, localDaService: true });
    expect((await targetsOf()).map((target) => [target.recipientType, target.state]).sort()).toEqual([
      ['idva', 'withdrawn'],
      ['local-da-service', 'pending'],
    ]);
    expect(store.audit.filter((record) => record.operation === 'consent-withdrawal')).toHaveLength(1);
  });

  it('answers 409, writing nothing, when the lease is lost between its read and its write', async () => {
    await channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] });
    leaseTo('handler-7');
    const version = store.reports.get(reportId)!.bodyVersion;
    store.beforeApply = () => void leaseTo('handler-8');
    await expect(withdrawal(handler, ['idva'])).rejects.toBeInstanceOf(WorkConflictError);
    expect([store.reports.get(reportId)!.bodyVersion, (await targetsOf()).map((target) => target.state)]).toEqual([version, ['pending']]);
    expect((await consents()).consent.idva).toBe(true);
  });

  it('still stops the referrals, without failing, once retention removed the consent class', async () => {
    await channel.changeConsents(receipt, clientKey, { give: ['idva'], withdraw: [] });
    const current = store.reports.get(reportId)!;
    const body = await cipher.openBody(current.sealedBody, { forceId: FORCE, reportId });
    // Every class but consent still held: the body has no consent flags left to clear.
    const parts = [partId(['incident', 'risk', 'suspect']), partId(['account', 'identity']), partId(['special', 'support']), partId(['contact'])];
    const { consent: _removed, ...rest } = body;
    store.reports.set(reportId, { ...current, sealedBody: await cipher.sealBody(rest as typeof body, { forceId: FORCE, reportId }, parts) });
    const version = store.reports.get(reportId)!.bodyVersion;
    const supervisor: StaffPrincipal = { actor: 'duty-sergeant', role: 'supervisor', roles: ['supervisor'], forceId: FORCE };
    expect(await withdrawal(supervisor)).toEqual({ withdrawn: 1, alreadyDeliveredTo: [] });
    expect([store.reports.get(reportId)!.bodyVersion, (await targetsOf()).map((target) => target.state)]).toEqual([version, ['withdrawn']]);
    expect(auditLog.records.map((record) => record.operation)).toContain('consent-withdrawal');
  });
});
