/**
 * POST /reports/{reportId}/suspect-checks — a supervisor asks for an
 * officer-initiated suspect check against an enforcement-purpose integration,
 * with a justification and a legal basis. Answers 202 with the disclosure id.
 * The firewall's refusals answer 422 and are counted as `FirewallRefusal`
 * (functions/middleware/problem-table.ts).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { inProcessEnforcementChannel, lambdaEnforcementChannel } from '../adapters/enforcement-channel';
import { firewallRuntime } from '../adapters/firewall-runtime';
import { logger, metrics } from '../adapters/observability';
import { fetchWebhookSender } from '../adapters/webhook-sender';
import { requestSuspectCheck, SuspectCheckRequestSchema } from '../domain/enforcement/suspect-check';
import { ReportNotFoundError } from '../domain/errors';
import { json } from '../middleware/json';
import { supervisorHandler } from '../staff/staff-handler';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Supervisors of this force only; refusals are audited (functions/domain/access/staff-access.ts).
export const handler = supervisorHandler({
  action: 'report:suspect-check',
  body: SuspectCheckRequestSchema,
  maxBytes: 8 * 1024,
  run: async (event) => {
    const reportId = event.pathParameters?.reportId ?? '';
    if (!UUID.test(reportId)) throw new ReportNotFoundError();
    const runtime = await firewallRuntime();
    const channel = process.env.ENFORCEMENT_DISPATCHER_FUNCTION
      ? lambdaEnforcementChannel(process.env.ENFORCEMENT_DISPATCHER_FUNCTION)
      : inProcessEnforcementChannel({ directory: runtime.directory, secrets: runtime.secrets, sender: fetchWebhookSender() });
    const { disclosureId } = await requestSuspectCheck(
      { forceId: runtime.force.config.FORCE_ID, reports: runtime.outbox, cipher: runtime.force.cipher, directory: runtime.directory, disclosures: runtime.disclosures, channel },
      { reportId, officer: event.staff.actor, role: event.staff.role, request: event.body },
    );
    metrics.addMetric('SuspectCheckRequested', MetricUnit.Count, 1);
    logger.info('suspect check requested', { disclosureId });
    return json(202, { disclosureId });
  },
});
