/** GET /queue — the force queue in priority order: plaintext routing metadata only, paginated. */
import { QueueListQuerySchema, type QueueListQuery } from '../../schemas/queue';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';
import { queueEntryView } from '../staff/views';

export const handler = staffHandler({
  action: 'queue:list',
  query: QueueListQuerySchema,
  run: async (event, { desk }) => {
    const query = event.queryStringParameters as unknown as QueueListQuery;
    const page = await desk.list(query.state, { limit: query.limit, cursor: query.cursor });
    const nowMs = desk.now().getTime();
    return json(200, { entries: page.items.map((entry) => queueEntryView(entry, nowMs)), ...(page.cursor ? { cursor: page.cursor } : {}) });
  },
});
