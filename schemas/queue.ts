/**
 * Contracts of the call-handler (staff) API: the force queue, claims and
 * leases, reading a report and its protected section, contact attempts,
 * outcomes, reassignment and the audit trail.
 */
import * as z from 'zod';
import { classified, DATA_CLASSES } from './data-class';
import { ImmigrationSchema, languageTag, ReportSubmissionSchema } from './report';
import { REPORT_STATUSES } from './responses';
import { ProtectedReadReasonSchema, REASON_CODES } from './reason-codes';
import { ClassRetentionSchema } from './retention';
import { CONTACT_CHANNELS, CONTACT_RESULTS } from './contact';
import { OUTCOME_CODES } from './outcomes';
import { AUDIT_ACTIONS } from './audit-actions';

const cursor = z.string().max(2048).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor from a previous page').openapi({
  description: 'Opaque: pass the `cursor` of the previous page to get the next one.',
});
const limit = z.coerce.number().int().min(1).max(100).default(25);
const staffId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/, 'must be a staff id (the token subject)');

export const ReportIdPathSchema = z.object({ reportId: z.uuid().openapi({ description: 'The internal report id (never shown to the victim).' }) }).strict();

export const LeaseSchema = z
  .object({
    holder: z.string().openapi({ description: 'The staff id (token subject) holding the report.' }),
    expiresAt: z.iso.datetime().openapi({ description: 'When the report returns to the queue unless renewed.' }),
  })
  .openapi('Lease');

export const QueueListQuerySchema = z
  .object({
    state: z.enum(['waiting', 'claimed', 'all']).default('waiting').openapi({ description: '`waiting`: nobody holds it (or the lease expired).' }),
    limit,
    cursor: cursor.optional(),
  })
  .strict();

export const QueueNeedsSchema = z
  .object({
    language: classified('support', languageTag.openapi({ description: 'BCP 47 tag of the language the victim used.' })),
    interpreterNeeded: classified('support', z.boolean()),
  })
  .openapi('QueueNeeds');

export const QueueEntrySchema = z
  .object({
    reportId: z.uuid(),
    priority: z.number().int().min(0).max(3).openapi({ description: '3 red flag, 2 high, 1 medium, 0 standard.' }),
    grade: z.enum(['standard', 'medium', 'high']),
    createdAt: z.iso.datetime(),
    status: z.enum(REPORT_STATUSES),
    lease: LeaseSchema.nullable(),
    // The victim's receipt channel: booleans and times only.
    pausedUntil: z.iso.datetime().nullable().openapi({ description: 'While the victim has paused all contact ("not safe now"): until when; every contact attempt is refused meanwhile.' }),
    unreadReply: z.boolean().openapi({ description: 'The victim replied and nobody has read the thread since.' }),
    victimLastLookedAt: z.iso.datetime().nullable().openapi({ description: 'When the victim last looked at their report with the receipt.' }),
    needs: QueueNeedsSchema.nullable().openapi({
      description:
        'The language the victim used and whether they asked for an interpreter, opened from the entry’s sealed hint (class `support`, never stored in plaintext). ' +
        'null: not shown (the hint could not be opened in the time the page had, or the support class has left).',
    }),
  })
  .openapi('QueueEntry', { description: 'Routing metadata, and the support needs opened from a sealed hint: nothing else from the report body, never the protected section.' });

export const QueueListResponseSchema = z
  .object({ entries: z.array(QueueEntrySchema), cursor: cursor.optional() })
  .openapi('QueueList');

export const ReportBodySchema = ReportSubmissionSchema.omit({ immigration: true }).openapi('ReportBody', {
  description:
    'The report as submitted, decrypted, without the protected-immigration section. The fields of a class removed under the force’s retention policy are absent (`retention` says which and when).',
});

export const StaffReportSchema = z
  .object({
    reportId: z.uuid(),
    forceId: z.string(),
    grade: z.enum(['standard', 'medium', 'high']),
    priority: z.number().int().min(0).max(3),
    status: z.enum(REPORT_STATUSES),
    createdAt: z.iso.datetime(),
    lease: LeaseSchema.nullable(),
    outcome: z.enum(OUTCOME_CODES).optional(),
    body: ReportBodySchema,
    /** Per-class retention (schemas/retention.ts): shows a class that has been removed, and when. */
    retention: z.array(ClassRetentionSchema).optional(),
  })
  .openapi('StaffReport');

export const StaffReportResponseSchema = z.object({ report: StaffReportSchema }).openapi('StaffReportResponse');

export const ProtectedRequestSchema = z
  .object({
    reasonCode: ProtectedReadReasonSchema,
    reason: z.string().trim().min(10).max(500).openapi({
      description:
        'Why the protected section is needed now, recorded in the audit trail (s.62 justification) sealed under the safeguarding key, never in plaintext. ' +
        'Sent in the body, never the URL. Refused (422, naming the field) if it quotes a protected value of the report.',
    }),
  })
  .strict()
  .openapi('ProtectedRequest');

export const ProtectedResponseSchema = z
  .object({ reportId: z.uuid(), immigration: ImmigrationSchema.nullable() })
  .openapi('ProtectedSection', { description: 'The protected-immigration section; null when the victim gave none.' });

export const ContactAttemptRequestSchema = z
  .object({
    channel: z.enum(CONTACT_CHANNELS),
    leaveVoicemail: z.boolean().default(false),
    result: z.enum(CONTACT_RESULTS),
  })
  .strict()
  .openapi('ContactAttemptRequest', {
    description:
      'Recorded at the server’s time. Refused with 409 when the victim’s safe-contact plan does not allow the channel, ' +
      'day or time, or any phone, SMS or e-mail contact when the victim said their devices may be monitored or did not know.',
  });

export const StatusResponseSchema = z.object({ status: z.enum(REPORT_STATUSES) }).openapi('WorkStatus');

export const OutcomeRequestSchema = z.object({ outcome: z.enum(OUTCOME_CODES) }).strict().openapi('OutcomeRequest');

export const LeaseRequestSchema = z.object({ action: z.enum(['renew', 'release']) }).strict().openapi('LeaseRequest');

export const LeaseResponseSchema = z.object({ lease: LeaseSchema.nullable() }).openapi('LeaseResponse');

export const ReassignRequestSchema = z
  .object({ to: staffId.nullable().openapi({ description: 'The staff id to hand the report to, or null to put it back in the queue.' }) })
  .strict()
  .openapi('ReassignRequest');

export const AuditQuerySchema = z
  .object({ reportId: z.uuid().optional(), actor: staffId.optional(), limit, cursor: cursor.optional() })
  .strict()
  .refine((query) => (query.reportId === undefined) !== (query.actor === undefined), {
    message: 'give exactly one of reportId and actor',
    path: ['reportId'],
  });

export const AuditRecordSchema = z
  .object({
    auditId: z.uuid(),
    at: z.iso.datetime(),
    forceId: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    operation: z.string(),
    actor: z.string(),
    role: z.string(),
    purpose: z.string(),
    reasonCode: z.enum(REASON_CODES).optional().openapi({ description: 'Why, as a code (stored in plaintext).' }),
    justification: z.string().optional().openapi({
      description: 'Why, in the actor’s words: stored sealed, opened for this answer. Text sealed under the safeguarding key is opened only for safeguarding roles.',
    }),
    justificationSealed: z.literal(true).optional().openapi({ description: 'Present when the words exist but the caller’s role may not open them.' }),
    legalBasis: z.string().optional(),
    dataClasses: z.array(z.enum(DATA_CLASSES)),
    reportId: z.uuid().optional(),
    recipient: z
      .object({ type: z.string(), id: z.string().optional().openapi({ description: 'Stored sealed (a charity can reveal the victim’s community); opened for this answer.' }) })
      .optional(),
    reason: z.string().optional(),
    detail: z.record(z.string(), z.string()).optional(),
  })
  .openapi('AuditRecord', { description: 'One s.62 log entry: append-only, removed only by retention.' });

export const AuditListResponseSchema = z
  .object({ records: z.array(AuditRecordSchema), cursor: cursor.optional() })
  .openapi('AuditList');

export type QueueListQuery = z.output<typeof QueueListQuerySchema>;
export type ContactAttemptRequest = z.output<typeof ContactAttemptRequestSchema>;
export type AuditQuery = z.output<typeof AuditQuerySchema>;
