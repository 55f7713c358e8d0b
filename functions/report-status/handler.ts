/**
 * POST /reports/status — the victim checks a report by receipt. The receipt
 * travels in the body, never in the URL (access logs keep URLs).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { StatusLookupRequestSchema, type StatusLookupResponse } from '../../schemas/responses';
import { logger } from '../adapters/observability';
import { receiptRuntime } from '../wiring/receipt-runtime';
import { lookUpStatus } from '../domain/status/look-up-status';
import { httpProblems, NotFoundProblem, TooManyRequestsProblem } from '../middleware/problems';
import { bodyLimit, requireContentType } from '../middleware/request-guards';
import { safeHeaders } from '../middleware/safe-headers';
import { validateBody } from '../middleware/validate-body';
import { lazyFormPosts } from '../middleware/lazy-form-posts';

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
      return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(response) };
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

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(injectLambdaContext(logger, { logEvent: false }))
  // A form post from another website is refused before its body is read (functions/middleware/cross-site.ts).
  .use(form.crossSite)
  .use(form.pages)
  .use(safeHeaders())
  .use(httpProblems({ logger }))
  .use(httpHeaderNormalizer())
  .use(bodyLimit({ maxBytes: 1024 }))
  .use(requireContentType({ accepted: ['application/json', 'application/x-www-form-urlencoded'] }))
  .use(httpJsonBodyParser({ disableContentTypeError: true }))
  .use(httpUrlencodeBodyParser({ disableContentTypeError: true }))
  .use(form.mapBody)
  .use(validateBody({ schema: StatusLookupRequestSchema }))
  .handler(checkStatus as unknown as (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>);
