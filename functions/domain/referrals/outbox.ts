/**
 * The referral outbox. A referral is written with its report (or with the
 * victim's later consent change), in the same transaction, as an outbox item holding ids, delivery state and a SEALED
 * target (charity id and recipient type, under the report key): a charity's
 * identity could be a proxy for the victim's community, so it is not left in
 * plaintext. The payload itself is not stored at all: the dispatcher builds it
 * at delivery time from the sealed report, so the outbox holds no content and
 * crypto-shredding the report also shreds every undelivered referral.
 */
import type { RecipientType } from '../../../schemas/report';
import type { ReportRouting } from '../report';
import type { ClassRetention } from '../retention/retention';
import type { Sealer } from '../sealer';

export const REFERRAL_STATES = ['pending', 'delivered', 'dead-letter', 'withdrawn', 'cancelled'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

/** Where a referral goes; sealed on the outbox item. */
export interface ReferralTarget {
  charityId: string;
  recipientType: RecipientType;
}

/** Seals and opens referral targets, bound to their force and report. */
export type ReferralTargetSealer = Sealer<ReferralTarget>;

/** A referral to be written with its report, or with a consent change. */
export interface NewReferral {
  referralId: string;
  sealedTarget: Uint8Array;
}

/** An outbox item as the dispatcher sees it. */
export interface OutboxReferral {
  referralId: string;
  reportId: string;
  forceId: string;
  state: ReferralState;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  /**
   * Absent once the retention worker removed it with the report's consent class (the referral was then
   * delivered, withdrawn or cancelled: an undelivered one is cancelled first).
   */
  sealedTarget?: Uint8Array;
  /** A code such as `http-500` or `network`, never a response body. */
  lastFailure?: string;
  /** Set while a dispatcher holds the referral. */
  leaseId?: string;
}

export interface ReferralRef {
  reportId: string;
  referralId: string;
}

export interface ReferralOutbox {
  /** Takes a pending, due, unleased referral for delivery; undefined if it is not there to take. */
  claim(ref: ReferralRef, now: Date, leaseSeconds: number): Promise<OutboxReferral | undefined>;
  /** Delivered: leaves the work index. Only while the lease is still ours. */
  markDelivered(referral: OutboxReferral, now: Date): Promise<void>;
  /** A failed attempt: back to pending at `nextAttemptAt`, or parked in the dead-letter state. */
  markFailed(referral: OutboxReferral, outcome: { attempts: number; failure: string; nextAttemptAt?: Date; deadLetter: boolean }, now: Date): Promise<void>;
  /** Cancels a referral whose report is gone (expired or shredded). */
  markCancelled(referral: OutboxReferral, reason: string, now: Date): Promise<void>;
  /** Pending referrals of a force due at `now`, oldest first. */
  due(forceId: string, now: Date, limit: number): Promise<ReferralRef[]>;
  /** Referrals parked after too many failures, for supervisors. */
  deadLetters(forceId: string, limit: number): Promise<OutboxReferral[]>;
  /** Every referral of one report. */
  ofReport(reportId: string): Promise<OutboxReferral[]>;
  /** Stops an undelivered referral; false if it was already delivered (or gone). */
  withdraw(ref: ReferralRef, now: Date): Promise<boolean>;
  /** Puts a parked referral back to work, due now, with a fresh attempt budget; false unless it was parked. */
  redrive(ref: ReferralRef, forceId: string, now: Date): Promise<boolean>;
}

/** A stored report, still sealed. */
export interface SealedReport {
  routing: ReportRouting;
  sealedBody: Uint8Array;
  /** Absent once the retention worker has removed the protected-immigration class. */
  sealedProtected?: Uint8Array;
  /** Per-class retention (functions/domain/retention): due and removal dates. */
  retention?: ClassRetention[];
}

export interface SealedReportReader {
  sealedReport(reportId: string): Promise<SealedReport | undefined>;
}
