/**
 * Disclosures recorded on the s.62 audit trail: the firewall's
 * {@link DisclosureLog} / {@link DisclosureReader} interfaces, backed by
 * {@link AuditTrail} records with action `disclosure`. One record per
 * disclosure, under the report's trail (so a supervisor sees it per report and
 * per actor), and readable by force and month for the transparency figures.
 */
import { RECIPIENT_TYPES, type RecipientType } from '../../../schemas/report';
import type { Disclosure, DisclosureLog, DisclosureReader, DisclosureSummary } from '../policy/disclosure';
import { InvalidAuditEventError, type AuditEvent, type AuditRecord, type AuditTrail } from './audit-trail';

/** The audit store's view of one force's disclosure records by time, without a Scan. */
export interface DisclosureRecordIndex {
  /** Audit records of action `disclosure` with `from <= at < to` (ISO 8601), oldest first per month. */
  disclosuresBetween(forceId: string, from: string, to: string, signal?: AbortSignal): AsyncIterable<AuditRecord>;
}

/** The role recorded for automated processing (the referral dispatcher), which holds no staff role. */
export const SERVICE_ROLE = 'service';

/** Recipient type recorded for an integration that is not a charity referral (e.g. `enforcement-integration`). */
const integrationType = (purpose: Disclosure['purpose']) => `${purpose}-integration`;

/**
 * The audit event a disclosure is recorded as: purpose, legal basis, actor,
 * recipient and data classes, with the payload contract as a detail code.
 * The recipient's id and the officer's words are sealed by the trail when it
 * records the event; the recipient type and the reason code stay plaintext.
 *
 * @example
 * disclosureEvent({ purpose: 'enforcement', contract: 'suspect-check@v2', recipient: 'pnc-check', ... }).operation; // 'suspect-check'
 */
export function disclosureEvent(disclosure: Disclosure): AuditEvent {
  return {
    action: 'disclosure',
    // The contract's name is the operation: `referral`, `suspect-check`.
    operation: disclosure.contract.split('@')[0] ?? disclosure.contract,
    actor: disclosure.actor,
    role: disclosure.role ?? SERVICE_ROLE,
    purpose: disclosure.purpose,
    legalBasis: disclosure.legalBasis,
    ...(disclosure.reasonCode !== undefined ? { reasonCode: disclosure.reasonCode } : {}),
    // Screened before it got here; the report key is the most protected class it may touch.
    ...(disclosure.justification !== undefined ? { staffText: { text: disclosure.justification, key: 'report' as const } } : {}),
    dataClasses: disclosure.dataClasses,
    reportId: disclosure.reportId,
    recipient: { type: disclosure.recipientType ?? integrationType(disclosure.purpose), id: disclosure.recipient },
    detail: { contract: disclosure.contract },
  };
}

function isRecipientType(type: string | undefined): type is RecipientType {
  return RECIPIENT_TYPES.includes(type as RecipientType);
}

/** The disclosure an audit record of action `disclosure` describes, without what is sealed (recipient id, officer's words). */
export function disclosureOf(record: AuditRecord): DisclosureSummary {
  const recipientType = record.recipient?.type;
  return {
    disclosureId: record.auditId,
    forceId: record.forceId,
    reportId: record.reportId ?? '',
    purpose: record.purpose,
    legalBasis: record.legalBasis ?? '',
    actor: record.actor,
    role: record.role,
    ...(record.purpose === 'support-referral' && isRecipientType(recipientType) ? { recipientType } : {}),
    dataClasses: [...record.dataClasses],
    contract: record.detail?.contract ?? '',
    ...(record.reasonCode !== undefined ? { reasonCode: record.reasonCode } : {}),
    at: record.at,
  };
}

/**
 * @example
 * const disclosures = new AuditedDisclosures(trail, auditLog);
 * await disclosures.record(disclosure);                                  // an audit record, action 'disclosure'
 * for await (const d of disclosures.disclosuresBetween(forceId, from, to)) count(d);
 */
export class AuditedDisclosures implements DisclosureLog, DisclosureReader {
  constructor(
    private readonly trail: AuditTrail,
    private readonly index: DisclosureRecordIndex,
    private readonly forceId: string,
  ) {}

  /** Records the disclosure under its own id and time (the id is the recipient's delivery id). */
  async record(disclosure: Disclosure): Promise<void> {
    // The trail belongs to one force; a disclosure of another force's report is a bug upstream.
    if (disclosure.forceId !== this.forceId) throw new InvalidAuditEventError('forceId');
    await this.trail.record(disclosureEvent(disclosure), { auditId: disclosure.disclosureId, at: new Date(disclosure.at) });
  }

  async *disclosuresBetween(forceId: string, from: string, to: string, signal?: AbortSignal): AsyncIterable<DisclosureSummary> {
    for await (const record of this.index.disclosuresBetween(forceId, from, to, signal)) {
      if (record.action === 'disclosure') yield disclosureOf(record);
    }
  }
}
