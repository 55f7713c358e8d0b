import { describe, expect, it } from 'vitest';
import { AuditTrail, InvalidAuditEventError } from '../../../../functions/domain/audit/audit-trail';
import { MemoryAuditLog } from '../../../support/memory-audit-log';
import { testCipher } from '../../../support/test-cipher';

const REPORT = '00000000-0000-4000-8000-0000000000aa';

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

  it('records a disclosure with recipient and legal basis, the recipient id sealed', async () => {
    const trail = new AuditTrail(new MemoryAuditLog(), { forceId: 'f', retentionDays: 1, sealer: testCipher() });
    const record = await trail.record({ ...base, reportId: REPORT, action: 'disclosure', operation: 'referral', purpose: 'support-referral', legalBasis: 'dpa-2018-s35-consent', recipient: { type: 'idva', id: 'org-42' } });
    expect(record.recipient).toEqual({ type: 'idva', sealedId: { key: 'report', sealed: expect.any(String) } });
    expect(JSON.stringify(record)).not.toContain('org-42');
  });

  it('seals staff text under the key it names, bound to force, report, purpose and field, and keeps the reason code in plaintext', async () => {
    const sealer = testCipher();
    const trail = new AuditTrail(new MemoryAuditLog(), { forceId: 'f', retentionDays: 1, sealer });
    const words = 'She asked what her options are, so I need the section';
    const record = await trail.record({ ...base, reportId: REPORT, reasonCode: 'victim-asked', staffText: { text: words, key: 'safeguarding' } });
    expect(record).not.toHaveProperty('staffText');
    expect(record.reasonCode).toBe('victim-asked');
    expect(record.sealedJustification?.key).toBe('safeguarding');
    expect(JSON.stringify(record)).not.toContain('options');
    const binding = { forceId: 'f', reportId: REPORT, purpose: 'safeguarding', field: 'justification' as const };
    expect(await sealer.openText(record.sealedJustification!, binding)).toBe(words);
    // Moved onto another report (its report key opens only for its own report) or purpose, it does not open.
    await expect(sealer.openText(record.sealedJustification!, { ...binding, reportId: '00000000-0000-4000-8000-0000000000bb' })).rejects.toThrow(/did not open: ReportKeyError/);
    await expect(sealer.openText(record.sealedJustification!, { ...binding, purpose: 'investigation' })).rejects.toThrow('does not match');
    // Under the report key instead, it does not open with the safeguarding key's name.
    await expect(sealer.openText({ ...record.sealedJustification!, key: 'report' }, binding)).rejects.toThrow();
  });

  it('seals every text to one size, whatever its length or script', async () => {
    const sealer = testCipher();
    const binding = { forceId: 'f', reportId: REPORT, purpose: 'safeguarding', field: 'justification' as const };
    const texts = ['short reason', 'ع'.repeat(2_000), '😀'.repeat(1_000), '\u0000'.repeat(2_000), 'x'.repeat(2_000)];
    const sizes = await Promise.all(texts.map(async (text) => (await sealer.sealText(text, 'report', binding)).sealed.length));
    expect(new Set(sizes).size).toBe(1);
  });

  it.each([
    ['plaintext justification', { justification: 'she is from Syria' }, 'justification'],
    ['an unknown reason code', { reasonCode: 'because' }, 'reasonCode'],
  ])('refuses an event carrying %s', (_case, overrides, field) => {
    const trail = new AuditTrail(new MemoryAuditLog(), { forceId: 'f', retentionDays: 1, sealer: testCipher() });
    expect(() => trail.prepare({ ...base, ...(overrides as object) })).toThrow(new InvalidAuditEventError(field));
  });

  it('will not prepare (for a transaction) an event with staff text or a recipient id, which only record() can seal', () => {
    const trail = new AuditTrail(new MemoryAuditLog(), { forceId: 'f', retentionDays: 1, sealer: testCipher() });
    expect(() => trail.prepare({ ...base, reportId: REPORT, staffText: { text: 'words typed', key: 'report' } })).toThrow(new InvalidAuditEventError('staffText'));
    expect(() => trail.prepare({ ...base, reportId: REPORT, recipient: { type: 'idva', id: 'org-1' } })).toThrow(new InvalidAuditEventError('recipient'));
  });
});
