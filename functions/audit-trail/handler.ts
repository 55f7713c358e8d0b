/**
 * GET /audit?reportId=… | ?actor=… — the s.62 audit trail of one report or
 * one actor, for supervisors. Staff text and recipient ids are stored sealed;
 * this route opens them for the answer (functions/domain/audit/open-record.ts).
 */
import { AuditQuerySchema, type AuditQuery } from '../../schemas/queue';
import { reportCipherFrom } from '../wiring/key-runtime';
import { NoReportKeyError } from '../wiring/staff-runtime';
import { json } from '../middleware/json';
import { supervisorHandler } from '../staff/staff-handler';
import { auditRecordView } from '../staff/views';

export const handler = supervisorHandler({
  action: 'audit:read',
  // Opens sealed staff text and recipient ids: the keys, never a report.
  cipher: reportCipherFrom,
  query: AuditQuerySchema,
  run: async (event, { audit, texts }) => {
    const query = event.queryStringParameters as unknown as AuditQuery;
    const page = { limit: query.limit, cursor: query.cursor };
    const result = query.reportId ? await audit.byReport(query.reportId, page) : await audit.byActor(query.actor as string, page);
    if (!texts) throw new NoReportKeyError();
    const records = await Promise.all(result.items.map((record) => auditRecordView(record, { texts, role: event.staff.role })));
    return json(200, { records, ...(result.cursor ? { cursor: result.cursor } : {}) });
  },
});
