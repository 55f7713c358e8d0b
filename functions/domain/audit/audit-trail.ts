/**
 * The s.62 audit trail (Data Protection Act 2018, Part 3): every collection,
 * consultation, alteration, disclosure, combination and erasure of a report is
 * logged, with who, in which role, for what purpose and justification, which
 * data classes, when, and the recipient of a disclosure. Refused requests are
 * logged too, as refusals.
 *
 * Records are append-only: {@link AuditLog} has no update and no delete, and
 * its store writes each record with a conditional put. Only the retention TTL
 * removes them.
 */
import { randomUUID } from 'node:crypto';
import type { DataClass } from '../../../schemas/data-class';
import { REASON_CODES, type ReasonCode } from '../../../schemas/reason-codes';
import type { Purpose } from '../../../schemas/purpose';
import { AUDIT_ACTIONS, type AuditAction } from '../../../schemas/audit-actions';
import { NoTextSealerError, type SealedText, type TextBinding, type TextKey, type TextSealer } from './sealed-text';
import { DomainError } from '../errors';

export type { Purpose } from '../../../schemas/purpose';

export { AUDIT_ACTIONS, type AuditAction };

/** Who received data in a disclosure (a support service, an integration, a member of staff). */
export interface AuditRecipient {
  /** A code such as `idva`, `local-da-service`, `staff`; never free text. Stored in plaintext, so figures count by type. */
  type: string;
  /** The recipient's id within its type (a charity id can reveal the victim's community): sealed before it is stored. */
  id?: string;
}

/** A recipient as stored: the type in plaintext, the id sealed under the report key. */
export interface StoredAuditRecipient {
  type: string;
  sealedId?: SealedText;
}

/** Words a member of staff typed (a reason, a justification), and the key of the most protected class they may touch. */
export interface StaffText {
  text: string;
  key: TextKey;
}

/** What a caller tells the trail; the trail adds id, time, force and retention. */
export interface AuditEvent {
  action: AuditAction;
  /** The API operation or job, e.g. `claim`, `read-report`, `read-protected`, `referral`. */
  operation: string;
  /** The `sub` of the member of staff, or a service id for automated processing. */
  actor: string;
  /** The actor's role, or `none` for a refused token that carries no staff role. */
  role: string;
  purpose: Purpose;
  /** Why, as a code: the only part of a reason stored in plaintext (counted by the force). */
  reasonCode?: ReasonCode;
  /** Why, in the actor's words: sealed by {@link AuditTrail.record} before it is stored, never kept in plaintext. */
  staffText?: StaffText;
  /** The legal basis of a disclosure (e.g. `dpa-2018-s35-consent`). */
  legalBasis?: string;
  dataClasses: readonly DataClass[];
  reportId?: string;
  recipient?: AuditRecipient;
  /** For refusals: the reason code. */
  reason?: string;
  /** Further codes only (never report content), e.g. `{ channel: 'sms' }`. */
  detail?: Readonly<Record<string, string>>;
}

/** A stored audit record: the staff text and the recipient's id sealed, nothing typed in plaintext. */
export interface AuditRecord extends Omit<AuditEvent, 'staffText' | 'recipient'> {
  /** The actor's words, sealed (see functions/domain/audit/sealed-text.ts). */
  sealedJustification?: SealedText;
  recipient?: StoredAuditRecipient;
  auditId: string;
  /** ISO 8601, UTC, millisecond precision. */
  at: string;
  /** The force whose system the event happened in. */
  forceId: string;
  /** Epoch seconds after which the store's TTL removes the record. */
  expiresAt: number;
}

/** One page of a listing; `cursor` is opaque and absent on the last page. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Where audit records live. Append and read only: there is deliberately no update or delete. */
export interface AuditLog {
  /** Stores a new record; fails if a record with the same id exists. */
  append(record: AuditRecord): Promise<void>;
  byReport(reportId: string, page: PageRequest): Promise<Page<AuditRecord>>;
  byActor(actor: string, page: PageRequest): Promise<Page<AuditRecord>>;
}

/** Raised when an event is not fit to be recorded (a bug in the caller, never user input). */
export class InvalidAuditEventError extends DomainError {
  constructor(readonly field: string) {
    super(`audit event is missing or has an invalid ${field}`);
    this.name = 'InvalidAuditEventError';
  }
}

export interface AuditTrailOptions {
  forceId: string;
  /** Seals staff text and recipient ids. Without one, a trail refuses events that carry either (fail closed). */
  sealer?: TextSealer;
  /** How long records are kept before the TTL removes them, in days. */
  retentionDays: number;
  now?: () => Date;
  newId?: () => string;
}

/**
 * The id and time of an event that already has them: a disclosure's id is
 * also the delivery id its recipient holds, and its time is the instant the
 * payload was built, so the record names the same id and instant.
 */
export interface RecordIdentity {
  auditId?: string;
  at?: Date;
}

const CODE = /^[a-z0-9][a-z0-9:.-]{0,63}$/;
const EVENT_KEYS = new Set<string>([
  'action', 'operation', 'actor', 'role', 'purpose', 'reasonCode', 'staffText', 'legalBasis', 'dataClasses', 'reportId', 'recipient', 'reason', 'detail',
] satisfies (keyof AuditEvent)[]);
/** Detail values: codes, ids and comma-separated code lists; nothing that could hold prose. */
const DETAIL = /^[A-Za-z0-9][A-Za-z0-9:._,@-]{0,255}$/;

/**
 * The force's audit trail.
 *
 * @example
 * const trail = new AuditTrail(new DynamoAuditLog(document, table), { forceId: 'example-north', retentionDays: 2190, sealer: cipher });
 * await trail.record({
 *   action: 'disclosure', operation: 'referral', actor: 'sub-123', role: 'call-handler',
 *   purpose: 'support-referral', legalBasis: 'dpa-2018-s35-consent', dataClasses: ['identity', 'contact'],
 *   reportId, recipient: { type: 'idva', id: 'org-42' },   // the id is sealed before it is stored
 * });
 */
export class AuditTrail {
  readonly #log: AuditLog;
  readonly #options: Required<Omit<AuditTrailOptions, 'sealer'>>;
  readonly #sealer: TextSealer | undefined;

  constructor(log: AuditLog, options: AuditTrailOptions) {
    this.#log = log;
    const { sealer, ...rest } = options;
    this.#sealer = sealer;
    this.#options = { now: () => new Date(), newId: randomUUID, ...rest };
  }

  /**
   * Appends one record and returns it, sealing the staff text and the
   * recipient's id first. Throws if it could not be stored: callers must not
   * proceed without it.
   */
  async record(event: AuditEvent, identity: RecordIdentity = {}): Promise<AuditRecord> {
    check(event);
    const { staffText, recipient, ...plain } = event;
    const sealed: Partial<Pick<AuditRecord, 'sealedJustification' | 'recipient'>> = {};
    if (staffText || recipient?.id !== undefined) {
      if (!this.#sealer) throw new NoTextSealerError();
      if (!event.reportId) throw new InvalidAuditEventError('reportId');
      const binding = (field: TextBinding['field']): TextBinding => ({ forceId: this.#options.forceId, reportId: event.reportId as string, purpose: event.purpose, field });
      if (staffText) sealed.sealedJustification = await this.#sealer.sealText(staffText.text, staffText.key, binding('justification'));
      if (recipient?.id !== undefined) sealed.recipient = { type: recipient.type, sealedId: await this.#sealer.sealText(recipient.id, 'report', binding('recipient')) };
    }
    const record = this.#build({ ...plain, ...(recipient ? { recipient: { type: recipient.type } } : {}), ...sealed }, identity);
    await this.#log.append(record);
    return record;
  }

  /**
   * Builds the record for `event` without storing it, for a store that writes
   * it in the same transaction as the change it describes (both or neither).
   * Sealing is asynchronous, so an event with staff text or a recipient id
   * must go through {@link record}: here it is refused rather than stored in plaintext.
   */
  prepare(event: AuditEvent, identity: RecordIdentity = {}): AuditRecord {
    check(event);
    if (event.staffText) throw new InvalidAuditEventError('staffText');
    if (event.recipient?.id !== undefined) throw new InvalidAuditEventError('recipient');
    const { staffText: _none, recipient, ...plain } = event;
    return this.#build({ ...plain, ...(recipient ? { recipient: { type: recipient.type } } : {}) }, identity);
  }

  #build(event: Omit<AuditRecord, 'auditId' | 'at' | 'forceId' | 'expiresAt'>, identity: RecordIdentity): AuditRecord {
    const now = identity.at ?? this.#options.now();
    return {
      ...event,
      dataClasses: [...new Set(event.dataClasses)].sort(),
      auditId: identity.auditId ?? this.#options.newId(),
      at: now.toISOString(),
      forceId: this.#options.forceId,
      expiresAt: Math.floor(now.getTime() / 1000) + this.#options.retentionDays * 86_400,
    };
  }

  /** The trail of one report, oldest first. */
  byReport(reportId: string, page: PageRequest): Promise<Page<AuditRecord>> {
    return this.#log.byReport(reportId, page);
  }

  /** Everything one actor did, oldest first. */
  byActor(actor: string, page: PageRequest): Promise<Page<AuditRecord>> {
    return this.#log.byActor(actor, page);
  }
}

function check(event: AuditEvent): void {
  if (!AUDIT_ACTIONS.includes(event.action)) throw new InvalidAuditEventError('action');
  if (!CODE.test(event.operation)) throw new InvalidAuditEventError('operation');
  if (!event.actor) throw new InvalidAuditEventError('actor');
  if (!event.role) throw new InvalidAuditEventError('role');
  if (!event.purpose) throw new InvalidAuditEventError('purpose');
  if (event.action === 'disclosure' && (!event.recipient || !event.legalBasis)) {
    // Domain rule 4: every disclosure names its recipient and legal basis.
    throw new InvalidAuditEventError('recipient or legalBasis');
  }
  if (event.action === 'refusal' && !event.reason) throw new InvalidAuditEventError('reason');
  if (event.reason !== undefined && !CODE.test(event.reason)) throw new InvalidAuditEventError('reason');
  if (event.reasonCode !== undefined && !REASON_CODES.includes(event.reasonCode)) throw new InvalidAuditEventError('reasonCode');
  if (event.recipient && !CODE.test(event.recipient.type)) throw new InvalidAuditEventError('recipient');
  // Anything but these keys (a plaintext `justification`, say) is refused rather than stored.
  for (const key of Object.keys(event)) if (!EVENT_KEYS.has(key)) throw new InvalidAuditEventError(key);
  for (const value of Object.values(event.detail ?? {})) {
    if (!DETAIL.test(value)) throw new InvalidAuditEventError('detail');
  }
}
