/**
 * Key builders of the single-table design (schemas/table-design.ts): the
 * only place that spells key formats. docs/data-model.md explains every item type.
 */
import { TABLE_DESIGN } from '../../../schemas/table-design';

export { TABLE_DESIGN };

/** Key builders: the only place that spells key formats. */
export const keys = {
  report: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: 'REPORT' }),
  /** Queue entries of one force, sorted so that a forward query reads highest priority, then oldest, first. */
  queuePartition: (forceId: string) => `QUEUE#${forceId}`,
  queueEntry: (forceId: string, rank: string) => ({ PK: `QUEUE#${forceId}`, SK: rank }),
  receipt: (lookupKey: string) => ({ PK: `RECEIPT#${lookupKey}`, SK: 'RECEIPT' }),
  /** A message of the victim's receipt channel lives in its report's partition, sorted by time. */
  message: (reportId: string, at: string, messageId: string) => ({ PK: `REPORT#${reportId}`, SK: `MESSAGE#${at}#${messageId}` }),
  messagePrefix: 'MESSAGE#',
  statusFailures: (clientKey: string, window: number) => ({ PK: `STATUS-FAILURES#${clientKey}`, SK: `W#${window}` }),
  /** A keyed submission's claim on its Idempotency-Key (keyed hash of the key, never the key): one partition per claim. */
  idempotencyClaim: (claimId: string) => ({ PK: `IDEMPOTENCY#${claimId}`, SK: 'CLAIM' }),
  /** A referral outbox item lives in its report's partition, so withdrawal finds every referral of a report. */
  referral: (reportId: string, referralId: string) => ({ PK: `REPORT#${reportId}`, SK: `REFERRAL#${referralId}` }),
  referralPrefix: 'REFERRAL#',
  /** GSI1 partitions of referrals: due work (sorted by next attempt), and the dead-letter list. Delivered ones leave GSI1. */
  outboxPartition: (forceId: string) => `OUTBOX#${forceId}`,
  deadLetterPartition: (forceId: string) => `DEAD-LETTER#${forceId}`,
  /** One item per report per month of receipt (ids and times only): how transparency counts without a Scan. */
  reportLedger: (forceId: string, month: string, createdAt: string, reportId: string) => ({
    PK: `LEDGER#${forceId}#${month}`,
    SK: `${createdAt}#${reportId}`,
  }),
  reportLedgerPartition: (forceId: string, month: string) => `LEDGER#${forceId}#${month}`,
  /** Audit records sort by time under their report's partition (or a per-day force partition when no report). */
  auditSortPrefix: 'AUDIT#',
  auditRecord: (partition: string, at: string, auditId: string) => ({ PK: partition, SK: `AUDIT#${at}#${auditId}` }),
  auditOfForceDay: (forceId: string, day: string) => `AUDIT#${forceId}#${day}`,
  /** GSI1: the trail of one actor, by time. */
  auditActorPartition: (actor: string) => `ACTOR#${actor}`,
  auditByActor: (actor: string, at: string, auditId: string) => ({ GSI1PK: `ACTOR#${actor}`, GSI1SK: `${at}#${auditId}` }),
  /**
   * A disclosure's audit record is also copied, in the same transaction, to one
   * partition per force and month: how the transparency figures count
   * disclosures without a Scan. Append-only like the record itself.
   */
  auditDisclosureEntry: (forceId: string, month: string, at: string, auditId: string) => ({
    PK: `AUDIT-DISCLOSURES#${forceId}#${month}`,
    SK: `${at}#${auditId}`,
  }),
  auditDisclosurePartition: (forceId: string, month: string) => `AUDIT-DISCLOSURES#${forceId}#${month}`,
  /**
   * A sealed part's removal schedule entry (named by its part id, or the class for the protected section and
   * the report's end `routing`), in its report's partition. While the removal is
   * pending it is on GSI1 under the force's due partition, sorted by due date: a sparse index the
   * retention worker queries for what is due, never a Scan. Removal takes it off the index.
   */
  retentionEntry: (reportId: string, entry: string) => ({ PK: `REPORT#${reportId}`, SK: `RETENTION#${entry}` }),
  /**
   * A receipt-channel message's removal entry, beside the message in its report's partition: on GSI1 under
   * the same due partition as the parts' entries until the worker deletes the message and the entry together.
   * The message itself never goes on GSI1 (it projects ALL: the index would copy its ciphertext).
   */
  messageRetentionEntry: (reportId: string, at: string, messageId: string) => ({ PK: `REPORT#${reportId}`, SK: `RETENTION#MESSAGE#${at}#${messageId}` }),
  messageRetentionPrefix: 'RETENTION#MESSAGE#',
  messageRetentionDue: (forceId: string, dueAt: string, reportId: string, messageId: string) => ({
    GSI1PK: `RETENTION-DUE#${forceId}`,
    GSI1SK: `${dueAt}#${reportId}#message#${messageId}`,
  }),
  retentionDuePartition: (forceId: string) => `RETENTION-DUE#${forceId}`,
  retentionDue: (forceId: string, dueAt: string, reportId: string, entry: string) => ({
    GSI1PK: `RETENTION-DUE#${forceId}`,
    GSI1SK: `${dueAt}#${reportId}#${entry}`,
  }),
} as const;
