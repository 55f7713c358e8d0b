/**
 * POST /reports/{reportId}/messages — the lease holder or a supervisor leaves a
 * message for the victim, who sees it the next time they look. Nothing is
 * pushed to the victim. The text is sealed as `staff-message`.
 */
import { StaffMessageRequestSchema } from '../../schemas/channel';
import { ReportIdPathSchema } from '../../schemas/queue';
import { staffThreadOf } from '../wiring/staff-thread-runtime';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';

export const handler = staffHandler({
  action: 'report:message',
  path: ReportIdPathSchema,
  body: StaffMessageRequestSchema,
  run: async (event, runtime) => json(201, await staffThreadOf(runtime).post(event.staff, event.pathParameters?.reportId as string, event.body.text)),
});
