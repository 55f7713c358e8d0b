/**
 * The staff side of the receipt channel: the lease holder or a
 * supervisor writes to the victim, and reads the thread. A message is never
 * pushed anywhere; it waits until the victim looks. Writing is allowed while
 * the victim has paused contact: a message they pull is not a contact attempt.
 *
 * Admission (lease holder or supervisor of the report's force, refusals
 * audited) is the queue desk's; every write carries its audit record in the
 * same transaction, conditioned on the lease still being held.
 */
import { randomUUID } from 'node:crypto';
import type { StaffPrincipal } from '../access/staff-access';
import type { AuditEvent, AuditTrail } from '../audit/audit-trail';
import { ReportNotFoundError } from '../errors';
import { WorkConflictError, type QueueDesk } from '../queue/queue-desk';
import { MESSAGE_CLASS, type ChannelReport, type ChannelStore, type MessageCipher } from './channel-store';
import { THREAD_LIMIT } from './victim-channel';

export interface StaffThreadView {
  pausedUntil: string | null;
  victimLastLookedAt: string | null;
  messages: { messageId: string; from: 'force' | 'victim'; at: string; text: string }[];
}

export interface StaffThreadDeps {
  desk: Pick<QueueDesk, 'admit' | 'now'>;
  store: ChannelStore;
  messages: MessageCipher;
  audit: Pick<AuditTrail, 'prepare'>;
  /** Retention of staff-written text, in days (force config, class `staff-message`). */
  staffMessageDays: number;
  newId?: () => string;
}

/**
 * @example
 * const thread = new StaffThread({ desk, store, messages, audit, staffMessageDays: 365 });
 * await thread.post(principal, reportId, 'We have read your report.');
 */
export class StaffThread {
  readonly #deps: Required<StaffThreadDeps>;

  constructor(deps: StaffThreadDeps) {
    this.#deps = { newId: randomUUID, ...deps };
  }

  /** Leaves a message for the victim. */
  async post(principal: StaffPrincipal, reportId: string, text: string): Promise<{ messageId: string; at: string }> {
    await this.#deps.desk.admit(principal, reportId, { operation: 'staff-message', purpose: 'safeguarding', dataClasses: ['staff-message'] });
    const report = await this.#report(reportId);
    const now = this.#deps.desk.now();
    const messageId = this.#deps.newId();
    const sealedText = await this.#deps.messages.seal(text, { forceId: report.forceId, reportId, messageId, dataClass: MESSAGE_CLASS.staff });
    const message = { messageId, author: 'staff' as const, at: now.toISOString(), sealedText, expiresAt: Math.floor(now.getTime() / 1000) + this.#deps.staffMessageDays * 86_400 };
    const applied = await this.#deps.store.apply(
      report,
      { kind: 'staff-message', message, ...this.#holder(principal), nowMs: now.getTime() },
      this.#deps.audit.prepare({ ...this.#event(principal, reportId, 'alteration', 'staff-message'), dataClasses: ['staff-message'], detail: { messageId } }),
    );
    if (!applied) throw new WorkConflictError('report-changed', 'The report changed meanwhile (lease expired or reassigned); read it again');
    return { messageId, at: message.at };
  }

  /** The thread, for the lease holder or a supervisor; clears the unread flag and tells the victim when staff last read. */
  async read(principal: StaffPrincipal, reportId: string): Promise<StaffThreadView> {
    await this.#deps.desk.admit(principal, reportId, { operation: 'read-messages', purpose: 'safeguarding', dataClasses: ['account', 'staff-message'] });
    const report = await this.#report(reportId);
    const stored = await this.#deps.store.messages(reportId, THREAD_LIMIT);
    const messages = await Promise.all(
      stored.map(async (message) => ({
        messageId: message.messageId,
        from: message.author === 'staff' ? ('force' as const) : ('victim' as const),
        at: message.at,
        text: await this.#deps.messages.open(message.sealedText, { forceId: report.forceId, reportId, messageId: message.messageId, dataClass: MESSAGE_CLASS[message.author] }),
      })),
    );
    const now = this.#deps.desk.now();
    // No record, no content: the consultation is written (with the read marker) before the thread is returned.
    const applied = await this.#deps.store.apply(
      report,
      { kind: 'staff-read', at: now.toISOString(), ...this.#holder(principal), nowMs: now.getTime() },
      this.#deps.audit.prepare({ ...this.#event(principal, reportId, 'consultation', 'read-messages'), dataClasses: ['account', 'staff-message'] }),
    );
    if (!applied) throw new WorkConflictError('report-changed', 'The report changed meanwhile (lease expired or reassigned); read it again');
    return {
      pausedUntil: report.pausedUntil !== undefined && report.pausedUntil > now.getTime() ? new Date(report.pausedUntil).toISOString() : null,
      victimLastLookedAt: report.victimLastLookedAt ?? null,
      messages,
    };
  }

  /** A supervisor writes while the report exists; anyone else only while holding the lease. */
  #holder(principal: StaffPrincipal): { holder?: string } {
    return principal.role === 'supervisor' ? {} : { holder: principal.actor };
  }

  async #report(reportId: string): Promise<ChannelReport> {
    const report = await this.#deps.store.report(reportId);
    if (!report) throw new ReportNotFoundError();
    return report;
  }

  #event(principal: StaffPrincipal, reportId: string, action: AuditEvent['action'], operation: string): Omit<AuditEvent, 'dataClasses'> {
    return { action, operation, actor: principal.actor, role: principal.role, purpose: 'safeguarding', reportId };
  }
}
