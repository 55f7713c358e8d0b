/** POST /reports/{reportId}/lease — the lease holder renews the lease or releases the report to the queue. */
import { LeaseRequestSchema, ReportIdPathSchema } from '../../schemas/queue';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';
import { leaseView } from '../staff/views';

export const handler = staffHandler({
  action: 'report:lease',
  path: ReportIdPathSchema,
  body: LeaseRequestSchema,
  run: async (event, { desk }) => {
    const reportId = event.pathParameters?.reportId as string;
    if (event.body.action === 'renew') return json(200, { lease: leaseView(await desk.renewLease(event.staff, reportId)) });
    await desk.releaseLease(event.staff, reportId);
    return json(200, { lease: null });
  },
});
