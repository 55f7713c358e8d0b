/**
 * GET /reports/{reportId}/messages — the lease holder or a supervisor reads the
 * thread (audited as a consultation); the unread-reply flag clears and the
 * victim sees when staff last read it.
 */
import { ReportIdPathSchema } from '../../schemas/queue';
import { staffThreadOf } from '../wiring/staff-thread-runtime';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';

export const handler = staffHandler({
  action: 'report:read-messages',
  path: ReportIdPathSchema,
  run: async (event, runtime) => json(200, await staffThreadOf(runtime).read(event.staff, event.pathParameters?.reportId as string)),
});
