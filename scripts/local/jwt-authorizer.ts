/**
 * The local twin of API Gateway's JWT authorizer: the token in
 * `Authorization: Bearer …` must be signed by a key in the issuer's JWKS,
 * carry the configured issuer, have the app client as `aud` or `client_id`,
 * and not be expired. Its claims then reach the handler the way API Gateway
 * passes them: every value a string, arrays as `[a b]`.
 */
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** Raised for any token the authorizer refuses (the bridge answers 401). */
export class TokenRefusedError extends Error {
  constructor(reason: string) {
    super(`token refused: ${reason}`);
    this.name = 'TokenRefusedError';
  }
}

/** Claims as API Gateway's JWT authorizer hands them to Lambda. */
export function apiGatewayClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    claims[name] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return claims;
}

/**
 * @example
 * const authorize = jwtAuthorizer({ issuer: env.TOKEN_ISSUER, audience: env.TOKEN_AUDIENCE });
 * const claims = await authorize(request); // throws TokenRefusedError → 401
 */
export function jwtAuthorizer(options: { issuer: string; audience: string }): (request: IncomingMessage) => Promise<Record<string, string>> {
  // Where Cognito publishes a user pool's keys, relative to its issuer.
  const jwks = createRemoteJWKSet(new URL(`${options.issuer}/.well-known/jwks.json`));
  return async (request) => {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header)?.[1];
    if (!token) throw new TokenRefusedError('no bearer token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer: options.issuer, algorithms: ['RS256'], requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      throw new TokenRefusedError((error as Error).name);
    }
    const audiences = [payload.client_id, ...(Array.isArray(payload.aud) ? payload.aud : [payload.aud])];
    if (!audiences.includes(options.audience)) throw new TokenRefusedError('audience');
    return apiGatewayClaims(payload);
  };
}
