/**
 * The queue desk over in-memory ports (test/support/memory-queue-store.ts):
 * claim order, racing claimers, who may work a report, closing, leases and
 * the claim's time budget, each with what the audit trail holds after it.
 * test/integration/queue-api.test.ts and queue-concurrency.test.ts run the
 * same desk on DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '../../../../functions/domain/access/staff-access';
import { AuditTrail } from '../../../../functions/domain/audit/audit-trail';
import { ReportNotFoundError } from '../../../../functions/domain/errors';
import { ClaimTimeUpError, QueueDesk, ReportAccessRefusedError, WorkConflictError } from '../../../../functions/domain/queue/queue-desk';
import { MemoryAuditLog } from '../../../support/memory-audit-log';
import { MemoryQueueStore, memoryCipher, storedReport } from '../../../support/memory-queue-store';

const FORCE = 'example-north';
const NOW = new Date('2026-11-02T10:00:00.000Z');
const handler = (actor: string, forceId = FORCE): StaffPrincipal => ({ actor, role: 'call-handler', roles: ['call-handler'], forceId });
const supervisor = (actor: string): StaffPrincipal => ({ actor, role: 'supervisor', roles: ['supervisor'], forceId: FORCE });

async function setUp(reports: { reportId: string; priority?: 0 | 1 | 2 | 3; createdAt?: string; forceId?: string }[] = []) {
  const store = new MemoryQueueStore();
  for (const report of reports) store.put(await storedReport({ forceId: FORCE, ...report }));
  const log = new MemoryAuditLog();
  let now = NOW;
  const desk = new QueueDesk({
    forceId: FORCE,
    store,
    cipher: memoryCipher,
    audit: new AuditTrail(log, { forceId: FORCE, retentionDays: 10, now: () => now }),
    leaseSeconds: 900,
    now: () => now,
    random: () => 0,
  });
  return { store, log, desk, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('QueueDesk over in-memory ports', () => {
  it('claims the highest priority first, then the oldest, leasing it to the claimer and recording the consultation with the claim', async () => {
    const { desk, store } = await setUp([
      { reportId: 'standard-old', priority: 0, createdAt: '2026-11-01T08:00:00.000Z' },
      { reportId: 'red-new', priority: 3, createdAt: '2026-11-01T11:00:00.000Z' },
      { reportId: 'red-old', priority: 3, createdAt: '2026-11-01T09:00:00.000Z' },
    ]);
    const claimed = [];
    for (const actor of ['a', 'b', 'c']) claimed.push((await desk.claimNext(handler(actor)))?.routing.reportId);
    expect(claimed).toEqual(['red-old', 'red-new', 'standard-old']);
    expect(await desk.claimNext(handler('d'))).toBeUndefined();
    expect(store.reports.get('red-old')?.lease).toEqual({ holder: 'a', until: NOW.getTime() + 900_000 });
    expect(store.reports.get('red-old')?.routing.status).toBe('in-review');
    expect(store.audit.map((record) => [record.action, record.operation, record.actor, record.reportId])).toEqual([
      ['consultation', 'claim', 'a', 'red-old'],
      ['consultation', 'claim', 'b', 'red-new'],
      ['consultation', 'claim', 'c', 'standard-old'],
    ]);
  });

  it('gives each of many racing claimers a different report, and the rest nothing', async () => {
    const { desk, store } = await setUp(Array.from({ length: 5 }, (_, i) => ({ reportId: `r-${i}`, createdAt: `2026-11-01T0${i}:00:00.000Z` })));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => desk.claimNext(handler(`claimer-${i}`))));
    const won = results.filter((result) => result !== undefined).map((result) => result.routing.reportId);
    expect(won.sort()).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
    expect(store.audit).toHaveLength(5);
  });

  it('moves past a report whose writes keep colliding and comes back to it', async () => {
    const { desk, store } = await setUp([{ reportId: 'only' }]);
    store.contention = 2;
    expect((await desk.claimNext(handler('a')))?.routing.reportId).toBe('only');
    expect(store.reports.get('only')?.lease?.holder).toBe('a');
  });

  it('takes nothing when the time left is under the reserve (503), and the report still waits', async () => {
    const { desk, store } = await setUp([{ reportId: 'waiting' }]);
    await expect(desk.claimNext(handler('a'), { remainingMs: () => 1_000 })).rejects.toBeInstanceOf(ClaimTimeUpError);
    expect(store.reports.get('waiting')?.lease).toBeUndefined();
    expect(store.audit).toEqual([]);
  });

  it('refuses a call handler who does not hold the lease, and another force’s staff, auditing each refusal; a supervisor reads', async () => {
    const { desk, log } = await setUp([{ reportId: 'r-1' }]);
    await desk.claimNext(handler('holder'));
    await expect(desk.read(handler('other'), 'r-1')).rejects.toEqual(new ReportAccessRefusedError('not-lease-holder'));
    await expect(desk.read(handler('holder', 'example-south'), 'r-1')).rejects.toEqual(new ReportAccessRefusedError('wrong-force'));
    expect((await desk.read(supervisor('sup'), 'r-1')).routing.reportId).toBe('r-1');
    expect(log.records.map((record) => [record.action, record.actor, record.reason])).toEqual([
      ['refusal', 'other', 'not-lease-holder'],
      ['refusal', 'holder', 'wrong-force'],
      ['consultation', 'sup', undefined],
    ]);
  });

  it('answers ReportNotFoundError for a report that is not stored, and audits nothing', async () => {
    const { desk, log } = await setUp();
    await expect(desk.read(supervisor('sup'), 'missing')).rejects.toBeInstanceOf(ReportNotFoundError);
    expect(log.records).toEqual([]);
  });

  it('closes a report with an outcome: it leaves the queue, and a second outcome is refused as closed', async () => {
    const { desk, store } = await setUp([{ reportId: 'r-1' }]);
    await desk.claimNext(handler('a'));
    await desk.recordOutcome(handler('a'), 'r-1', 'referred-to-support');
    expect(store.reports.get('r-1')?.routing.status).toBe('closed');
    expect(store.reports.get('r-1')?.lease).toBeUndefined();
    expect((await desk.list('all', { limit: 10 })).items).toEqual([]);
    await expect(desk.recordOutcome(supervisor('sup'), 'r-1', 'referred-to-support')).rejects.toMatchObject({ code: 'report-closed' });
  });

  it('lets only the holder renew before expiry (lease-not-held for anyone else); after expiry the report waits again and the old holder cannot renew', async () => {
    const { desk, advance } = await setUp([{ reportId: 'r-1' }]);
    await desk.claimNext(handler('a'));
    await expect(desk.renewLease(handler('b'), 'r-1')).rejects.toMatchObject({ name: 'WorkConflictError', code: 'lease-not-held' });
    advance(600_000);
    expect((await desk.renewLease(handler('a'), 'r-1')).until).toBe(NOW.getTime() + 600_000 + 900_000);
    advance(2_000_000);
    await expect(desk.renewLease(handler('a'), 'r-1')).rejects.toMatchObject({ name: 'WorkConflictError', code: 'lease-not-held' });
    expect((await desk.claimNext(handler('b')))?.routing.reportId).toBe('r-1');
  });

  it('answers a write that lost to a change meanwhile with WorkConflictError, writing nothing', async () => {
    const { desk, store } = await setUp([{ reportId: 'r-1' }]);
    await desk.claimNext(handler('a'));
    const original = store.transition.bind(store);
    // A supervisor's reassignment lands between the holder's read and write.
    store.transition = async (...args) => {
      store.reports.get('r-1')!.lease = { holder: 'z', until: NOW.getTime() + 900_000 };
      return original(...args);
    };
    await expect(desk.releaseLease(handler('a'), 'r-1')).rejects.toBeInstanceOf(WorkConflictError);
    expect(store.reports.get('r-1')?.lease?.holder).toBe('z');
    expect(store.audit.map((record) => record.operation)).toEqual(['claim']);
  });

  it('lets a supervisor hand an open report to someone, or back to the queue', async () => {
    const { desk, store } = await setUp([{ reportId: 'r-1' }]);
    expect(await desk.reassign(supervisor('sup'), 'r-1', 'officer-7')).toEqual({ holder: 'officer-7', until: NOW.getTime() + 900_000 });
    expect(store.reports.get('r-1')?.routing.status).toBe('in-review');
    expect(await desk.reassign(supervisor('sup'), 'r-1', undefined)).toBeUndefined();
    expect((await desk.list('waiting', { limit: 10 })).items.map((entry) => entry.reportId)).toEqual(['r-1']);
    expect(store.audit.map((record) => [record.operation, record.detail?.assignee])).toEqual([
      ['reassign', 'officer-7'],
      ['reassign', 'queue'],
    ]);
  });
});
