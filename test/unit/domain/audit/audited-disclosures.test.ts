import { describe, expect, it } from 'vitest';
import { AuditTrail, InvalidAuditEventError } from '../../../../functions/domain/audit/audit-trail';
import { MemoryAuditLog } from '../../../support/memory-audit-log';
import { AuditedDisclosures } from '../../../../functions/domain/audit/audited-disclosures';
import { openAuditRecord } from '../../../../functions/domain/audit/open-record';
import type { Disclosure, DisclosureSummary } from '../../../../functions/domain/policy/disclosure';
import { testCipher } from '../../../support/test-cipher';

const referral: Disclosure = {
  disclosureId: '00000000-0000-4000-8000-000000000001',
  forceId: 'example-north',
  reportId: '00000000-0000-4000-8000-0000000000aa',
  purpose: 'support-referral',
  legalBasis: 'consent',
  actor: 'referral-dispatcher',
  recipient: 'north-idva',
  recipientType: 'idva',
  dataClasses: ['incident', 'contact'],
  contract: 'referral@v1',
  at: '2026-02-03T10:00:00.000Z',
};
const suspectCheck: Disclosure = {
  ...referral,
  disclosureId: '00000000-0000-4000-8000-000000000002',
  purpose: 'enforcement',
  legalBasis: 'dpa-2018-s35-strictly-necessary',
  actor: 'officer-7',
  role: 'supervisor',
  recipient: 'pnc-check',
  recipientType: undefined,
  dataClasses: ['suspect'],
  contract: 'suspect-check@v2',
  reasonCode: 'bail-or-order-check',
  justification: 'Checking bail conditions.',
};

function setUp() {
  const log = new MemoryAuditLog();
  const sealer = testCipher();
  const trail = new AuditTrail(log, { forceId: 'example-north', retentionDays: 10, now: () => new Date('2026-11-25T00:00:00Z'), sealer });
  return { log, sealer, disclosures: new AuditedDisclosures(trail, log, 'example-north') };
}

describe('disclosures on the audit trail', () => {
  it('are audit records of action disclosure with purpose, legal basis, actor, role, recipient, classes, under their own id and time', async () => {
    const { log, disclosures, sealer } = setUp();
    await disclosures.record(referral);
    await disclosures.record(suspectCheck);
    expect(log.records).toEqual([
      expect.objectContaining({
        action: 'disclosure', operation: 'referral', auditId: referral.disclosureId, at: referral.at, actor: 'referral-dispatcher', role: 'service',
        purpose: 'support-referral', legalBasis: 'consent', recipient: { type: 'idva', sealedId: expect.objectContaining({ key: 'report' }) }, dataClasses: ['contact', 'incident'], reportId: referral.reportId,
      }),
      expect.objectContaining({
        action: 'disclosure', operation: 'suspect-check', auditId: suspectCheck.disclosureId, actor: 'officer-7', role: 'supervisor', purpose: 'enforcement',
        reasonCode: 'bail-or-order-check', sealedJustification: expect.objectContaining({ key: 'report' }), detail: { contract: 'suspect-check@v2' },
      }),
    ]);
    // Neither the charity, the integration nor the officer's words are in any stored record in plaintext.
    const stored = JSON.stringify(log.records);
    for (const secret of ['north-idva', 'pnc-check', 'Checking bail']) expect(stored).not.toContain(secret);
    // A supervisor reads them back.
    const opened = await Promise.all(log.records.map((record) => openAuditRecord(record, { texts: sealer, role: 'supervisor' })));
    expect(opened.map((record) => record.recipient)).toEqual([{ type: 'idva', id: 'north-idva' }, { type: 'enforcement-integration', id: 'pnc-check' }]);
    expect(opened[1]?.justification).toBe('Checking bail conditions.');
  });

  it('are refused by a trail built without a sealer, rather than stored in plaintext', async () => {
    const log = new MemoryAuditLog();
    const disclosures = new AuditedDisclosures(new AuditTrail(log, { forceId: 'example-north', retentionDays: 10 }), log, 'example-north');
    await expect(disclosures.record(referral)).rejects.toThrow('without a text sealer');
    expect(log.records).toEqual([]);
  });

  it('read back as the disclosures recorded, within the range only', async () => {
    const { disclosures } = setUp();
    await disclosures.record(referral);
    await disclosures.record({ ...suspectCheck, at: '2026-03-01T00:00:00.000Z' });
    const read: DisclosureSummary[] = [];
    for await (const disclosure of disclosures.disclosuresBetween('example-north', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z')) read.push(disclosure);
    const { recipient: _sealed, ...summary } = referral;
    expect(read).toEqual([{ ...summary, role: 'service', dataClasses: ['contact', 'incident'] }]);
  });

  it('refuse a disclosure of another force', async () => {
    const { disclosures } = setUp();
    await expect(disclosures.record({ ...referral, forceId: 'example-south' })).rejects.toBeInstanceOf(InvalidAuditEventError);
  });
});
