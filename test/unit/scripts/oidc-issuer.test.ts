/**
 * The local OpenID Connect provider, driven over HTTP as a browser would:
 * authorisation code + PKCE through our login page, tokens the local JWT
 * authorizer accepts exactly as before (Cognito-shaped claims), PKCE
 * required, and accounts that belong to one force only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerUrl, localAudience, mintStaffToken } from '../../../scripts/local/dev-issuer';
import { jwtAuthorizer } from '../../../scripts/local/jwt-authorizer';
import { startOidcIssuer, type OidcIssuer } from '../../../scripts/local/oidc-issuer';

const keyDir = mkdtempSync(join(tmpdir(), 'safe-pathway-oidc-'));
const consoleUrl = (force: string) => `http://127.0.0.1:1/${force}/console/`;
let issuer: OidcIssuer;

beforeAll(async () => {
  issuer = await startOidcIssuer({
    keyDir,
    forces: ['north', 'south'].map((forceId) => ({ forceId, consoleUrl: consoleUrl(forceId), apiUrl: `http://127.0.0.1:1/${forceId}` })),
  });
});
afterAll(async () => {
  await issuer.stop();
});

const password = (force: string, username: string) => issuer.users.find((user) => user.forceId === force && user.username === username)?.password ?? '';

/** Follows the provider's redirects with a cookie jar, posting the login form; answers the final redirect. */
async function codeFlow(force: string, username: string, pass: string, options: { pkce?: boolean } = {}): Promise<{ status: number; code?: string; verifier: string; body?: string }> {
  const jar = new Map<string, string>();
  const cookies = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name) jar.set(name, value ?? '');
    }
  };
  const verifier = randomBytes(32).toString('base64url');
  const auth = new URL(`${issuerUrl(issuer.baseUrl, force)}/auth`);
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: localAudience(force),
    redirect_uri: consoleUrl(force),
    scope: 'openid profile',
    state: 'xyz',
    ...(options.pkce === false ? {} : { code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' }),
  }).toString();
  let response = await fetch(auth, { redirect: 'manual' });
  remember(response);
  let location = response.headers.get('location');
  if (!location?.includes('/interaction/')) return { status: response.status, verifier, body: (location ?? '') + (await response.text()) };
  const interaction = new URL(location, issuer.baseUrl);
  response = await fetch(`${interaction.href}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: pass }),
  });
  remember(response);
  if (response.status !== 303) return { status: response.status, verifier, body: await response.text() };
  for (let hop = 0; hop < 5; hop++) {
    location = response.headers.get('location') ?? '';
    if (location.startsWith(consoleUrl(force))) return { status: 200, code: new URL(location).searchParams.get('code') ?? undefined, verifier };
    response = await fetch(new URL(location, issuer.baseUrl), { redirect: 'manual', headers: { cookie: cookies() } });
    remember(response);
  }
  return { status: response.status, verifier };
}

async function exchange(force: string, code: string, verifier: string): Promise<Response> {
  return fetch(`${issuerUrl(issuer.baseUrl, force)}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(consoleUrl(force)).origin },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: consoleUrl(force), client_id: localAudience(force), code_verifier: verifier }),
  });
}

const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;

describe('local OpenID Connect provider', () => {
  it('signs a seeded call handler in with code + PKCE and issues an access token the API authorizer accepts, Cognito-shaped', async () => {
    const flow = await codeFlow('north', 'handler-1', password('north', 'handler-1'));
    expect(flow.code).toBeTruthy();
    const response = await exchange('north', flow.code as string, flow.verifier);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(new URL(consoleUrl('north')).origin);
    const { access_token: token } = (await response.json()) as { access_token: string };
    const claims = await jwtAuthorizer({ issuer: issuerUrl(issuer.baseUrl, 'north'), audience: localAudience('north') })(request(token));
    expect(claims).toMatchObject({ sub: 'handler-1', client_id: localAudience('north'), token_use: 'access', 'cognito:groups': '[call-handler]' });
    // Another force's API refuses it.
    await expect(jwtAuthorizer({ issuer: issuerUrl(issuer.baseUrl, 'south'), audience: localAudience('south') })(request(token))).rejects.toThrow('token refused');
  });

  it('refuses a wrong password and another force’s user at its sign-in page', async () => {
    expect((await codeFlow('north', 'handler-1', 'not-the-password')).status).toBe(401);
    expect((await codeFlow('south', 'handler-1', password('north', 'handler-1'))).status).toBe(401);
  });

  it('refuses an authorisation request without PKCE, and a code exchanged with the wrong verifier', async () => {
    expect((await codeFlow('north', 'handler-1', password('north', 'handler-1'), { pkce: false })).body).toContain('error=invalid_request');
    const flow = await codeFlow('north', 'supervisor-1', password('north', 'supervisor-1'));
    expect((await exchange('north', flow.code as string, randomBytes(32).toString('base64url'))).status).toBe(400);
  });

  it('keeps `npm run token` working: the same issuer and key sign its tokens', async () => {
    const token = await mintStaffToken({ keyDir, forceId: 'south', role: 'supervisor' });
    const claims = await jwtAuthorizer({ issuer: issuerUrl(issuer.baseUrl, 'south'), audience: localAudience('south') })(request(token));
    expect(claims['cognito:groups']).toBe('[supervisor]');
  });
});
