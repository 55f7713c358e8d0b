/**
 * POST /reports/status — the victim checks a report by receipt. The receipt
 * travels in the body, never in the URL (access logs keep URLs).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { StatusLookupRequestSchema, type StatusLookupResponse } from '../../schemas/responses';
import { logger, metrics } from '../adapters/observability';
import { receiptRuntime } from '../wiring/receipt-runtime';
import { lookUpStatus } from '../domain/status/look-up-status';
import { json } from '../middleware/json';
import { lazyFormPosts } from '../middleware/lazy-form-posts';
import { NotFoundProblem, TooManyRequestsProblem } from '../middleware/problems';
import { intakeShell } from '../middleware/shells';

type StatusEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body: { receipt: string } };

async function checkStatus(event: StatusEvent): Promise<APIGatewayProxyResultV2> {
  const runtime = await receiptRuntime();
  const result = await lookUpStatus(
    {
      receipts: runtime.receipts,
      reader: runtime.store,
      failures: runtime.failures,
      maxFailures: runtime.config.STATUS_MAX_FAILURES,
      maxThrottledChecks: runtime.config.STATUS_MAX_THROTTLED_CHECKS,
      windowSeconds: runtime.config.STATUS_WINDOW_SECONDS,
    },
    event.body.receipt,
    runtime.receipts.clientKey(event.requestContext.http.sourceIp),
  );
  switch (result.kind) {
    case 'found': {
      const response: StatusLookupResponse = { status: result.status };
      return json(200, response);
    }
    case 'throttled':
      logger.warn('status look-up throttled');
      throw new TooManyRequestsProblem(result.retryAfterSeconds);
    case 'not-found':
      // One answer for wrong and unknown receipts alike.
      throw new NotFoundProblem('No report matches that receipt');
  }
}

/** The web form's check-a-report page posts here too (urlencoded); only such a post loads the form's code. */
const form = lazyFormPosts(() =>
  Promise.all([import('../middleware/form-posts'), import('../middleware/cross-site')]).then(([web, crossSite]) => ({
    ...web.statusFormPosts(),
    crossSite: crossSite.refuseCrossSiteForms(),
  })),
);

export const handler = intakeShell({ logger, metrics }, { body: StatusLookupRequestSchema, maxBytes: 1024, form }).handler(
  checkStatus as unknown as (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>,
);
