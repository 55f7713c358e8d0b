/**
 * What the victim's receipt channel needs from storage. Every
 * write is conditional and carries its s.62 audit record in the same
 * transaction; a victim's write is also conditioned on the receipt they used
 * still being the report's receipt, so a rotation mid-session stops the old
 * receipt for every route at once.
 */
import type { DataClass } from '../../../schemas/data-class';
import type { AuditRecord } from '../audit/audit-trail';
import type { NewReferral } from '../referrals/outbox';
import type { ReportStatus } from '../report';
import type { Sealer } from '../sealer';

/** Who wrote a message: the victim (data class `account`) or force staff (`staff-message`). */
export type MessageAuthor = 'victim' | 'staff';

/** The data class of each author's text. */
export const MESSAGE_CLASS: Readonly<Record<MessageAuthor, DataClass>> = { victim: 'account', staff: 'staff-message' };

/** A message as stored: ids and times in plaintext, the text sealed under the report key. */
export interface StoredMessage {
  messageId: string;
  author: MessageAuthor;
  /** ISO 8601, UTC. */
  at: string;
  sealedText: Uint8Array;
  /** Epoch seconds after which the store removes it (the class's retention). */
  expiresAt: number;
}

/** The report as the channel sees it: routing metadata and the sealed body. */
export interface ChannelReport {
  reportId: string;
  forceId: string;
  status: ReportStatus;
  /** The queue entry's sort key (the entry exists while the report is open). */
  rank: string;
  pausedUntil?: number;
  staffLastReadAt?: string;
  victimLastLookedAt?: string;
  /** Rotations so far (0: the intake's receipt). */
  receiptGeneration: number;
  /** Bumped by every re-seal of the body (plan or consent change), so two changes cannot overwrite each other. */
  bodyVersion: number;
  sealedBody: Uint8Array;
  lease?: { holder: string; until: number };
  /** The report's own retention (epoch seconds): a new receipt look-up expires with it. */
  expiresAt: number;
}

/** The receipt a victim's write was made with: it must still look up this report when the write lands. */
export interface ReceiptProof {
  lookupKey: string;
}

/** What a consent change does to the report's referrals, in the same transaction as the body. */
export interface ReferralChanges {
  /** ISO 8601: when the new referrals were made (and fall due for the dispatcher). */
  at: string;
  create: NewReferral[];
  /** Referral ids to stop; the write fails (and is rebuilt) if one was delivered meanwhile. */
  stop: string[];
}

/** One change to a report through the channel. */
export type ChannelWrite =
  /** The victim looked (read the thread). */
  | { kind: 'victim-looked'; at: string; receipt: ReceiptProof }
  | { kind: 'victim-reply'; message: StoredMessage; receipt: ReceiptProof }
  /** `pausedUntil` null lifts the pause. */
  | { kind: 'pause'; pausedUntil: number | null; receipt: ReceiptProof }
  /**
   * A re-sealed body (safe-contact plan or consents changed); applies only at `bodyVersion`. A consent change
   * carries the referrals it makes (outbox items, due at `at`) and stops (only while still undelivered).
   */
  | { kind: 'body'; sealedBody: Uint8Array; bodyVersion: number; receipt: ReceiptProof; referrals?: ReferralChanges }
  /**
   * The same re-sealed body written by staff (a consent withdrawal they record): applies only at `bodyVersion`
   * and, as a staff message, only while `holder` holds the lease (a supervisor, `holder` undefined, while the report exists).
   */
  | { kind: 'staff-body'; sealedBody: Uint8Array; bodyVersion: number; holder?: string; nowMs: number; referrals?: ReferralChanges }
  /** The old look-up goes, the new one comes, in one step; applies only at `generation`. */
  | { kind: 'rotate'; receipt: ReceiptProof; newLookupKey: string; generation: number; expiresAt: number }
  /** Staff: applies only while `holder` holds the lease (or to a supervisor, `holder` undefined, while the report exists). */
  | { kind: 'staff-message'; message: StoredMessage; holder?: string; nowMs: number }
  | { kind: 'staff-read'; at: string; holder?: string; nowMs: number };

export interface ChannelStore {
  /** The report id behind a receipt look-up key (strongly consistent), or undefined. */
  reportIdByReceipt(lookupKey: string): Promise<string | undefined>;
  report(reportId: string): Promise<ChannelReport | undefined>;
  /** The thread, oldest first, at most `limit` messages (the newest ones). */
  messages(reportId: string, limit: number): Promise<StoredMessage[]>;
  /**
   * Writes `change` with `audit` in one transaction. False when a condition
   * did not hold (receipt gone, lease lost, body changed, report closed
   * meanwhile); nothing is written then.
   */
  apply(report: ChannelReport, change: ChannelWrite, audit: AuditRecord): Promise<boolean>;
}

/** Seals and opens message text under the report key, bound to force, report, message id and data class. */
export type MessageCipher = Sealer<string, MessageContext>;

export interface MessageContext {
  forceId: string;
  reportId: string;
  messageId: string;
  dataClass: DataClass;
}
