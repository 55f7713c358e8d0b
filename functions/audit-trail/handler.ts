/** GET /audit?reportId=… | ?actor=… — the s.62 audit trail of one report or one actor, for supervisors. */
import { AuditQuerySchema, type AuditQuery } from '../../schemas/queue';
import { json, staffHandler } from '../staff/staff-handler';
import { auditRecordView } from '../staff/views';

export const handler = staffHandler({
  action: 'audit:read',
  query: AuditQuerySchema,
  run: async (event, { audit }) => {
    const query = event.queryStringParameters as unknown as AuditQuery;
    const page = { limit: query.limit, cursor: query.cursor };
    const result = query.reportId ? await audit.byReport(query.reportId, page) : await audit.byActor(query.actor as string, page);
    return json(200, { records: result.items.map(auditRecordView), ...(result.cursor ? { cursor: result.cursor } : {}) });
  },
});
