/**
 * GET /queue — the force queue in priority order, paginated: plaintext routing
 * metadata, and each entry's support needs opened from its sealed hint within
 * the time the page has (an entry not opened in time shows `needs: null`).
 */
import { QueueListQuerySchema, type QueueListQuery } from '../../schemas/queue';
import { reportCipherFrom } from '../wiring/key-runtime';
import { logger } from '../adapters/observability';
import { openNeedsHints } from '../domain/queue/needs-hint';
import { json } from '../middleware/json';
import { staffHandler } from '../staff/staff-handler';
import { queueEntryView } from '../staff/views';

/** Time kept back for answering the page once hints stop opening. */
const ANSWER_RESERVE_MS = 750;

export const handler = staffHandler({
  action: 'queue:list',
  // The report key opens the needs hints (class `support`) only; the desk never opens a body here.
  cipher: reportCipherFrom,
  query: QueueListQuerySchema,
  run: async (event, { desk, needs: hints, config }, context) => {
    const query = event.queryStringParameters as unknown as QueueListQuery;
    const page = await desk.list(query.state, { limit: query.limit, cursor: query.cursor });
    const nowMs = desk.now().getTime();
    const needs = hints
      ? await openNeedsHints(page.items, hints, config.FORCE_ID, {
          remainingMs: () => context.getRemainingTimeInMillis?.() ?? 3_000,
          reserveMs: ANSWER_RESERVE_MS,
          // Counts only: never which report, never a value.
          onNotShown: (counts) => logger.warn('queue needs hints not shown', counts),
        })
      : new Map();
    return json(200, {
      entries: page.items.map((entry) => queueEntryView(entry, nowMs, needs.get(entry.reportId) ?? null)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  },
});
