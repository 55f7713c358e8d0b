/**
 * POST /reports/{reportId}/suspect-checks — a supervisor asks for an
 * officer-initiated suspect check against an enforcement-purpose integration,
 * with a justification and a legal basis. Answers 202 with the disclosure id.
 * The firewall's refusals answer 422, are counted as `FirewallRefusal`
 * (functions/middleware/problem-table.ts) and are on the report's trail.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { inProcessEnforcementChannel, lambdaEnforcementChannel } from '../adapters/enforcement-channel';
import { firewallRuntime } from '../wiring/firewall-runtime';
import { logger, metrics } from '../adapters/observability';
import { inProcessProtectedScreen, lambdaProtectedScreen } from '../adapters/protected-screen';
import { fetchWebhookSender } from '../adapters/webhook-sender';
import { requestSuspectCheck, SuspectCheckRequestSchema } from '../domain/enforcement/suspect-check';
import { ReportNotFoundError } from '../domain/errors';
import { ProtectedValueLeakError, TypedTextRefusedError } from '../domain/policy/guard';
import { json } from '../middleware/json';
import { withinRemainingTime } from '../middleware/within-time';
import { supervisorHandler } from '../staff/staff-handler';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Supervisors of this force only; refusals are audited (functions/domain/access/staff-access.ts).
export const handler = supervisorHandler({
  action: 'report:suspect-check',
  body: SuspectCheckRequestSchema,
  maxBytes: 8 * 1024,
  run: async (event, { audit }, context) => {
    const reportId = event.pathParameters?.reportId ?? '';
    if (!UUID.test(reportId)) throw new ReportNotFoundError();
    const runtime = await firewallRuntime();
    const forceId = runtime.force.config.FORCE_ID;
    const channel = process.env.ENFORCEMENT_DISPATCHER_FUNCTION
      ? lambdaEnforcementChannel(process.env.ENFORCEMENT_DISPATCHER_FUNCTION)
      : inProcessEnforcementChannel({ directory: runtime.directory, secrets: runtime.secrets, sender: fetchWebhookSender() });
    // In AWS the protected section is opened only by the safeguarding-purpose screen function; locally, its code in process.
    const screen = process.env.PROTECTED_SCREEN_FUNCTION
      ? lambdaProtectedScreen(process.env.PROTECTED_SCREEN_FUNCTION, { remainingMs: () => context.getRemainingTimeInMillis() })
      : inProcessProtectedScreen({ forceId, reports: runtime.outbox, cipher: runtime.force.cipher }, { remainingMs: () => context.getRemainingTimeInMillis() });
    try {
      const { disclosureId } = await requestSuspectCheck(
        { forceId, reports: runtime.outbox, cipher: runtime.force.cipher, directory: runtime.directory, disclosures: runtime.disclosures, channel, screen },
        { reportId, officer: event.staff.actor, role: event.staff.role, request: event.body },
      );
      metrics.addMetric('SuspectCheckRequested', MetricUnit.Count, 1);
      logger.info('suspect check requested', { disclosureId });
      return json(202, { disclosureId });
    } catch (error) {
      // A check refused for what it would carry is on the trail, naming the officer and the refusal's code only:
      // no class (that a protected value matched would say the report holds one).
      const reason = error instanceof TypedTextRefusedError ? 'typed-text-refused' : error instanceof ProtectedValueLeakError ? 'firewall-refused' : undefined;
      if (reason) {
        const record = { action: 'refusal', operation: 'suspect-check', actor: event.staff.actor, role: event.staff.role, purpose: 'investigation', dataClasses: [], reason, reportId } as const;
        await withinRemainingTime(audit.record(record), context);
      }
      throw error;
    }
  },
});
