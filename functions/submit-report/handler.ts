/**
 * POST /reports — a victim or a third party submits a report.
 * Answers 201 with the receipt code; the report id stays internal.
 * One round trip to DynamoDB in every case: a keyed submission claims its
 * Idempotency-Key in the report's own transaction, and a retry, a reused key
 * or a race is answered from that transaction's cancellation reasons.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { ReportSubmissionSchema, type ReportSubmission } from '../../schemas/report';
import type { ReportReceiptResponse } from '../../schemas/responses';
import { IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_SECONDS } from '../../schemas/idempotency';
import { logger, metrics } from '../adapters/observability';
import { builtOnce } from '../adapters/built-once';
import { forceRuntime, type ForceRuntime } from '../wiring/runtime';
import { EnvelopeReferralTargetSealer } from '../adapters/crypto/referral-target-sealer';
import { readIntegrationDirectory } from '../adapters/integrations';
import {
  acceptReport,
  IdempotencyKeyReusedError,
  SubmissionInProgressError,
  type AcceptedReport,
  type AcceptOptions,
} from '../domain/intake/accept-report';
import { EMERGENCY_ADVICE } from '../domain/intake/emergency-advice';
import { ConflictProblem, httpProblems, INTAKE_OUTCOME_UNKNOWN, ValidationProblem } from '../middleware/problems';
import { bodyLimit, limitNesting, requireContentType, REPORT_BODY_MAX_BYTES } from '../middleware/request-guards';
import { safeHeaders } from '../middleware/safe-headers';
import { validateBody } from '../middleware/validate-body';
import { lazyFormPosts } from '../middleware/lazy-form-posts';

type SubmitEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body: ReportSubmission };

interface Intake {
  runtime: ForceRuntime;
  accept: (submission: ReportSubmission, options?: AcceptOptions) => Promise<AcceptedReport>;
}

async function buildIntake(): Promise<Intake> {
  const runtime = await forceRuntime();
  const { config } = runtime;
  // The intake only matches and seals referrals; delivering them is the dispatcher's (functions/referral-dispatcher).
  const directory = readIntegrationDirectory();
  const targets = new EnvelopeReferralTargetSealer(runtime.keyrings);
  const accept = (submission: ReportSubmission, options?: AcceptOptions) =>
    acceptReport(
      {
        forceId: config.FORCE_ID,
        cipher: runtime.cipher,
        writer: runtime.store,
        receipts: runtime.receipts,
        retentionDays: config.RETENTION_DAYS_REPORT,
        ...(config.RETENTION_DAYS_PROTECTED ? { classRetentionDays: { 'protected-immigration': config.RETENTION_DAYS_PROTECTED } } : {}),
        referrals: { charities: directory.charities, targets },
      },
      submission,
      options,
    );
  return { runtime, accept };
}

const intake = builtOnce(buildIntake);

/** A keyed submission: the same key and body always name the same report id, and the key is claimed with it. */
function keyedOptions(runtime: ForceRuntime, key: string, submission: ReportSubmission): AcceptOptions {
  const fingerprint = runtime.fingerprints.of(JSON.stringify(submission));
  return {
    reportId: runtime.fingerprints.reportIdFor(key, fingerprint),
    claim: { claimId: runtime.fingerprints.claimOf(key), fingerprint, expiresAfterSeconds: IDEMPOTENCY_KEY_SECONDS },
  };
}

async function submit(event: SubmitEvent): Promise<APIGatewayProxyResultV2> {
  const { runtime, accept } = await intake.get();
  const key = event.headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new ValidationProblem([{ path: 'Idempotency-Key', message: 'must be 16 to 128 letters, digits, - or _' }]);
  }
  const accepted = await accept(event.body, key ? keyedOptions(runtime, key, event.body) : {});
  metrics.addMetric('ReportAccepted', MetricUnit.Count, 1);
  logger.info('report accepted', { reportId: accepted.reportId, withIdempotencyKey: Boolean(key) });
  const response: ReportReceiptResponse = {
    receipt: runtime.receipts.issue(accepted.reportId),
    message: 'Your report has been received. Keep this receipt code somewhere safe: it is the only way to check on your report.',
    ...(accepted.urgent ? { emergencyAdvice: EMERGENCY_ADVICE } : {}),
  };
  return { statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(response) };
}

/** Maps the intake transaction's refusals (nothing was stored by them) to answers a client can act on. */
const idempotencyRefusals = (): middy.MiddlewareObj => ({
  onError: async (request) => {
    if (request.error instanceof IdempotencyKeyReusedError) {
      request.error = new ConflictProblem('idempotency-key-reused', 'This Idempotency-Key was already used for a different report');
    } else if (request.error instanceof SubmissionInProgressError) {
      request.error = new ConflictProblem('submission-in-progress', 'This report is still being received; try again shortly', { 'Retry-After': '2' });
    }
  },
});

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

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(injectLambdaContext(logger, { logEvent: false }))
  .use(logMetrics(metrics))
  // A form post from another website is refused before its body is read (functions/middleware/cross-site.ts).
  .use(form.crossSite)
  .use(form.pages)
  .use(safeHeaders())
  // A failure after the write started may have stored the report: the answer says so, and that a retry with the same key is safe.
  .use(httpProblems({ logger, metrics, ...INTAKE_OUTCOME_UNKNOWN }))
  .use(idempotencyRefusals())
  .use(httpHeaderNormalizer())
  .use(bodyLimit({ maxBytes: Number(process.env.MAX_BODY_BYTES ?? REPORT_BODY_MAX_BYTES) }))
  .use(requireContentType({ accepted: ['application/json', 'application/x-www-form-urlencoded'] }))
  .use(limitNesting())
  .use(httpJsonBodyParser({ disableContentTypeError: true }))
  .use(httpUrlencodeBodyParser({ disableContentTypeError: true }))
  .use(form.mapBody)
  .use(validateBody({ schema: ReportSubmissionSchema }))
  .handler(submit as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>);

/** Forgets the cached intake (tests change the environment between cases). */
export function resetIntake(): void {
  intake.reset();
}
