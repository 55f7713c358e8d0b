/**
 * POST /reports/{reportId}/contact-attempts — records a contact attempt, or refuses
 * it with 409 and every reason when the victim's safe-contact plan does not
 * allow it.
 */
import { ContactAttemptRequestSchema, ReportIdPathSchema } from '../../schemas/queue';
import { reportCipherFrom } from '../wiring/key-runtime';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';

export const handler = staffHandler({
  action: 'report:contact-attempt',
  // Opens the report body (or its protected section): the only staff routes that load the keys.
  cipher: reportCipherFrom,
  path: ReportIdPathSchema,
  body: ContactAttemptRequestSchema,
  run: async (event, { desk }) => json(201, { status: await desk.attemptContact(event.staff, event.pathParameters?.reportId as string, event.body) }),
});
