/**
 * POST /queue/claim — claims the highest-priority report nobody holds, with a
 * lease, and answers it decrypted (never its protected section). 204 when
 * nothing is waiting.
 */
import { logger } from '../adapters/observability';
import { reportCipherFrom } from '../adapters/key-runtime';
import { json, staffHandler } from '../staff/staff-handler';
import { staffReportView } from '../staff/views';

export const handler = staffHandler({
  action: 'queue:claim',
  // Opens the report body (or its protected section): the only staff routes that load the keys.
  cipher: reportCipherFrom,
  run: async (event, { desk }) => {
    const report = await desk.claimNext(event.staff);
    if (!report) return { statusCode: 204 };
    logger.info('report claimed', { reportId: report.routing.reportId, priority: report.routing.priority });
    return json(200, { report: staffReportView(report) });
  },
});
