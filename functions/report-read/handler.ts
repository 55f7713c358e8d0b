/** GET /reports/{reportId} — one report, decrypted without its protected section, for its lease holder or a supervisor. */
import { ReportIdPathSchema } from '../../schemas/queue';
import { reportCipherFrom } from '../wiring/key-runtime';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';
import { staffReportView } from '../staff/views';

export const handler = staffHandler({
  action: 'report:read',
  // Opens the report body (or its protected section): the only staff routes that load the keys.
  cipher: reportCipherFrom,
  path: ReportIdPathSchema,
  run: async (event, { desk }) => json(200, { report: staffReportView(await desk.read(event.staff, event.pathParameters?.reportId as string)) }),
});
