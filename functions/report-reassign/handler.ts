/** POST /reports/{reportId}/reassign — a supervisor hands an open report to a member of staff, or back to the queue. */
import { ReassignRequestSchema, ReportIdPathSchema } from '../../schemas/queue';
import { json } from '../middleware/json';
import { supervisorHandler } from '../staff/staff-handler';
import { leaseView } from '../staff/views';

export const handler = supervisorHandler({
  action: 'report:reassign',
  path: ReportIdPathSchema,
  body: ReassignRequestSchema,
  run: async (event, { desk }) =>
    json(200, { lease: leaseView(await desk.reassign(event.staff, event.pathParameters?.reportId as string, event.body.to ?? undefined)) }),
});
