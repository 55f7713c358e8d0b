/**
 * The report as the rest of the system sees it once accepted: plaintext
 * routing metadata beside two sealed (encrypted) parts.
 */
import type { ImmigrationSection, ReportBody } from '../../schemas/report';
import type { Priority, RiskGrade } from './risk/assess';
import type { ClassRetention } from './retention/retention';
import type { NeedsHintCipher } from './queue/needs-hint';

import type { ReportStatus } from '../../schemas/responses';

export { REPORT_STATUSES, type ReportStatus } from '../../schemas/responses';

/**
 * What may be stored in plaintext: only what routing needs. Nothing here may
 * reveal protected data (no "immigration concern" flag, no incident kind).
 */
export interface ReportRouting {
  reportId: string;
  forceId: string;
  grade: RiskGrade;
  priority: Priority;
  status: ReportStatus;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/** The binding every sealed part carries, checked again on opening. */
export interface SealContext {
  forceId: string;
  reportId: string;
}

/**
 * Encrypts and decrypts the body and the protected section under separate keys.
 * The protected section is always sealed, present or not, and padded, so
 * neither its presence nor its size can be read from the table. The body is
 * sealed in parts, one message per part (functions/domain/retention/parts.ts:
 * `parts` names them; one part holding every class by default), framed
 * together (./retention/sealed-body.ts); opening it merges the parts still held.
 * The queue entry's support-needs hint (./queue/needs-hint.ts) is one more
 * small part of its own.
 */
export interface ReportCipher extends NeedsHintCipher {
  sealBody(body: ReportBody, context: SealContext, parts?: readonly string[]): Promise<Uint8Array>;
  sealProtected(section: ImmigrationSection | undefined, context: SealContext): Promise<Uint8Array>;
  openBody(sealed: Uint8Array, context: SealContext): Promise<ReportBody>;
  openProtected(sealed: Uint8Array, context: SealContext): Promise<ImmigrationSection | undefined>;
}

/** A referral to be written with its report (an outbox item, functions/domain/referrals/outbox.ts). */
export interface NewReferral {
  referralId: string;
  sealedTarget: Uint8Array;
}

/** A report ready to be written. */
export interface NewReport {
  routing: ReportRouting;
  sealedBody: Uint8Array;
  sealedProtected: Uint8Array;
  /** The queue entry's sealed support-needs hint (language, interpreter), class `support`. */
  sealedNeeds: Uint8Array;
  receiptLookupKey: string;
  /** Epoch seconds after which the store may drop the report (crypto-shredding follows key expiry). */
  expiresAt: number;
  /** Consented charity referrals, written as outbox items in the same transaction (functions/domain/referrals). */
  referrals?: NewReferral[];
  /** When each removable class leaves (functions/domain/retention): scheduled in the same transaction. */
  retention?: ClassRetention[];
}
