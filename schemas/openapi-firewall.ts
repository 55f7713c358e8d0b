/**
 * OpenAPI paths of the firewall's staff routes,
 * registered into the force API document by schemas/openapi.ts.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  ConsentWithdrawalRequestSchema,
  ConsentWithdrawalResponseSchema,
  DeadLetterListResponseSchema,
  RedriveResponseSchema,
  ReferralPathSchema,
  ReportIdParamSchema,
  SuspectCheckRequestSchema,
  SuspectCheckResponseSchema,
  TransparencyQuerySchema,
  TransparencyResponseSchema,
} from './firewall';
import { ReportIdPathSchema } from './queue';
import { jsonBody, ok, problem } from './openapi-parts';


const SUPERVISOR_REFUSALS = {
  400: problem('Parameters or fields at fault, by name; values are never repeated'),
  401: problem('No valid token for this force (answered by the API’s JWT authorizer)'),
  403: problem('The token is not for this force, or is not a supervisor’s; the refusal is audited'),
};

const WORKER_REFUSALS = {
  ...SUPERVISOR_REFUSALS,
  403: problem('The token is not for this force, or the caller neither holds the report’s lease nor is a supervisor; the refusal is audited'),
};

/** Registers the firewall's paths; the `staffToken` scheme is registered by schemas/openapi-queue.ts. */
export function registerFirewall(registry: OpenAPIRegistry): void {
  const security = [{ staffToken: [] }];

  registry.registerPath({
    method: 'post',
    path: '/reports/{reportId}/suspect-checks',
    summary: 'Request an officer-initiated suspect check',
    description:
      'Supervisor only. Sends suspect-side fields only to an enforcement-purpose integration, with a justification and a ' +
      'legal basis recorded as a disclosure in the audit trail. The immigration firewall refuses (422) any payload that ' +
      'would carry a protected value, victim or witness identity, the account or contact details.',
    security,
    request: { params: ReportIdParamSchema, ...jsonBody(SuspectCheckRequestSchema) },
    responses: {
      202: ok('Accepted: the disclosure is recorded and the check handed to the enforcement dispatcher', SuspectCheckResponseSchema),
      ...SUPERVISOR_REFUSALS,
      404: problem('No report with that id in this force, or no such enforcement integration'),
      413: problem('Body too large'),
      415: problem('Body is not JSON'),
      422: problem('Refused by the immigration firewall, or the report holds no suspect details'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/reports/{reportId}/consent-withdrawals',
    summary: 'Record that the victim withdrew consent to referrals',
    description:
      'The call handler holding the report’s lease, or a supervisor. Stops every referral of the report not yet delivered ' +
      '(pending or parked), for the named kinds of service or all of them, and records the alteration in the audit trail. ' +
      'Charities that already have the referral are named so the victim can be told.',
    security,
    request: { params: ReportIdPathSchema, ...jsonBody(ConsentWithdrawalRequestSchema) },
    responses: {
      200: ok('What was stopped, and who already has it', ConsentWithdrawalResponseSchema),
      ...WORKER_REFUSALS,
      404: problem('No report with that id in this force'),
      413: problem('Body too large'),
      415: problem('Body is not JSON'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/referrals/dead-letters',
    summary: 'List parked charity referrals',
    description: 'Supervisor only. Referrals parked after too many failed deliveries: ids, attempts, failure code, charity. Nothing of the report.',
    security,
    responses: { 200: ok('The parked referrals', DeadLetterListResponseSchema), ...SUPERVISOR_REFUSALS },
  });
  registry.registerPath({
    method: 'post',
    path: '/reports/{reportId}/referrals/{referralId}/redrive',
    summary: 'Put a parked referral back to work',
    description:
      'Supervisor only, once the charity’s endpoint is fixed: the referral is due again with a fresh attempt budget and the ' +
      'same delivery id, so a receiver that dedupes still processes it once. Withdrawn and delivered referrals stay as they are.',
    security,
    request: { params: ReferralPathSchema },
    responses: {
      202: ok('Back to work; the next sweep delivers it', RedriveResponseSchema),
      ...SUPERVISOR_REFUSALS,
      404: problem('No parked referral with these ids in this force'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/transparency',
    summary: 'Monthly transparency figures',
    description:
      'Supervisor only. Counts per month, from the stored reports and the audit trail: reports, reports with protected ' +
      'data, referrals by recipient type, disclosures by purpose, and disclosures of protected data to enforcement (must be 0).',
    security,
    request: { query: TransparencyQuerySchema },
    responses: { 200: ok('The figures', TransparencyResponseSchema), ...SUPERVISOR_REFUSALS },
  });
}
