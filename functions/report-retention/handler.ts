/**
 * POST /reports/{reportId}/retention — a supervisor brings a class's removal forward
 * on a closed report (never later than the force config's date), audited with
 * the change. The retention worker deletes the class on its next run after
 * the new date. No key is loaded: nothing is decrypted here.
 */
import { ReportIdPathSchema } from '../../schemas/queue';
import { BringForwardRequestSchema } from '../../schemas/retention';
import { DynamoRetentionStore } from '../adapters/dynamodb/retention-store';
import { logger } from '../adapters/observability';
import { bringRemovalForward } from '../domain/retention/bring-forward';
import { json } from '../middleware/json';
import { supervisorHandler } from '../staff/staff-handler';

export const handler = supervisorHandler({
  action: 'report:retention',
  path: ReportIdPathSchema,
  body: BringForwardRequestSchema,
  run: async (event, { desk, audit, dynamo, config }) => {
    const reportId = event.pathParameters?.reportId as string;
    const { dataClass, removeAt, reason } = event.body;
    const store = new DynamoRetentionStore(dynamo.document, config.TABLE_NAME);
    const dueAt = await bringRemovalForward({ desk, store, audit }, event.staff, reportId, {
      dataClass,
      reason,
      ...(removeAt ? { removeAt: new Date(removeAt) } : {}),
    });
    logger.info('retention brought forward', { reportId, dataClass });
    return json(200, { reportId, dataClass, dueAt: dueAt.toISOString() });
  },
});
