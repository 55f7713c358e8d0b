/**
 * Protected screen (purpose `safeguarding`), invoked synchronously by the
 * suspect-check function only; no API route. Takes `{ reportId, values }`,
 * opens this report's protected section under the safeguarding key, and
 * answers `{ matches }`: the field paths whose text equals or contains a
 * protected value. Never a value (functions/domain/enforcement/protected-screen.ts).
 * A request out of contract is refused with a function error naming nothing.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { DynamoReferralOutbox } from '../adapters/dynamodb/referral-outbox';
import { keyRuntime } from '../wiring/key-runtime';
import { logger, metrics } from '../adapters/observability';
import { ProtectedScreenRequestSchema, ScreenRequestRefusedError, screenProtectedValues, type ProtectedScreenAnswer } from '../domain/enforcement/protected-screen';
import { withinRemainingTime } from '../middleware/within-time';
import { workerShell } from '../middleware/worker-shell';

async function screen(event: unknown, context: Context): Promise<ProtectedScreenAnswer> {
  const request = ProtectedScreenRequestSchema.safeParse(event);
  if (!request.success) {
    metrics.addMetric('ProtectedScreenRefused', MetricUnit.Count, 1);
    throw new ScreenRequestRefusedError();
  }
  const runtime = await keyRuntime();
  const deps = { forceId: runtime.config.FORCE_ID, reports: new DynamoReferralOutbox(runtime.dynamo.document, runtime.config.TABLE_NAME), cipher: runtime.cipher };
  const answer = await withinRemainingTime(screenProtectedValues(deps, request.data), context);
  metrics.addMetric('ProtectedScreenAnswered', MetricUnit.Count, 1);
  // Counts only: which fields matched is the caller's to act on, and names no value either way.
  logger.info('protected screen answered', { fields: Object.keys(request.data.values).length, matched: answer.matches.length });
  return answer;
}

export const handler = workerShell<unknown, ProtectedScreenAnswer>({ logger, metrics }).handler(screen);
