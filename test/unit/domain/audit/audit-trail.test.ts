import { describe, expect, it } from 'vitest';
import { AuditTrail, InvalidAuditEventError } from '../../../../functions/domain/audit/audit-trail';
import { MemoryAuditLog } from '../../../support/memory-audit-log';

const base = { action: 'consultation' as const, operation: 'read-report', actor: 'sub-1', role: 'call-handler', purpose: 'safeguarding' as const, dataClasses: ['contact', 'account', 'contact'] as const };

describe('audit trail', () => {
  it('stamps id, time, force and retention, and keeps data classes unique and sorted', async () => {
    const log = new MemoryAuditLog();
    const trail = new AuditTrail(log, { forceId: 'example-north', retentionDays: 10, now: () => new Date('2026-11-23T10:00:00Z'), newId: () => 'id-1' });
    const record = await trail.record(base);
    expect(record).toEqual({ ...base, dataClasses: ['account', 'contact'], auditId: 'id-1', at: '2026-11-23T10:00:00.000Z', forceId: 'example-north', expiresAt: Date.parse('2026-11-23T10:00:00Z') / 1000 + 10 * 86_400 });
    expect(log.records).toEqual([record]);
  });

  it('prepares a record without storing it, for a transaction', () => {
    const log = new MemoryAuditLog();
    const trail = new AuditTrail(log, { forceId: 'f', retentionDays: 1 });
    expect(trail.prepare(base).operation).toBe('read-report');
    expect(log.records).toEqual([]);
  });

  it.each([
    ['a disclosure without recipient', { action: 'disclosure' }, 'recipient or legalBasis'],
    ['a disclosure without legal basis', { action: 'disclosure', recipient: { type: 'idva' } }, 'recipient or legalBasis'],
    ['a refusal without reason', { action: 'refusal' }, 'reason'],
    ['prose in detail', { detail: { note: 'she said her visa is with him' } }, 'detail'],
    ['an unknown action', { action: 'export' }, 'action'],
  ])('refuses %s', (_case, overrides, field) => {
    const trail = new AuditTrail(new MemoryAuditLog(), { forceId: 'f', retentionDays: 1 });
    expect(() => trail.prepare({ ...base, ...(overrides as object) })).toThrow(new InvalidAuditEventError(field));
  });

  it('records a disclosure with recipient and legal basis', async () => {
    const trail = new AuditTrail(new MemoryAuditLog(), { forceId: 'f', retentionDays: 1 });
    const record = await trail.record({ ...base, action: 'disclosure', operation: 'referral', purpose: 'support-referral', legalBasis: 'dpa-2018-s35-consent', recipient: { type: 'idva', id: 'org-42' } });
    expect(record.recipient).toEqual({ type: 'idva', id: 'org-42' });
  });
});
