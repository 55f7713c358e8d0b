/**
 * Contracts of per-class retention: which classes can leave a report on their
 * own date, how staff see that a class was removed, and the supervisor's
 * request to bring a removal forward. Shared by the functions, the OpenAPI
 * document and the retention table of infra/retention-table.ts.
 */
import * as z from 'zod';
import './data-class';
import { DATA_CLASSES, type DataClass } from './data-class';

/**
 * Classes that leave a report on their own date: each is sealed in a part
 * with only the classes of equal retention (functions/domain/retention/parts.ts),
 * so that deleting that part removes those classes and nothing else. Routing
 * is plaintext and leaves with the report; staff messages are items of their own.
 */
export type RemovableClass = Exclude<DataClass, 'routing' | 'staff-message'>;
export const REMOVABLE_CLASSES: readonly RemovableClass[] = DATA_CLASSES.filter(
  (dataClass): dataClass is RemovableClass => dataClass !== 'routing' && dataClass !== 'staff-message',
);
/** The removable classes sealed under the report key, in the report body's parts (all but the protected section). */
export type BodyClass = Exclude<RemovableClass, 'protected-immigration'>;
export const BODY_CLASSES = REMOVABLE_CLASSES.filter((dataClass): dataClass is BodyClass => dataClass !== 'protected-immigration');

/** Classes whose removal a supervisor can bring forward: the removable classes and the staff's messages (each message's entry moves). */
export type BringForwardClass = RemovableClass | 'staff-message';
export const BRING_FORWARD_CLASSES: readonly BringForwardClass[] = [...REMOVABLE_CLASSES, 'staff-message'];

/** Why a supervisor brings a removal forward: codes only, so the audit trail holds no typed text. */
export const BRING_FORWARD_REASONS = ['report-closed-early', 'victim-request', 'no-longer-needed'] as const;

/**
 * How staff screens name a removable class's section: the protected class by
 * the part of the report (the `/protected` route's word), so a report read
 * never spells out a class name that could read as a hint about the victim;
 * every other class by its own name.
 */
export const SECTIONS = ['protected', ...BODY_CLASSES] as const;
export const SECTION_OF: Readonly<Record<RemovableClass, (typeof SECTIONS)[number]>> = {
  ...(Object.fromEntries(BODY_CLASSES.map((dataClass) => [dataClass, dataClass])) as Record<BodyClass, BodyClass>),
  'protected-immigration': 'protected',
};

export const ClassRetentionSchema = z
  .object({
    section: z.enum(SECTIONS).openapi({
      description: 'The sealed section: `protected` is the one `POST /reports/{reportId}/protected` opens; any other is the data class of that name, whose fields are absent from `body` once removed.',
    }),
    dueAt: z.iso.datetime().openapi({ description: 'When the section is (or was) due to be removed.' }),
    removedAt: z.iso.datetime().nullable().openapi({ description: 'When its ciphertext was deleted; null while it is still held.' }),
  })
  .openapi('SectionRetention', { description: 'A sealed section (data class): its removal date, and whether it has left.' });

export const BringForwardRequestSchema = z
  .object({
    dataClass: z.enum(BRING_FORWARD_CLASSES).openapi({
      description: 'The class; for `account` and `staff-message` every pending removal of the report’s messages of that class moves too.',
    }),
    removeAt: z.iso
      .datetime()
      .optional()
      .openapi({ description: 'The new removal date (ISO 8601 UTC): earlier than the current one; a past instant means now. Defaults to now.' }),
    reason: z.enum(BRING_FORWARD_REASONS),
  })
  .strict()
  .openapi('RetentionBringForwardRequest');

export const BringForwardResponseSchema = z
  .object({ reportId: z.uuid(), dataClass: z.enum(BRING_FORWARD_CLASSES), dueAt: z.iso.datetime() })
  .openapi('RetentionBringForwardResponse', {
    description: 'The class’s new removal date (the classes sealed in the same part move with it); the retention worker removes them on its next run after that.',
  });
