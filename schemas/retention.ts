/**
 * Contracts of per-class retention: which classes can leave a report on their
 * own date, how staff see that a class was removed, and the supervisor's
 * request to bring a removal forward. Shared by the functions, the OpenAPI
 * document and the retention table of infra/retention-table.ts.
 */
import * as z from 'zod';
import './data-class';
import type { DataClass } from './data-class';

/** Classes sealed in a part of their own, so that deleting that part removes the class and nothing else. */
export const REMOVABLE_CLASSES = ['protected-immigration'] as const satisfies readonly DataClass[];
export type RemovableClass = (typeof REMOVABLE_CLASSES)[number];

/** Why a supervisor brings a removal forward: codes only, so the audit trail holds no typed text. */
export const BRING_FORWARD_REASONS = ['report-closed-early', 'victim-request', 'no-longer-needed'] as const;

/**
 * How staff screens name a removable class's section: by the part of the report
 * (the `/protected` route's word), so a report read never spells out a class
 * name that could read as a hint about the victim.
 */
export const SECTION_OF: Readonly<Record<RemovableClass, 'protected'>> = { 'protected-immigration': 'protected' };

export const ClassRetentionSchema = z
  .object({
    section: z.enum(['protected']).openapi({ description: 'The sealed section: `protected` is the one `POST /reports/{reportId}/protected` opens.' }),
    dueAt: z.iso.datetime().openapi({ description: 'When the section is (or was) due to be removed.' }),
    removedAt: z.iso.datetime().nullable().openapi({ description: 'When its ciphertext was deleted; null while it is still held.' }),
  })
  .openapi('SectionRetention', { description: 'A section kept for fewer days than the report: its removal date, and whether it has left.' });

export const BringForwardRequestSchema = z
  .object({
    dataClass: z.enum(REMOVABLE_CLASSES),
    removeAt: z.iso
      .datetime()
      .optional()
      .openapi({ description: 'The new removal date (ISO 8601 UTC): earlier than the current one; a past instant means now. Defaults to now.' }),
    reason: z.enum(BRING_FORWARD_REASONS),
  })
  .strict()
  .openapi('RetentionBringForwardRequest');

export const BringForwardResponseSchema = z
  .object({ reportId: z.uuid(), dataClass: z.enum(REMOVABLE_CLASSES), dueAt: z.iso.datetime() })
  .openapi('RetentionBringForwardResponse', { description: 'The class’s new removal date; the retention worker removes it on its next run after that.' });
