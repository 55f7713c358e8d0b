/**
 * INTERIM role check until issue 4's `authorise` middleware lands: reads
 * the JWT claims the API's authorizer put on the event and refuses (403)
 * unless the caller is in one of the groups. No claims → 401: deny by default.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem } from './problems';

export class UnauthorisedProblem extends HttpProblem {
  constructor() {
    super(401, 'Sign in to use this route', 'unauthorised');
    this.name = 'UnauthorisedProblem';
  }
}

export class ForbiddenProblem extends HttpProblem {
  constructor() {
    super(403, 'Your role may not use this route', 'forbidden');
    this.name = 'ForbiddenProblem';
  }
}

type Claims = Record<string, unknown>;

/** The authorizer's JWT claims on an HTTP API event, if any. */
export function jwtClaims(event: APIGatewayProxyEventV2): Claims | undefined {
  const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] & { authorizer?: { jwt?: { claims?: Claims } } };
  return context.authorizer?.jwt?.claims;
}

function groupsOf(claims: Claims): string[] {
  const raw = claims['cognito:groups'];
  if (Array.isArray(raw)) return raw.map(String);
  // HTTP APIs pass array claims as "[a b]".
  if (typeof raw === 'string') return raw.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * @example
 * middy(handler).use(requireGroup({ groups: ['supervisor'] }));
 */
export const requireGroup = (options: { groups: readonly string[] }): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: async (request) => {
    const claims = jwtClaims(request.event);
    if (!claims || typeof claims.sub !== 'string') throw new UnauthorisedProblem();
    if (!groupsOf(claims).some((group) => options.groups.includes(group))) throw new ForbiddenProblem();
  },
});
