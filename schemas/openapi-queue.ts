/**
 * OpenAPI paths of the call-handler (staff) API, registered into the force
 * API document by schemas/openapi.ts.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import {
  AuditListResponseSchema,
  ContactAttemptRequestSchema,
  LeaseRequestSchema,
  LeaseResponseSchema,
  OutcomeRequestSchema,
  ProtectedRequestSchema,
  ProtectedResponseSchema,
  QueueListResponseSchema,
  ReassignRequestSchema,
  ReportIdPathSchema,
  StaffReportResponseSchema,
  StatusResponseSchema,
} from './queue';
import { jsonBody as body, ok, problem } from './openapi-parts';
import { BringForwardRequestSchema, BringForwardResponseSchema } from './retention';


const STAFF_REFUSALS = {
  400: problem('Parameters or fields at fault, by name; values are never repeated'),
  401: problem('No valid token for this force (answered by the API’s JWT authorizer)'),
  403: problem('The token is not for this force, or its role may not do this; the refusal is audited'),
};
const REPORT_REFUSALS = { ...STAFF_REFUSALS, 404: problem('No report with that id in this force') };

/** Registers the staff paths and the bearer-token scheme. */
export function registerQueue(registry: OpenAPIRegistry): void {
  const bearer = registry.registerComponent('securitySchemes', 'staffToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from the force’s staff user pool; roles come from `cognito:groups` (`call-handler`, `supervisor`).',
  });
  const security = [{ [bearer.name]: [] }];
  const reportPath = { params: ReportIdPathSchema };

  registry.registerPath({
    method: 'get',
    path: '/queue',
    summary: 'List the force queue',
    description: 'Red flags first, then grade, then oldest. Plaintext routing metadata only. Paginated.',
    security,
    request: {
      query: z.object({
        state: z.enum(['waiting', 'claimed', 'all']).optional(),
        limit: z.number().int().min(1).max(100).optional(),
        cursor: z.string().optional(),
      }),
    },
    responses: { 200: ok('A page of queue entries', QueueListResponseSchema), ...STAFF_REFUSALS },
  });
  registry.registerPath({
    method: 'post',
    path: '/queue/claim',
    summary: 'Claim the next report',
    description:
      'Atomically claims the highest-priority report nobody holds, with a lease, and answers it decrypted — never its ' +
      'protected section. Exactly one claimer wins each report. The read is audited.',
    security,
    responses: {
      200: ok('The claimed report', StaffReportResponseSchema),
      204: { description: 'Nothing is waiting' },
      ...STAFF_REFUSALS,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/reports/{reportId}',
    summary: 'Read a report',
    description: 'For the lease holder or a supervisor. Never includes the protected section. The read is audited.',
    security,
    request: reportPath,
    responses: { 200: ok('The report', StaffReportResponseSchema), ...REPORT_REFUSALS },
  });
  registry.registerPath({
    method: 'post',
    path: '/reports/{reportId}/protected',
    summary: 'Open the protected-immigration section',
    description: 'Safeguarding roles only, holding the report or supervising; the reason is recorded in the audit trail before anything is answered.',
    security,
    request: { ...reportPath, ...body(ProtectedRequestSchema) },
    responses: {
      200: ok('The protected section', ProtectedResponseSchema),
      ...REPORT_REFUSALS,
      410: problem('The protected section was removed under the force’s retention policy (crypto-shredded); the problem says when'),
    },
  });
  /** A POST on one report with a JSON body: its success answers, the report refusals and its own conflicts (409, 410). */
  const reportAction = (action: string, route: { summary: string; description?: string; request: Parameters<typeof body>[0]; answers: Record<number, unknown> }) =>
    registry.registerPath({
      method: 'post',
      path: `/reports/{reportId}/${action}`,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      security,
      request: { ...reportPath, ...body(route.request) },
      responses: { ...REPORT_REFUSALS, ...route.answers } as never,
    });

  reportAction('contact-attempts', {
    summary: 'Record a contact attempt',
    request: ContactAttemptRequestSchema,
    answers: {
      201: ok('Recorded; the report’s status', StatusResponseSchema),
      409: problem('The safe-contact plan does not allow this contact (every reason listed), the report is closed, or it changed meanwhile'),
    },
  });
  reportAction('outcome', {
    summary: 'Close a report with an outcome',
    description: 'The report leaves the queue; the victim’s receipt look-up shows `closed`.',
    request: OutcomeRequestSchema,
    answers: { 200: ok('Closed', StatusResponseSchema), 409: problem('Already closed, or changed meanwhile') },
  });
  reportAction('lease', {
    summary: 'Renew or release a lease',
    description: 'The holder only. An expired lease cannot be renewed: the report may already be someone else’s; claim again.',
    request: LeaseRequestSchema,
    answers: { 200: ok('The lease now', LeaseResponseSchema), 409: problem('No active lease held, or the report is closed') },
  });
  reportAction('reassign', {
    summary: 'Reassign a report (supervisor)',
    request: ReassignRequestSchema,
    answers: { 200: ok('The new lease, or null when back in the queue', LeaseResponseSchema), 409: problem('The report is closed') },
  });
  reportAction('retention', {
    summary: 'Bring a class’s removal forward (supervisor)',
    description:
      'On a closed report, moves the removal date of a class kept for fewer days than the report (today the protected-immigration ' +
      'section) earlier — never later than the force config allows. Audited with the change; the retention worker deletes the ' +
      'class’s ciphertext on its first run after the new date.',
    request: BringForwardRequestSchema,
    answers: {
      200: ok('The new removal date', BringForwardResponseSchema),
      409: problem('The report is still open, the date is not earlier than the current one, or no removal is scheduled'),
      410: problem('The class has already been removed'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/audit',
    summary: 'Read the audit trail (supervisor)',
    description: 'The s.62 log of one report (`reportId`) or one member of staff (`actor`), oldest first. Paginated.',
    security,
    request: {
      query: z.object({
        reportId: z.uuid().optional(),
        actor: z.string().optional(),
        limit: z.number().int().min(1).max(100).optional(),
        cursor: z.string().optional(),
      }),
    },
    responses: { 200: ok('A page of audit records', AuditListResponseSchema), ...STAFF_REFUSALS },
  });
}
