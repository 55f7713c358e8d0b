/**
 * POST /reports/{reportId}/protected — the protected-immigration section, decrypted
 * only for safeguarding roles, only on this explicit request, with a reason
 * in the body (never in the URL, which access logs keep). The consultation is
 * audited with the reason before anything is answered.
 */
import { ProtectedRequestSchema, ReportIdPathSchema } from '../../schemas/queue';
import { logger } from '../adapters/observability';
import { reportCipherFrom } from '../wiring/key-runtime';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';

export const handler = staffHandler({
  action: 'report:read-protected',
  // Opens the report body (or its protected section): the only staff routes that load the keys.
  cipher: reportCipherFrom,
  path: ReportIdPathSchema,
  body: ProtectedRequestSchema,
  run: async (event, { desk }) => {
    const reportId = event.pathParameters?.reportId as string;
    const section = await desk.readProtected(event.staff, reportId, { code: event.body.reasonCode, text: event.body.reason });
    logger.info('protected section consulted', { reportId });
    return json(200, { reportId, immigration: section ?? null });
  },
});
