/**
 * GET /transparency?from=YYYY-MM-DD&to=YYYY-MM-DD — supervisor only: the
 * monthly transparency figures (counts only, never a report id).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { TransparencyQuerySchema } from '../../schemas/firewall';
import { DynamoReportLedger } from '../adapters/dynamodb/report-ledger';
import { firewallRuntime } from '../wiring/firewall-runtime';
import { logger, metrics } from '../adapters/observability';
import { staffRuntime } from '../wiring/staff-runtime';
import { transparencyFigures } from '../domain/transparency/figures';
import { httpProblems, ValidationProblem } from '../middleware/problems';
import { authorise } from '../middleware/authorise';
import { safeHeaders } from '../middleware/safe-headers';

async function figures(event: APIGatewayProxyEventV2, _context: Context, { signal }: { signal?: AbortSignal } = {}): Promise<APIGatewayProxyResultV2> {
  const parsed = TransparencyQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) {
    throw new ValidationProblem(parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || 'query', message: issue.code === 'custom' ? issue.message : 'must be a date YYYY-MM-DD' })));
  }
  const runtime = await firewallRuntime();
  const { document } = runtime.force.dynamo;
  const result = await transparencyFigures(
    {
      // Middy aborts `signal` when the function's time runs out: the month-by-month reading stops with it.
      ledger: new DynamoReportLedger(document, runtime.force.config.TABLE_NAME, signal),
      reports: runtime.outbox,
      cipher: runtime.force.cipher,
      disclosures: runtime.disclosures,
    },
    { forceId: runtime.force.config.FORCE_ID, from: `${parsed.data.from}T00:00:00.000Z`, to: `${parsed.data.to}T00:00:00.000Z`, signal },
  );
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(result) };
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(injectLambdaContext(logger, { logEvent: false }))
  .use(logMetrics(metrics))
  .use(safeHeaders())
  .use(httpProblems({ logger, metrics }))
  // Supervisors of this force only; refusals are audited (functions/domain/access/staff-access.ts).
  .use(authorise({ action: 'transparency:read', context: staffRuntime }))
  .handler(figures);
