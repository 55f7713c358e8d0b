import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../../functions/domain/audit/audit-trail';
import { removalSchedule } from '../../../../functions/domain/retention/retention';
import { sweepRetention } from '../../../../functions/domain/retention/sweep';
import { MemoryAuditLog } from '../../../support/memory-audit-log';
import { MemoryRetentionStore } from '../../../support/memory-retention-store';

const DAY = 86_400_000;
const t0 = new Date('2026-01-10T12:00:00.000Z');

function setUp(count: number, dueAt = new Date(t0.getTime() + 60 * DAY)) {
  const store = new MemoryRetentionStore();
  for (let i = 0; i < count; i++) store.schedule(`report-${String(i).padStart(3, '0')}`, dueAt.toISOString());
  const audit = new AuditTrail(new MemoryAuditLog(), { forceId: 'example-north', retentionDays: 10 });
  return { store, deps: (now: Date) => ({ forceId: 'example-north', store, audit, now: () => now }) };
}
const plenty = { remainingMs: () => 60_000 };

describe('removalSchedule', () => {
  it('dates each removable class from acceptance by its configured days', () => {
    const schedule = removalSchedule(t0, { 'protected-immigration': 60, contact: 90 }, 730);
    expect(schedule.find((entry) => entry.dataClass === 'protected-immigration')).toEqual({ dataClass: 'protected-immigration', dueAt: '2026-03-11T12:00:00.000Z' });
    expect(schedule.find((entry) => entry.dataClass === 'contact')?.dueAt).toBe(new Date(t0.getTime() + 90 * DAY).toISOString());
    expect(schedule).toHaveLength(10);
  });

  it('never dates a class later than the report itself expires', () => {
    expect(removalSchedule(t0, { 'protected-immigration': 900 }, 730).find((entry) => entry.dataClass === 'protected-immigration')?.dueAt).toBe(new Date(t0.getTime() + 730 * DAY).toISOString());
  });

  it('dates a class without its own days with the report', () => {
    expect(removalSchedule(t0, {}, 30)[0]?.dueAt).toBe(new Date(t0.getTime() + 30 * DAY).toISOString());
  });
});

describe('sweepRetention', () => {
  it('removes nothing before the due date and everything due after it', async () => {
    const { store, deps } = setUp(3);
    expect((await sweepRetention(deps(new Date(t0.getTime() + 60 * DAY - 1)), plenty)).removed).toBe(0);
    expect([...store.reports.values()].every((report) => report.sealedProtected)).toBe(true);
    const result = await sweepRetention(deps(new Date(t0.getTime() + 60 * DAY)), plenty);
    expect(result).toEqual({ removed: 3, alreadyRemoved: 0, skipped: 0, partly: 0, failed: 0, stoppedEarly: false });
    expect([...store.reports.values()].some((report) => report.sealedProtected)).toBe(false);
  });

  it('audits each removal as an erasure with the class and both dates, codes only', async () => {
    const { store, deps } = setUp(1);
    const at = new Date(t0.getTime() + 61 * DAY);
    await sweepRetention(deps(at), plenty);
    expect(store.audit).toEqual([
      expect.objectContaining({
        action: 'erasure',
        operation: 'retention-removal',
        reportId: 'report-000',
        dataClasses: ['protected-immigration'],
        at: at.toISOString(),
        detail: { dataClass: 'protected-immigration', dataClasses: 'protected-immigration', scheduledFor: new Date(t0.getTime() + 60 * DAY).toISOString(), removedAt: at.toISOString() },
      }),
    ]);
  });

  it('removes each receipt-channel message on its own date beside the sealed parts, audited with its class and dates, never its text', async () => {
    const { store, deps } = setUp(1);
    const message = (messageId: string, dataClass: 'account' | 'staff-message', days: number) =>
      store.scheduleMessage({ reportId: 'report-000', dataClass, messageId, at: t0.toISOString(), dueAt: new Date(t0.getTime() + days * DAY).toISOString() });
    message('m-victim', 'account', 365);
    message('m-staff', 'staff-message', 30);
    const at = new Date(t0.getTime() + 61 * DAY);
    expect(await sweepRetention(deps(at), plenty)).toMatchObject({ removed: 2, failed: 0 });
    expect([...store.messages.keys()]).toEqual(['report-000#m-victim']);
    expect(store.audit.map((record) => [record.dataClasses, record.detail])).toEqual([
      [['staff-message'], { dataClass: 'staff-message', dataClasses: 'staff-message', item: 'message', messageId: 'm-staff', scheduledFor: new Date(t0.getTime() + 30 * DAY).toISOString(), removedAt: at.toISOString() }],
      [['protected-immigration'], expect.objectContaining({ dataClass: 'protected-immigration' })],
    ]);
    expect((await sweepRetention(deps(new Date(t0.getTime() + 365 * DAY)), plenty)).removed).toBe(1);
    expect(store.messages.size).toBe(0);
  });

  it('is idempotent: a second run removes and audits nothing more', async () => {
    const { store, deps } = setUp(4);
    const at = new Date(t0.getTime() + 61 * DAY);
    await sweepRetention(deps(at), plenty);
    expect((await sweepRetention(deps(at), plenty)).removed).toBe(0);
    expect(store.audit).toHaveLength(4);
  });

  it('pages through the due entries in bounded pages', async () => {
    const { store, deps } = setUp(7);
    const result = await sweepRetention(deps(new Date(t0.getTime() + 61 * DAY)), { ...plenty, pageSize: 2 });
    expect(result.removed).toBe(7);
    expect(store.queries).toBe(4);
  });

  it('stops with time in reserve and the next run resumes where it stopped', async () => {
    const { store, deps } = setUp(5);
    let calls = 0;
    const stopped = await sweepRetention(deps(new Date(t0.getTime() + 61 * DAY)), { remainingMs: () => (calls++ < 3 ? 60_000 : 1_000), reserveMs: 5_000, concurrency: 1 });
    expect(stopped.stoppedEarly).toBe(true);
    expect(stopped.removed).toBe(2);
    const resumed = await sweepRetention(deps(new Date(t0.getTime() + 61 * DAY)), plenty);
    expect(resumed.removed).toBe(3);
    expect(store.audit).toHaveLength(5);
  });

  it('stops at its bound of removals per run, whatever the time left', async () => {
    const { deps } = setUp(5);
    const result = await sweepRetention(deps(new Date(t0.getTime() + 61 * DAY)), { ...plenty, maxRemovals: 3 });
    expect([result.removed, result.stoppedEarly]).toEqual([3, true]);
  });

  it('carries on past a removal that fails, leaving it due and unaudited for the next run', async () => {
    const { store, deps } = setUp(3);
    store.failNext.add('report-001');
    const failures: string[] = [];
    const at = new Date(t0.getTime() + 61 * DAY);
    const result = await sweepRetention({ ...deps(at), onFailure: (removal) => failures.push(removal.reportId) }, plenty);
    expect([result.removed, result.failed]).toEqual([2, 1]);
    expect(failures).toEqual(['report-001']);
    expect(store.reports.get('report-001')?.sealedProtected).toBeDefined();
    expect(store.audit.map((record) => record.reportId)).toEqual(['report-000', 'report-002']);
    expect((await sweepRetention(deps(at), plenty)).removed).toBe(1);
  });
});

describe('sweepRetention concurrency', () => {
  it('keeps at most `concurrency` removals in flight', async () => {
    const { store, deps } = setUp(9);
    let inFlight = 0;
    let most = 0;
    const remove = store.remove.bind(store);
    store.remove = async (...args) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return remove(...args);
    };
    const result = await sweepRetention(deps(new Date(t0.getTime() + 61 * DAY)), { ...plenty, concurrency: 3 });
    expect([result.removed, most]).toEqual([9, 3]);
  });
});

describe('sweepRetention at a report’s end (class routing)', () => {
  const end = new Date(t0.getTime() + 730 * DAY);

  it('removes the report with its items and any message left on its end date, audited once as routing with both dates; not a millisecond before', async () => {
    const { store, deps } = setUp(1);
    store.scheduleEnd('report-000', end.toISOString(), ['queue-entry', 'receipt-lookup', 'ledger-line', 'referral']);
    // A message whose own date is later than the end (the memory store does not cap it) leaves with the report.
    store.scheduleMessage({ reportId: 'report-000', dataClass: 'account', messageId: 'm-late', at: t0.toISOString(), dueAt: new Date(end.getTime() + DAY).toISOString() });
    await sweepRetention(deps(new Date(t0.getTime() + 61 * DAY)), plenty);
    expect(await sweepRetention(deps(new Date(end.getTime() - 1)), plenty)).toMatchObject({ removed: 0 });
    expect(store.reports.has('report-000')).toBe(true);
    const at = new Date(end.getTime() + 60_000);
    const result = await sweepRetention(deps(at), plenty);
    expect(result).toMatchObject({ removed: 1, partly: 0, failed: 0 });
    expect(store.reports.has('report-000')).toBe(false);
    expect(store.ends.size).toBe(0);
    expect(store.messages.size).toBe(0);
    expect(store.audit.filter((record) => record.dataClasses.includes('routing'))).toEqual([
      expect.objectContaining({
        action: 'erasure',
        reportId: 'report-000',
        dataClasses: ['routing'],
        detail: { dataClass: 'routing', dataClasses: 'routing', item: 'report', scheduledFor: end.toISOString(), removedAt: at.toISOString() },
      }),
    ]);
    expect(await sweepRetention(deps(new Date(at.getTime() + 60_000)), plenty)).toMatchObject({ removed: 0, alreadyRemoved: 0 });
  });

  it('finishes a report whose removal stopped half-way on the next run, and audits it once', async () => {
    const { store, deps } = setUp(0);
    store.scheduleEnd('report-big', end.toISOString(), ['a', 'b', 'c', 'd', 'e']);
    store.itemsPerRemoval = 3;
    const at = new Date(end.getTime() + 60_000);
    expect(await sweepRetention(deps(at), plenty)).toMatchObject({ removed: 0, partly: 1 });
    expect(store.ends.get('report-big')?.items.size).toBe(2);
    expect(store.audit).toEqual([]);
    expect(await sweepRetention(deps(at), plenty)).toMatchObject({ removed: 1, partly: 0 });
    expect(store.ends.size).toBe(0);
    expect(store.audit.map((record) => record.dataClasses)).toEqual([['routing']]);
  });
});

describe('sweepRetention removing the consent class', () => {
  const consentDue = new Date(t0.getTime() + 90 * DAY);
  function withReferrals() {
    const { store, deps } = setUp(0);
    store.reports.set('report-c', { retention: [{ dataClass: 'consent', part: 'consent', dueAt: consentDue.toISOString() }, { dataClass: 'incident', part: 'incident', dueAt: new Date(t0.getTime() + 730 * DAY).toISOString() }] });
    const target = () => new Uint8Array([9, 9, 9]);
    store.referrals.set('report-c', [
      { referralId: 'delivered', state: 'delivered', target: target() },
      { referralId: 'withdrawn', state: 'withdrawn', target: target() },
      { referralId: 'pending', state: 'pending', target: target() },
      { referralId: 'parked', state: 'dead-letter', target: target(), lastFailure: 'http-500' },
    ]);
    return { store, deps };
  }

  it('takes the sealed target off every referral of the report, cancelling the undelivered ones as class-removed, before the part leaves', async () => {
    const { store, deps } = withReferrals();
    expect(await sweepRetention(deps(new Date(consentDue.getTime() - 1)), plenty)).toMatchObject({ removed: 0 });
    expect(store.referrals.get('report-c')!.every((referral) => referral.target)).toBe(true);

    const result = await sweepRetention(deps(new Date(consentDue.getTime() + 60_000)), plenty);
    expect(result).toMatchObject({ removed: 1, partly: 0, failed: 0 });
    expect(store.referrals.get('report-c')!.map(({ referralId, state, target, lastFailure }) => ({ referralId, state, held: target !== undefined, lastFailure }))).toEqual([
      { referralId: 'delivered', state: 'delivered', held: false, lastFailure: undefined },
      { referralId: 'withdrawn', state: 'withdrawn', held: false, lastFailure: undefined },
      { referralId: 'pending', state: 'cancelled', held: false, lastFailure: 'class-removed' },
      { referralId: 'parked', state: 'cancelled', held: false, lastFailure: 'class-removed' },
    ]);
    // The longer-lived class is still held, and only the consent part was audited.
    expect(store.reports.get('report-c')!.retention.find((entry) => entry.dataClass === 'incident')?.removedAt).toBeUndefined();
    expect(store.audit.map((record) => record.dataClasses)).toEqual([['consent']]);
  });

  it('leaves the part due, reported as not yet removable, while a dispatcher holds a lease on an undelivered referral; the next run finishes it', async () => {
    const { store, deps } = withReferrals();
    const pending = store.referrals.get('report-c')!.find((referral) => referral.referralId === 'pending')!;
    pending.leased = true;
    const at = new Date(consentDue.getTime() + 60_000);
    expect(await sweepRetention(deps(at), plenty)).toMatchObject({ removed: 0, partly: 1, failed: 0 });
    expect(pending).toMatchObject({ state: 'pending' });
    expect(pending.target).toBeDefined();
    expect(store.reports.get('report-c')!.retention.find((entry) => entry.dataClass === 'consent')?.removedAt).toBeUndefined();
    expect(store.audit).toEqual([]);

    pending.leased = false;
    expect(await sweepRetention(deps(new Date(at.getTime() + 15 * 60_000)), plenty)).toMatchObject({ removed: 1, partly: 0 });
    expect(store.referrals.get('report-c')!.some((referral) => referral.target)).toBe(false);
    expect(store.audit).toHaveLength(1);
  });
});
