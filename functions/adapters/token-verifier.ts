/**
 * Staff functions verify the bearer token themselves, behind API Gateway's
 * JWT authorizer: a direct invoke (or a mis-wired route) carrying forged
 * claims in `requestContext.authorizer` must not pass. aws-jwt-verify checks
 * the signature against the force's JWKS (Cognito's, or the local development
 * issuer's, both at `<issuer>/.well-known/jwks.json`), the issuer, expiry and
 * algorithm; the JWKS is fetched once and cached while the function is warm
 * (a token signed with an unknown key id refetches it, rate-limited by the
 * library's penalty box). Audience, token use and roles are the access rules'
 * (functions/domain/access/staff-access.ts).
 */
import { JwtVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { TokenClaims } from '../domain/access/staff-access';

/** Verifies a compact JWS; resolves to its claims, rejects for any token it does not trust. */
export type TokenVerifier = (token: string) => Promise<TokenClaims>;

/** Raised at cold start for an issuer the functions must not fetch keys from. */
export class UntrustedIssuerUrlError extends Error {
  constructor() {
    super('TOKEN_ISSUER must be https (or http on the loopback interface, for the local development issuer)');
    this.name = 'UntrustedIssuerUrlError';
  }
}

const JWKS_TIMEOUT_MS = 1_500;

/** Fetches with the platform's fetch, so the loopback development issuer (plain http) works as Cognito (https) does. */
const platformFetcher: Fetcher = {
  fetch: async (uri) => {
    const response = await fetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS), redirect: 'error' });
    if (response.status !== 200) throw new Error(`JWKS answered ${response.status}`);
    return response.arrayBuffer();
  },
};

/**
 * @example
 * const verify = tokenVerifier('https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc');
 * const claims = await verify(bearer); // rejects for a forged, expired or foreign token
 */
export function tokenVerifier(issuer: string): TokenVerifier {
  const url = new URL(issuer);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new UntrustedIssuerUrlError();
  const verifier = JwtVerifier.create(
    { issuer, audience: null, jwksUri: `${issuer}/.well-known/jwks.json` },
    { jwksCache: new SimpleJwksCache({ fetcher: platformFetcher }) },
  );
  return async (token) => (await verifier.verify(token)) as TokenClaims;
}
