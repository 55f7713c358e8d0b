/** POST /reports/{reportId}/outcome — closes a report with an outcome code; the receipt look-up then shows `closed`. */
import { OutcomeRequestSchema, ReportIdPathSchema } from '../../schemas/queue';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';

export const handler = staffHandler({
  action: 'report:outcome',
  path: ReportIdPathSchema,
  body: OutcomeRequestSchema,
  run: async (event, { desk }) => {
    await desk.recordOutcome(event.staff, event.pathParameters?.reportId as string, event.body.outcome);
    return json(200, { status: 'closed' });
  },
});
