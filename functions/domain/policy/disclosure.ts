/**
 * Disclosures (DPA 2018 s.62): every time data leaves for a purpose, the
 * purpose, legal basis, actor, recipient and data classes are recorded.
 *
 * This is the smallest interface the firewall needs. The append-only audit
 * trail is the store behind it: functions/domain/audit/audited-disclosures.ts
 * records each disclosure as an audit record of action `disclosure`.
 */
import type { DataClass } from '../../../schemas/data-class';
import type { ReasonCode } from '../../../schemas/reason-codes';
import type { RecipientType } from '../../../schemas/report';
import type { Purpose } from '../../../schemas/purpose';

export interface Disclosure {
  disclosureId: string;
  forceId: string;
  /** The report disclosed from. */
  reportId: string;
  purpose: Purpose;
  /** E.g. `consent` (support referral) or `dpa-2018-s35-strictly-necessary` (an officer's request). */
  legalBasis: string;
  /** Who caused it: an officer's subject id, or a function name for automated referrals. */
  actor: string;
  /** The actor's staff role; absent for automated processing (recorded as `service`). */
  role?: string;
  /** Integration or charity id: sealed under the report key when recorded, never stored in plaintext. */
  recipient: string;
  /** Set for support referrals: the recipient type referred under. */
  recipientType?: RecipientType;
  /**
   * The classes the payload contract can carry. For referrals this is the
   * contract's list for the recipient type, not the classes a given payload
   * happened to hold: recording "this referral held the protected section"
   * beside a report id would be a plaintext proxy for status. The exact
   * payload is reproducible from the sealed report and the contract version.
   */
  dataClasses: DataClass[];
  /** Payload contract, e.g. `suspect-check@v2`. */
  contract: string;
  /** Why, as a code (officer requests): stored in plaintext, for counting. */
  reasonCode?: ReasonCode;
  /** Officer's words (enforcement and investigation requests): sealed under the report key when recorded. */
  justification?: string;
  /** ISO 8601 UTC. */
  at: string;
}

/** Where disclosures are recorded. Recording happens before (enforcement) or as (referral) data leaves. */
export interface DisclosureLog {
  record(disclosure: Disclosure): Promise<void>;
}

/**
 * A disclosure as the figures read it back: everything but the recipient's
 * id and the officer's words, which are stored sealed. Counting needs the
 * recipient TYPE only.
 */
export type DisclosureSummary = Omit<Disclosure, 'recipient' | 'justification'>;

/** Reads disclosures back for transparency figures. */
export interface DisclosureReader {
  /** Disclosures with `from <= at < to` (ISO 8601); reading stops when `signal` aborts. */
  disclosuresBetween(forceId: string, from: string, to: string, signal?: AbortSignal): AsyncIterable<DisclosureSummary>;
}
