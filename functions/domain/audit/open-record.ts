/**
 * How a supervisor reads the audit trail back: the sealed staff text and
 * recipient ids are opened for the answer, and only what the reader's role
 * may read (text sealed under the safeguarding key opens for safeguarding
 * roles only). Nothing opened is written anywhere.
 */
import { SAFEGUARDING_ROLES, type StaffRole } from '../access/staff-access';
import type { AuditRecord } from './audit-trail';
import type { SealedText, TextBinding, TextSealer } from './sealed-text';

/** An audit record as the reader sees it: words and recipient id opened where the role allows. */
export interface OpenedAuditRecord extends Omit<AuditRecord, 'sealedJustification' | 'recipient' | 'expiresAt'> {
  justification?: string;
  /** The words exist but this role may not open them. */
  justificationSealed?: true;
  recipient?: { type: string; id?: string };
}

/**
 * @example
 * const shown = await openAuditRecord(record, { texts: cipher, role: 'supervisor' });
 */
export async function openAuditRecord(record: AuditRecord, reader: { texts: TextSealer; role: string }): Promise<OpenedAuditRecord> {
  const { sealedJustification, recipient, expiresAt: _retention, ...plain } = record;
  const opened: OpenedAuditRecord = { ...plain, dataClasses: [...record.dataClasses] };
  const binding = (field: TextBinding['field']): TextBinding | undefined =>
    record.reportId ? { forceId: record.forceId, reportId: record.reportId, purpose: record.purpose, field } : undefined;
  const mayOpen = (sealed: SealedText) => sealed.key === 'report' || SAFEGUARDING_ROLES.includes(reader.role as StaffRole);
  if (sealedJustification) {
    const bound = binding('justification');
    if (bound && mayOpen(sealedJustification)) opened.justification = await reader.texts.openText(sealedJustification, bound);
    else opened.justificationSealed = true;
  }
  if (recipient) {
    const bound = binding('recipient');
    opened.recipient = { type: recipient.type };
    if (recipient.sealedId && bound) opened.recipient.id = await reader.texts.openText(recipient.sealedId, bound);
  }
  return opened;
}
