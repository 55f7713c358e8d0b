/**
 * `authorise({ action })`: the handler-side check behind the API's JWT
 * authorizer. The authorizer has verified the token; this middleware checks
 * that it was issued for THIS force and that one of its roles allows the
 * action, records every refusal in the audit trail, and answers 403.
 * On success the principal is on `event.staff`.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ACTION_OPERATIONS, decideStaffAccess, type StaffAction, type StaffPrincipal, type TokenClaims, type TrustedIssuer } from '../domain/access/staff-access';
import type { AuditTrail } from '../domain/audit/audit-trail';
import { HttpProblem } from './problems';
import { withinRemainingTime } from './within-time';

/** An event that passed {@link authorise}. */
export type StaffEvent<Body = unknown> = Omit<APIGatewayProxyEventV2, 'body'> & { body: Body; staff: StaffPrincipal };

export class ForbiddenProblem extends HttpProblem {
  constructor() {
    super(403, 'You may not do this', 'forbidden');
    this.name = 'ForbiddenProblem';
  }
}

export class UnauthorizedProblem extends HttpProblem {
  constructor() {
    super(401, 'Sign in first', 'unauthorized', undefined, { 'WWW-Authenticate': 'Bearer' });
    this.name = 'UnauthorizedProblem';
  }
}

export interface AuthoriseOptions {
  action: StaffAction;
  /** The issuer this function trusts and the trail refusals go to; resolved per request (cold start wiring). */
  context: () => Promise<{ trusted: TrustedIssuer; audit: AuditTrail }>;
}

/** The claims API Gateway's JWT authorizer put on the event (string-valued there). */
export function claimsOf(event: APIGatewayProxyEventV2): TokenClaims | undefined {
  return (event as unknown as Partial<APIGatewayProxyEventV2WithJWTAuthorizer>).requestContext?.authorizer?.jwt?.claims as TokenClaims | undefined;
}

/**
 * @example
 * middy(handler).use(authorise({ action: 'queue:claim', context: staffRuntime }));
 */
export const authorise = (options: AuthoriseOptions): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: async (request) => {
    const claims = claimsOf(request.event);
    // No claims means no authorizer ran: a misrouted call, not a person to audit.
    if (!claims) throw new UnauthorizedProblem();
    const { trusted, audit } = await options.context();
    const decision = decideStaffAccess(claims, trusted, options.action);
    if (!decision.allowed) {
      // The firewall's routes name the report `{reportId}`, the queue's `{id}`.
      const reportId = request.event.pathParameters?.id ?? request.event.pathParameters?.reportId ?? request.event.queryStringParameters?.reportId;
      // Inside the function's time: a hanging store answers 503 in time, not after the function is killed.
      await withinRemainingTime(audit.record({
        action: 'refusal',
        operation: ACTION_OPERATIONS[options.action],
        actor: decision.actor,
        role: decision.role,
        purpose: 'safeguarding',
        dataClasses: [],
        reason: decision.reason,
        // Only an id of the shape we issue is recorded; anything else is someone's input.
        ...(reportId && /^[0-9a-f-]{36}$/.test(reportId) ? { reportId } : {}),
      }), request.context);
      throw new ForbiddenProblem();
    }
    (request.event as unknown as StaffEvent).staff = decision.principal;
  },
});
