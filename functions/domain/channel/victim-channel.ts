/**
 * The victim's side of the receipt channel: with the receipt, and
 * nothing else, a victim reads their report's status and thread, replies,
 * pauses all contact ("not safe now"), changes their safe-contact plan and
 * referral consents, and swaps the receipt for a new one. Nothing here ever
 * pushes anything to the victim: they pull.
 *
 * Every action is on the s.62 audit trail (actor `victim`), without content,
 * in the same transaction as the change it describes; every write is
 * conditioned on the receipt still being the report's, so a rotation stops
 * the old receipt for every route at once, and answers it exactly like a
 * receipt that never existed.
 */
import { randomUUID } from 'node:crypto';
import { CONSENT_KINDS, PAUSE_MAX_DAYS, type ConsentKind } from '../../../schemas/channel';
import type { DataClass } from '../../../schemas/data-class';
import type { RecipientType, ReportBody } from '../../../schemas/report';
import type { AuditEvent, AuditTrail, Purpose } from '../audit/audit-trail';
import type { ReportCipher, ReportStatus } from '../report';
import type { Receipt, ReceiptBook } from '../receipts/receipt';
import { openExistingReferrals, planConsentReferrals } from '../referrals/consent-change';
import { CONSENT_FLAG } from '../policy/flow-table';
import type { Charity } from '../referrals/directory';
import type { ReferralOutbox, ReferralTargetSealer } from '../referrals/outbox';
import { MESSAGE_CLASS, type ChannelReport, type ChannelStore, type ChannelWrite, type MessageCipher, type StoredMessage } from './channel-store';
import type { ReceiptGate } from './receipt-gate';
import { holdsClass, partsToReseal } from '../retention/sealed-body';
import type { BodyClass } from '../retention/parts';
import { DomainError } from '../errors';

/** Messages shown per look, newest kept: bounded work per request. */
export const THREAD_LIMIT = 200;
/** Writes retried when a condition failed because the report changed meanwhile (not because the receipt went). */
const WRITE_ATTEMPTS = 4;

/** Raised for a wrong, unknown or rotated receipt: one answer for all three. */
export class ReceiptNotFoundError extends DomainError {
  constructor() {
    super('no report matches that receipt');
    this.name = 'ReceiptNotFoundError';
  }
}

/** Raised when the caller or the receipt has had too many failed look-ups. */
export class ReceiptThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too many failed receipt look-ups');
    this.name = 'ReceiptThrottledError';
  }
}

/** Raised when a pause is not in the future or more than {@link PAUSE_MAX_DAYS} days ahead. */
export class PauseOutOfRangeError extends DomainError {
  constructor() {
    super(`a pause must end in the future and within ${PAUSE_MAX_DAYS} days`);
    this.name = 'PauseOutOfRangeError';
  }
}

/** Raised when other changes kept landing first; nothing was written. */
export class ChannelBusyError extends DomainError {
  constructor() {
    super('the report kept changing; try again');
    this.name = 'ChannelBusyError';
  }
}

/** What a consent change did: the consents now, and the referrals made, stopped, and already with a charity. */
export interface ConsentChangeOutcome {
  consents: Record<ConsentKind, boolean>;
  /** Referrals made for kinds given that were not given before and had none pending, parked or delivered (the referral dispatcher delivers them). */
  referred: number;
  /** Referrals stopped before delivery. */
  withdrawn: number;
  /** Referrals of a kind withdrawn now that a charity already has. */
  alreadyDelivered: number;
}

/** The part of the report a change would write was removed under the force's retention policy (HTTP 410). */
export class BodyClassRemovedError extends DomainError {
  constructor(readonly dataClass: BodyClass) {
    super(`the ${dataClass} class of this report was removed`);
    this.name = 'BodyClassRemovedError';
  }
}

/** What the victim sees. */
export interface VictimThreadView {
  status: ReportStatus;
  pausedUntil: string | null;
  staffLastReadAt: string | null;
  consents: Record<ConsentKind, boolean>;
  messages: { messageId: string; from: 'force' | 'you'; at: string; text: string }[];
}

export interface VictimChannelDeps {
  gate: ReceiptGate;
  store: ChannelStore;
  /** Opens and re-seals the report body (plan and consents live in it). */
  cipher: Pick<ReportCipher, 'openBody' | 'sealBody'>;
  messages: MessageCipher;
  audit: Pick<AuditTrail, 'prepare' | 'record'>;
  receipts: ReceiptBook;
  /** The force's charities, the referral target sealer and the outbox: a consent change makes and stops referrals. */
  referrals: { charities: readonly Charity[]; targets: ReferralTargetSealer; outbox: Pick<ReferralOutbox, 'ofReport'> };
  /** Retention of message text, in days, by data class (force config). */
  retentionDays: { account: number; staffMessage: number };
  now?: () => Date;
  newId?: () => string;
}

const CONSENT_FLAGS: Readonly<Record<ConsentKind, keyof ReportBody['consent']>> = { ...CONSENT_FLAG, 'share-immigration-with-support': 'shareImmigrationWithSupport' };

/** The consent flags of a body, by kind. */
export function consentsOf(body: Pick<ReportBody, 'consent'>): Record<ConsentKind, boolean> {
  // Once the consent class is removed (retention) nothing is consented to.
  const consent = body.consent as Partial<ReportBody['consent']> | undefined;
  return Object.fromEntries(CONSENT_KINDS.map((kind) => [kind, consent?.[CONSENT_FLAGS[kind]] === true])) as Record<ConsentKind, boolean>;
}

const codes = (list: readonly string[]) => (list.length ? list.join(',') : 'none');

/**
 * @example
 * const channel = new VictimChannel({ gate, store, cipher, messages, audit, receipts, referrals: { charities, targets, outbox }, retentionDays: { account: 365, staffMessage: 365 } });
 * const thread = await channel.thread('0387 1123 5582 9021', clientKey);
 */
export class VictimChannel {
  readonly #deps: Required<VictimChannelDeps>;

  constructor(deps: VictimChannelDeps) {
    this.#deps = { now: () => new Date(), newId: randomUUID, ...deps };
  }

  /** Status, pause, when staff last read, consents and the thread; recorded as the victim's look (a consultation). */
  async thread(receiptInput: string, clientKey: string): Promise<VictimThreadView> {
    return this.#write(receiptInput, clientKey, async (report, receipt) => {
      const stored = await this.#deps.store.messages(report.reportId, THREAD_LIMIT);
      const messages = await Promise.all(stored.map((message) => this.#open(report, message)));
      const body = await this.#deps.cipher.openBody(report.sealedBody, report);
      const at = this.#deps.now().toISOString();
      const view: VictimThreadView = {
        status: report.status,
        pausedUntil: this.#pausedUntil(report),
        staffLastReadAt: report.staffLastReadAt ?? null,
        consents: consentsOf(body),
        messages: messages.map(({ messageId, author, at: sent, text }) => ({ messageId, from: author === 'staff' ? 'force' : 'you', at: sent, text })),
      };
      // The consultation record is written before anything is shown.
      return { change: { kind: 'victim-looked', at, receipt }, event: this.#event('consultation', 'victim-read', ['routing', 'account', 'staff-message', 'consent']), result: view };
    });
  }

  /** The victim's reply: sealed as `account`, it marks the report as having an unread reply. */
  async reply(receiptInput: string, clientKey: string, text: string): Promise<{ messageId: string; at: string }> {
    const messageId = this.#deps.newId();
    return this.#write(receiptInput, clientKey, async (report, receipt) => {
      const message = await this.#seal(report, 'victim', messageId, text);
      return {
        change: { kind: 'victim-reply', message, receipt },
        event: { ...this.#event('collection', 'victim-reply', ['account']), detail: { messageId } },
        result: { messageId, at: message.at },
      };
    });
  }

  /** "Not safe now": every contact attempt is refused until `until` (at most 30 days ahead), or until lifted (`until` undefined). */
  async pause(receiptInput: string, clientKey: string, until: Date | undefined): Promise<{ pausedUntil: string | null }> {
    const now = this.#deps.now().getTime();
    if (until && (until.getTime() <= now || until.getTime() > now + PAUSE_MAX_DAYS * 86_400_000)) throw new PauseOutOfRangeError();
    return this.#write(receiptInput, clientKey, async (_report, receipt) => ({
      change: { kind: 'pause', pausedUntil: until ? until.getTime() : null, receipt },
      event: until
        ? { ...this.#event('alteration', 'victim-pause', ['routing']), detail: { until: until.toISOString() } }
        : this.#event('alteration', 'victim-pause-lift', ['routing']),
      result: { pausedUntil: until ? until.toISOString() : null },
    }));
  }

  /** A new safe-contact plan, replacing the old one in the sealed body. */
  async changePlan(receiptInput: string, clientKey: string, plan: ReportBody['safeContact']): Promise<void> {
    await this.#write(receiptInput, clientKey, async (report, receipt) => {
      // Removed under retention: a new plan would be a class with no removal date; the victim is told (410).
      if (!holdsClass(report.sealedBody, 'contact')) throw new BodyClassRemovedError('contact');
      const body = await this.#deps.cipher.openBody(report.sealedBody, report);
      const sealedBody = await this.#deps.cipher.sealBody({ ...body, safeContact: plan }, report, partsToReseal(report.sealedBody));
      return {
        change: { kind: 'body', sealedBody, bodyVersion: report.bodyVersion, receipt },
        event: { ...this.#event('alteration', 'victim-plan-change', ['contact']), detail: { channels: codes(plan.channels) } },
        result: undefined,
      };
    });
  }

  /**
   * Gives or withdraws consent per kind of service. A kind given that was not
   * given before is referred exactly as the intake would have referred it,
   * unless a referral of it is still pending, parked or delivered; a kind withdrawn
   * stops its referrals not yet delivered, as the staff route does, and the
   * answer says how many a charity already has. The body, the referrals made
   * and stopped, and the audit record land in one transaction, conditioned on
   * the body version read, so the same consent given twice (or two gifts at
   * once) makes one referral (rules: functions/domain/referrals/consent-change.ts).
   */
  async changeConsents(receiptInput: string, clientKey: string, change: { give: readonly ConsentKind[]; withdraw: readonly ConsentKind[] }): Promise<ConsentChangeOutcome> {
    const services = (kinds: readonly ConsentKind[]) => kinds.filter((kind): kind is RecipientType => kind !== 'share-immigration-with-support');
    const [giving, withdrawing] = [services(change.give), services(change.withdraw)];
    const outcome = await this.#write(receiptInput, clientKey, async (current, receipt) => {
      const report = { forceId: current.forceId, reportId: current.reportId };
      const { charities, targets, outbox } = this.#deps.referrals;
      if (!holdsClass(current.sealedBody, 'consent')) throw new BodyClassRemovedError('consent');
      const [body, stored] = await Promise.all([this.#deps.cipher.openBody(current.sealedBody, current), outbox.ofReport(current.reportId)]);
      // A referral without its target: the worker is removing the consent class (it takes the targets first, and a
      // dispatcher's lease can hold the part for a run). Answered as removed, so no kind already referred is referred again.
      if (stored.some((referral) => !referral.sealedTarget)) throw new BodyClassRemovedError('consent');
      const consent = { ...body.consent };
      for (const kind of change.give) consent[CONSENT_FLAGS[kind]] = true;
      for (const kind of change.withdraw) consent[CONSENT_FLAGS[kind]] = false;
      const after = { ...body, consent };
      const existing = await openExistingReferrals(stored, targets, report);
      const plan = planConsentReferrals(charities, body, after, giving, withdrawing, existing);
      const [sealedBody, ...sealedTargets] = await Promise.all([this.#deps.cipher.sealBody(after, current, partsToReseal(current.sealedBody)), ...plan.create.map((target) => targets.seal(target, report))]);
      const create = sealedTargets.map((sealedTarget) => ({ referralId: this.#deps.newId(), sealedTarget }));
      const referrals = create.length + plan.stop.length > 0 ? { referrals: { at: this.#deps.now().toISOString(), create, stop: plan.stop } } : {};
      const counts = { referred: create.length, withdrawn: plan.stop.length, alreadyDelivered: plan.alreadyDeliveredTo.length };
      return {
        change: { kind: 'body', sealedBody, bodyVersion: current.bodyVersion, receipt, ...referrals },
        event: {
          ...this.#event('alteration', 'victim-consent-change', ['consent'], 'support-referral'),
          // Kinds and counts only: which charity a referral went to is sealed, never written here.
          detail: { given: codes(change.give), withdrawn: codes(change.withdraw), referralsMade: String(counts.referred), referralsStopped: String(counts.withdrawn) },
        },
        result: { reportId: current.reportId, consents: consentsOf({ consent }), ...counts },
      };
    });
    if (withdrawing.length) {
      // As the staff route records it: after the change, with what it did.
      await this.#deps.audit.record({
        ...this.#event('alteration', 'consent-withdrawal', ['consent'], 'support-referral'),
        reportId: outcome.reportId,
        detail: { recipientTypes: withdrawing.join(','), withdrawn: String(outcome.withdrawn), alreadyDelivered: String(outcome.alreadyDelivered) },
      });
    }
    const { reportId: _internal, ...answer } = outcome;
    return answer;
  }

  /** Swaps the receipt: the old one stops at once, for every route; the new one is returned once and stored nowhere. */
  async rotateReceipt(receiptInput: string, clientKey: string): Promise<Receipt> {
    return this.#write(receiptInput, clientKey, async (report, receipt) => {
      const generation = report.receiptGeneration + 1;
      const fresh = this.#deps.receipts.issue(report.reportId, generation);
      return {
        change: { kind: 'rotate', receipt, newLookupKey: this.#deps.receipts.lookupKey(fresh), generation, expiresAt: report.expiresAt },
        event: { ...this.#event('alteration', 'receipt-rotation', ['routing']), detail: { generation: String(generation) } },
        result: fresh,
      };
    });
  }

  /**
   * Opens the report through the gate, builds the change, and writes it with
   * its audit record; when the write's conditions fail because the report
   * changed, reads again (the receipt is checked again, without the gate
   * counting it twice) and rebuilds.
   */
  async #write<T>(
    receiptInput: string,
    clientKey: string,
    build: (report: ChannelReport, receipt: { lookupKey: string }) => Promise<{ change: ChannelWrite; event: Omit<AuditEvent, 'reportId'>; result: T }>,
  ): Promise<T> {
    const opened = await this.#deps.gate.open(receiptInput, clientKey);
    if (opened.kind === 'throttled') throw new ReceiptThrottledError(opened.retryAfterSeconds);
    if (opened.kind === 'not-found') throw new ReceiptNotFoundError();
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      if (attempt > 0 && (await this.#deps.store.reportIdByReceipt(opened.lookupKey)) !== opened.reportId) throw new ReceiptNotFoundError();
      const report = await this.#deps.store.report(opened.reportId);
      if (!report) throw new ReceiptNotFoundError();
      const { change, event, result } = await build(report, { lookupKey: opened.lookupKey });
      if (await this.#deps.store.apply(report, change, this.#deps.audit.prepare({ ...event, reportId: report.reportId }))) return result;
    }
    // Still the same receipt? Then other changes kept winning; otherwise the receipt went meanwhile.
    if ((await this.#deps.store.reportIdByReceipt(opened.lookupKey)) !== opened.reportId) throw new ReceiptNotFoundError();
    throw new ChannelBusyError();
  }

  #event(action: AuditEvent['action'], operation: string, dataClasses: readonly DataClass[], purpose: Purpose = 'safeguarding'): Omit<AuditEvent, 'reportId'> {
    return { action, operation, actor: 'victim', role: 'victim', purpose, dataClasses };
  }

  #pausedUntil(report: ChannelReport): string | null {
    return report.pausedUntil !== undefined && report.pausedUntil > this.#deps.now().getTime() ? new Date(report.pausedUntil).toISOString() : null;
  }

  async #seal(report: ChannelReport, author: 'victim', messageId: string, text: string): Promise<StoredMessage> {
    const now = this.#deps.now();
    const dataClass = MESSAGE_CLASS[author];
    return {
      messageId,
      author,
      at: now.toISOString(),
      sealedText: await this.#deps.messages.seal(text, { forceId: report.forceId, reportId: report.reportId, messageId, dataClass }),
      expiresAt: Math.floor(now.getTime() / 1000) + this.#deps.retentionDays.account * 86_400,
    };
  }

  async #open(report: ChannelReport, message: StoredMessage) {
    const text = await this.#deps.messages.open(message.sealedText, { forceId: report.forceId, reportId: report.reportId, messageId: message.messageId, dataClass: MESSAGE_CLASS[message.author] });
    return { ...message, text };
  }
}
