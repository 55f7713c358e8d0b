/**
 * `authorise({ action })`: the handler-side check behind the API's JWT
 * authorizer. The function verifies the bearer token itself
 * (functions/adapters/token-verifier.ts) and reads claims from it, never from
 * `requestContext.authorizer`, which anyone who can invoke the function can
 * write; then checks that the token was issued for THIS force and that one of
 * its roles allows the action. Every refusal is recorded in the audit trail:
 * an unverifiable token answers 401, a verified token without the right 403.
 * On success the principal is on `event.staff`.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import {
  ACTION_OPERATIONS,
  decideStaffAccess,
  type AccessRefusalReason,
  type StaffAction,
  type StaffPrincipal,
  type StaffRole,
  type TokenClaims,
  type TrustedIssuer,
} from '../domain/access/staff-access';
import type { AuditTrail } from '../domain/audit/audit-trail';
import { ForbiddenProblem, UnauthorizedProblem } from './problems';
import { withinRemainingTime } from './within-time';

/** An event that passed {@link authorise}. */
export type StaffEvent<Body = unknown> = Omit<APIGatewayProxyEventV2, 'body'> & { body: Body; staff: StaffPrincipal };

export interface AuthoriseOptions {
  action: StaffAction;
  /** The issuer this function trusts, its token verifier and the trail refusals go to; resolved per request (cold start wiring). */
  context: () => Promise<{ trusted: TrustedIssuer; verifyToken: (token: string) => Promise<TokenClaims>; audit: AuditTrail }>;
}

/** The compact JWS of an `Authorization: Bearer …` header (either case of the header name), if any. */
export function bearerToken(event: APIGatewayProxyEventV2): string | undefined {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  return /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header)?.[1];
}

/** The actor of a refusal whose token could not be verified. */
export const UNVERIFIED = 'unverified';

/** The issuer a token claims, read without trusting it: only to say why it was refused. */
function claimedIssuer(token: string): unknown {
  try {
    return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown }).iss;
  } catch {
    return undefined;
  }
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
    const { event } = request;
    const token = bearerToken(event);
    // Neither a token nor claims: a misrouted call, not a person to audit.
    if (!token && !claimsOf(event)) throw new UnauthorizedProblem();
    const { trusted, verifyToken, audit } = await options.context();
    // Every route names the report `{reportId}` (the audit trail's listing takes it as a query parameter).
    const reportId = event.pathParameters?.reportId ?? event.queryStringParameters?.reportId;
    // Inside the function's time: a hanging store answers 503 in time, not after the function is killed.
    const refuse = (reason: AccessRefusalReason, actor: string, role: StaffRole | 'none') =>
      withinRemainingTime(audit.record({
        action: 'refusal',
        operation: ACTION_OPERATIONS[options.action],
        actor,
        role,
        purpose: 'safeguarding',
        dataClasses: [],
        reason,
        // Only an id of the shape we issue is recorded; anything else is someone's input.
        ...(reportId && /^[0-9a-f-]{36}$/.test(reportId) ? { reportId } : {}),
      }), request.context);

    if (!token) {
      // Claims on the event but no token to check them against: a direct invoke with forged claims.
      await refuse('token-missing', UNVERIFIED, 'none');
      throw new UnauthorizedProblem();
    }
    let claims: TokenClaims;
    try {
      claims = await verifyToken(token);
    } catch {
      // Bad signature, unknown key, expired, or another force's issuer. Nothing in it is trusted, not even
      // the subject: the refusal names no one, so no one can write refusals in an officer's name.
      const issuer = claimedIssuer(token);
      await refuse(typeof issuer === 'string' && issuer !== trusted.issuer ? 'wrong-force' : 'token-invalid', UNVERIFIED, 'none');
      throw new UnauthorizedProblem();
    }
    const decision = decideStaffAccess(claims, trusted, options.action);
    if (!decision.allowed) {
      await refuse(decision.reason, decision.actor, decision.role);
      throw new ForbiddenProblem();
    }
    (event as unknown as StaffEvent).staff = decision.principal;
  },
});
