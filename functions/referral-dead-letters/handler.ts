/**
 * GET /referrals/dead-letters — supervisor only: referrals parked after too
 * many failed deliveries (ids, attempts, failure code, charity). The charity
 * is opened from the sealed target; nothing of the report is shown.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { firewallRuntime } from '../wiring/firewall-runtime';
import { logger, metrics } from '../adapters/observability';
import { staffRuntime } from '../wiring/staff-runtime';
import { httpProblems } from '../middleware/problems';
import { authorise } from '../middleware/authorise';
import { safeHeaders } from '../middleware/safe-headers';

async function deadLetters(): Promise<APIGatewayProxyResultV2> {
  const runtime = await firewallRuntime();
  const parked = await runtime.outbox.deadLetters(runtime.force.config.FORCE_ID, 100);
  const referrals = await Promise.all(
    parked.map(async (referral) => {
      const target = await runtime.targets.open(referral.sealedTarget, { forceId: referral.forceId, reportId: referral.reportId });
      return {
        referralId: referral.referralId,
        reportId: referral.reportId,
        charityId: target.charityId,
        attempts: referral.attempts,
        lastFailure: referral.lastFailure,
        createdAt: referral.createdAt,
      };
    }),
  );
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ referrals }) };
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(injectLambdaContext(logger, { logEvent: false }))
  .use(logMetrics(metrics))
  .use(safeHeaders())
  .use(httpProblems({ logger, metrics }))
  // Supervisors of this force only; refusals are audited (functions/domain/access/staff-access.ts).
  .use(authorise({ action: 'referral:dead-letters', context: staffRuntime }))
  .handler(deadLetters);
