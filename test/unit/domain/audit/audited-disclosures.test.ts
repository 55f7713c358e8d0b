import { describe, expect, it } from 'vitest';
import { AuditTrail, InvalidAuditEventError } from '../../../../functions/domain/audit/audit-trail';
import { MemoryAuditLog } from '../../../support/memory-audit-log';
import { AuditedDisclosures } from '../../../../functions/domain/audit/audited-disclosures';
import type { Disclosure } from '../../../../functions/domain/policy/disclosure';

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
  contract: 'suspect-check@v1',
  justification: 'Checking bail conditions.',
};

function setUp() {
  const log = new MemoryAuditLog();
  const trail = new AuditTrail(log, { forceId: 'example-north', retentionDays: 10, now: () => new Date('2026-11-25T00:00:00Z') });
  return { log, disclosures: new AuditedDisclosures(trail, log, 'example-north') };
}

describe('disclosures on the audit trail', () => {
  it('are audit records of action disclosure with purpose, legal basis, actor, role, recipient, classes, under their own id and time', async () => {
    const { log, disclosures } = setUp();
    await disclosures.record(referral);
    await disclosures.record(suspectCheck);
    expect(log.records).toEqual([
      expect.objectContaining({
        action: 'disclosure', operation: 'referral', auditId: referral.disclosureId, at: referral.at, actor: 'referral-dispatcher', role: 'service',
        purpose: 'support-referral', legalBasis: 'consent', recipient: { type: 'idva', id: 'north-idva' }, dataClasses: ['contact', 'incident'], reportId: referral.reportId,
      }),
      expect.objectContaining({
        action: 'disclosure', operation: 'suspect-check', auditId: suspectCheck.disclosureId, actor: 'officer-7', role: 'supervisor', purpose: 'enforcement',
        recipient: { type: 'enforcement-integration', id: 'pnc-check' }, justification: 'Checking bail conditions.', detail: { contract: 'suspect-check@v1' },
      }),
    ]);
  });

  it('read back as the disclosures recorded, within the range only', async () => {
    const { disclosures } = setUp();
    await disclosures.record(referral);
    await disclosures.record({ ...suspectCheck, at: '2026-03-01T00:00:00.000Z' });
    const read: Disclosure[] = [];
    for await (const disclosure of disclosures.disclosuresBetween('example-north', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z')) read.push(disclosure);
    expect(read).toEqual([{ ...referral, role: 'service', dataClasses: ['contact', 'incident'] }]);
  });

  it('refuse a disclosure of another force', async () => {
    const { disclosures } = setUp();
    await expect(disclosures.record({ ...referral, forceId: 'example-south' })).rejects.toBeInstanceOf(InvalidAuditEventError);
  });
});
