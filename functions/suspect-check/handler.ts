/**
 * POST /reports/{reportId}/suspect-checks — a supervisor asks for an
 * officer-initiated suspect check against an enforcement-purpose integration,
 * with a justification and a legal basis. Answers 202 with the disclosure id.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { inProcessEnforcementChannel, lambdaEnforcementChannel } from '../adapters/enforcement-channel';
import { firewallRuntime } from '../wiring/firewall-runtime';
import { staffRuntime } from '../wiring/staff-runtime';
import { logger, metrics } from '../adapters/observability';
import { fetchWebhookSender } from '../adapters/webhook-sender';
import { NoSuspectDetailsError } from '../domain/policy/contracts';
import { ProtectedValueLeakError, TypedTextRefusedError } from '../domain/policy/guard';
import { TypedTextRefusedProblem } from '../staff/staff-problems';
import {
  ReportNotFoundError,
  requestSuspectCheck,
  SuspectCheckRequestSchema,
  UnknownIntegrationError,
  type SuspectCheckRequest,
} from '../domain/enforcement/suspect-check';
import { authorise, type StaffEvent } from '../middleware/authorise';
import { HttpProblem, httpProblems, NotFoundProblem } from '../middleware/problems';
import { bodyLimit, requireContentType } from '../middleware/request-guards';
import { safeHeaders } from '../middleware/safe-headers';
import { validateBody } from '../middleware/validate-body';

/** The firewall refused the payload: said plainly, with no value and no class detail beyond the rule. */
export class FirewallRefusalProblem extends HttpProblem {
  constructor() {
    super(422, 'Refused by the immigration firewall: the check would carry data an enforcement integration may never receive', 'firewall-refused');
    this.name = 'FirewallRefusalProblem';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function suspectCheck(event: StaffEvent<SuspectCheckRequest>): Promise<APIGatewayProxyResultV2> {
  const reportId = event.pathParameters?.reportId ?? '';
  if (!UUID.test(reportId)) throw new NotFoundProblem('No such report');
  const runtime = await firewallRuntime();
  const channel = process.env.ENFORCEMENT_DISPATCHER_FUNCTION
    ? lambdaEnforcementChannel(process.env.ENFORCEMENT_DISPATCHER_FUNCTION)
    : inProcessEnforcementChannel({ directory: runtime.directory, secrets: runtime.secrets, sender: fetchWebhookSender() });
  try {
    const { disclosureId } = await requestSuspectCheck(
      {
        forceId: runtime.force.config.FORCE_ID,
        reports: runtime.outbox,
        cipher: runtime.force.cipher,
        directory: runtime.directory,
        disclosures: runtime.disclosures,
        channel,
      },
      { reportId, officer: event.staff.actor, role: event.staff.role, request: event.body },
    );
    metrics.addMetric('SuspectCheckRequested', MetricUnit.Count, 1);
    logger.info('suspect check requested', { disclosureId });
    return { statusCode: 202, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ disclosureId }) };
  } catch (error) {
    if (error instanceof ReportNotFoundError) throw new NotFoundProblem('No such report');
    if (error instanceof UnknownIntegrationError) throw new NotFoundProblem('No such enforcement integration');
    if (error instanceof NoSuspectDetailsError) throw new HttpProblem(422, 'Neither the report nor the request gives a name, alias or date of birth to check', 'no-suspect-details');
    if (error instanceof TypedTextRefusedError) {
      metrics.addMetric('FirewallRefusal', MetricUnit.Count, 1);
      throw new TypedTextRefusedProblem(error.fields);
    }
    if (error instanceof ProtectedValueLeakError) {
      metrics.addMetric('FirewallRefusal', MetricUnit.Count, 1);
      throw new FirewallRefusalProblem();
    }
    throw error;
  }
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(injectLambdaContext(logger, { logEvent: false }))
  .use(logMetrics(metrics))
  .use(safeHeaders())
  .use(httpProblems({ logger, metrics }))
  // Supervisors of this force only; refusals are audited (functions/domain/access/staff-access.ts).
  .use(authorise({ action: 'report:suspect-check', context: staffRuntime }))
  .use(httpHeaderNormalizer())
  .use(bodyLimit({ maxBytes: 8 * 1024 }))
  .use(requireContentType({ accepted: ['application/json'] }))
  .use(httpJsonBodyParser())
  .use(validateBody({ schema: SuspectCheckRequestSchema }))
  .handler(suspectCheck as unknown as (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>);
