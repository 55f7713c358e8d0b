/**
 * POST /reports — a victim or a third party submits a report.
 * Answers 201 with the receipt code; the report id stays internal.
 * One round trip to DynamoDB in every case: a keyed submission claims its
 * Idempotency-Key in the report's own transaction, and a retry, a reused key
 * or a race is answered from that transaction's cancellation reasons
 * (functions/middleware/problem-table.ts).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ReportSubmissionSchema, type ReportSubmission } from '../../schemas/report';
import type { ReportReceiptResponse } from '../../schemas/responses';
import { logger, metrics } from '../adapters/observability';
import { EMERGENCY_ADVICE } from '../domain/intake/emergency-advice';
import { json } from '../middleware/json';
import { lazyFormPosts } from '../middleware/lazy-form-posts';
import { intakeShell } from '../middleware/shells';
import { intake } from './intake';

export { resetIntake } from './intake';

type SubmitEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body: ReportSubmission };

async function submit(event: SubmitEvent): Promise<APIGatewayProxyResultV2> {
  const { runtime, accept } = await intake.get();
  const key = event.headers['idempotency-key'];
  const accepted = await accept(event.body, key);
  metrics.addMetric('ReportAccepted', MetricUnit.Count, 1);
  logger.info('report accepted', { reportId: accepted.reportId, withIdempotencyKey: Boolean(key) });
  const response: ReportReceiptResponse = {
    receipt: runtime.receipts.issue(accepted.reportId),
    message: 'Your report has been received. Keep this receipt code somewhere safe: it is the only way to check on your report.',
    ...(accepted.urgent ? { emergencyAdvice: EMERGENCY_ADVICE } : {}),
  };
  return json(201, response);
}

/**
 * The web form's check-your-answers page posts here too (urlencoded), through the same validation and
 * acceptance; only such a post loads the form's code and locales.
 */
const form = lazyFormPosts(() =>
  Promise.all([import('../middleware/form-posts'), import('../middleware/cross-site')]).then(([web, crossSite]) => ({
    ...web.reportFormPosts(),
    crossSite: crossSite.refuseCrossSiteForms(),
  })),
);

/**
 * The route's middy shell, contract included (a fresh one per call: middy holds one handler). The bench measures it
 * around a handler that answers at once.
 *
 * @example
 * const answerOnly = submitReportShell().handler(async () => json(201, {}));
 */
// A failure after the write started may have stored the report: the answer says so, and that a retry with the same key is safe.
export const submitReportShell = () => intakeShell({ logger, metrics }, { body: ReportSubmissionSchema, form, outcomeUnknown: true });

export const handler = submitReportShell().handler(submit as unknown as (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>);
