import { describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '../../../../functions/domain/access/staff-access';
import { AuditTrail } from '../../../../functions/domain/audit/audit-trail';
import type { ReportRouting } from '../../../../functions/domain/report';
import { BringForwardRefusedError, bringRemovalForward } from '../../../../functions/domain/retention/bring-forward';
import { MemoryAuditLog } from '../../../support/memory-audit-log';
import { MemoryRetentionStore } from '../../../support/memory-retention-store';

const now = new Date('2026-02-01T10:00:00.000Z');
const configured = '2026-03-11T12:00:00.000Z';
const supervisor: StaffPrincipal = { actor: 'sup-1', role: 'supervisor', forceId: 'example-north' } as StaffPrincipal;

function setUp(status: ReportRouting['status']) {
  const store = new MemoryRetentionStore();
  store.schedule('r-1', configured);
  const desk = {
    admit: async () => ({ reportId: 'r-1', forceId: 'example-north', grade: 'standard', priority: 0, status, createdAt: '2026-01-10T12:00:00.000Z' }) as ReportRouting,
    now: () => now,
  };
  const audit = new AuditTrail(new MemoryAuditLog(), { forceId: 'example-north', retentionDays: 10, now: () => now });
  return { store, deps: { desk, store, audit } };
}

describe('bringRemovalForward', () => {
  it('refuses while the report is open', async () => {
    const { deps, store } = setUp('in-review');
    await expect(bringRemovalForward(deps, supervisor, 'r-1', { dataClass: 'protected-immigration', reason: 'no-longer-needed' })).rejects.toMatchObject({ code: 'report-open' });
    expect(store.audit).toEqual([]);
  });

  it('moves a closed report’s removal earlier and audits the change with codes only', async () => {
    const { deps, store } = setUp('closed');
    const removeAt = new Date('2026-02-10T00:00:00.000Z');
    expect(await bringRemovalForward(deps, supervisor, 'r-1', { dataClass: 'protected-immigration', removeAt, reason: 'report-closed-early' })).toEqual(removeAt);
    expect(store.reports.get('r-1')?.retention[0]?.dueAt).toBe(removeAt.toISOString());
    expect(store.audit).toEqual([
      expect.objectContaining({ action: 'alteration', operation: 'retention-bring-forward', actor: 'sup-1', detail: { dataClass: 'protected-immigration', dueAt: removeAt.toISOString(), reason: 'report-closed-early' } }),
    ]);
  });

  it('never pushes a removal later than the date it has', async () => {
    const { deps, store } = setUp('closed');
    const error = await bringRemovalForward(deps, supervisor, 'r-1', { dataClass: 'protected-immigration', removeAt: new Date('2026-04-01T00:00:00.000Z'), reason: 'victim-request' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BringForwardRefusedError);
    expect((error as BringForwardRefusedError).code).toBe('not-earlier');
    expect(store.reports.get('r-1')?.retention[0]?.dueAt).toBe(configured);
  });

  it('treats a past instant, or none, as now', async () => {
    const { deps } = setUp('closed');
    expect(await bringRemovalForward(deps, supervisor, 'r-1', { dataClass: 'protected-immigration', removeAt: new Date('2020-01-01T00:00:00.000Z'), reason: 'victim-request' })).toEqual(now);
  });

  it('says when the class is already gone', async () => {
    const { deps, store } = setUp('closed');
    store.reports.get('r-1')!.retention[0]!.removedAt = '2026-01-30T00:00:00.000Z';
    await expect(bringRemovalForward(deps, supervisor, 'r-1', { dataClass: 'protected-immigration', reason: 'victim-request' })).rejects.toMatchObject({ code: 'already-removed' });
  });

  it('moves every staff message of the report earlier, audited with how many moved; refuses when none is held or none would move earlier', async () => {
    const { deps, store } = setUp('closed');
    for (const messageId of ['m-1', 'm-2']) store.scheduleMessage({ reportId: 'r-1', dataClass: 'staff-message', messageId, at: '2026-01-11T00:00:00.000Z', dueAt: configured });
    store.scheduleMessage({ reportId: 'r-1', dataClass: 'account', messageId: 'm-3', at: '2026-01-12T00:00:00.000Z', dueAt: configured });
    const removeAt = new Date('2026-02-10T00:00:00.000Z');
    expect(await bringRemovalForward(deps, supervisor, 'r-1', { dataClass: 'staff-message', removeAt, reason: 'report-closed-early' })).toEqual(removeAt);
    expect([...store.messages.values()].map((message) => [message.messageId, message.dueAt])).toEqual([
      ['m-1', removeAt.toISOString()],
      ['m-2', removeAt.toISOString()],
      ['m-3', configured],
    ]);
    await expect(bringRemovalForward(deps, supervisor, 'r-1', { dataClass: 'staff-message', removeAt: new Date('2026-02-20T00:00:00.000Z'), reason: 'victim-request' })).rejects.toMatchObject({ code: 'not-earlier' });
    store.messages.clear();
    await expect(bringRemovalForward(deps, supervisor, 'r-1', { dataClass: 'staff-message', reason: 'victim-request' })).rejects.toMatchObject({ code: 'not-scheduled' });
  });
});
