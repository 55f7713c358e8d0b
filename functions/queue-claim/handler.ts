/**
 * POST /queue/claim — claims the highest-priority report nobody holds, with a
 * lease, and answers it decrypted (never its protected section). 204 when
 * nothing is waiting; 503 (nothing taken, claim again) when the function ran
 * out of time before it could write a lease.
 */
import { logger } from '../adapters/observability';
import { reportCipherFrom } from '../wiring/key-runtime';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';
import { staffReportView } from '../staff/views';

export const handler = staffHandler({
  action: 'queue:claim',
  // Opens the report body (or its protected section): the only staff routes that load the keys.
  cipher: reportCipherFrom,
  // A lease once written is always answered with its report: the desk stops before writing when time is short, never after.
  boundsItsOwnTime: true,
  run: async (event, { desk }, context) => {
    // Bounded by the function's remaining time: a claim that cannot start in time takes nothing (503).
    const report = await desk.claimNext(event.staff, { remainingMs: () => context.getRemainingTimeInMillis() });
    if (!report) return { statusCode: 204 };
    logger.info('report claimed', { reportId: report.routing.reportId, priority: report.routing.priority });
    return json(200, { report: staffReportView(report) });
  },
});
