/**
 * The local JWT authorizer against the development issuer, both real and
 * in-process: what passes and what is refused, as API Gateway would.
 */
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerUrl, localAudience, mintStaffToken, startDevIssuer, type DevIssuer } from '../../../scripts/local/dev-issuer';
import { jwtAuthorizer, TokenRefusedError } from '../../../scripts/local/jwt-authorizer';

let issuer: DevIssuer;
const keyDir = mkdtempSync(join(tmpdir(), 'safe-pathway-issuer-'));
const request = (token?: string) => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }) as IncomingMessage;

beforeAll(async () => {
  issuer = await startDevIssuer({ keyDir, forces: ['north', 'south'] });
});
afterAll(async () => {
  await issuer.stop();
});

describe('local JWT authorizer', () => {
  const north = () => jwtAuthorizer({ issuer: issuerUrl(issuer.baseUrl, 'north'), audience: localAudience('north') });

  it('passes a token of the force and hands on its claims as API Gateway does', async () => {
    const token = await mintStaffToken({ keyDir, forceId: 'north', role: ['call-handler', 'supervisor'], sub: 'handler-7' });
    const claims = await north()(request(token));
    expect(claims).toMatchObject({
      sub: 'handler-7',
      iss: issuerUrl(issuer.baseUrl, 'north'),
      client_id: localAudience('north'),
      token_use: 'access',
      'cognito:groups': '[call-handler supervisor]',
    });
    expect(typeof claims.exp).toBe('string');
  });

  it.each([
    ['another force’s token', { forceId: 'south' }],
    ['another audience', { forceId: 'north', audience: 'someone-else' }],
    ['an expired token', { forceId: 'north', now: new Date(Date.now() - 2 * 3600_000) }],
  ])('refuses %s', async (_case, options) => {
    const token = await mintStaffToken({ keyDir, role: 'call-handler', ...options } as Parameters<typeof mintStaffToken>[0]);
    await expect(north()(request(token))).rejects.toBeInstanceOf(TokenRefusedError);
  });

  it('refuses a tampered token and a missing one', async () => {
    const token = await mintStaffToken({ keyDir, forceId: 'north', role: 'call-handler' });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['supervisor'] })).toString('base64url')}.${signature}`;
    await expect(north()(request(forged))).rejects.toBeInstanceOf(TokenRefusedError);
    await expect(north()(request())).rejects.toBeInstanceOf(TokenRefusedError);
  });

  it('serves each force’s keys where Cognito does, and nothing for unknown forces', async () => {
    const jwks = (await (await fetch(`${issuerUrl(issuer.baseUrl, 'north')}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]?.d).toBeUndefined();
    expect((await fetch(`${issuerUrl(issuer.baseUrl, 'nowhere')}/.well-known/jwks.json`)).status).toBe(404);
  });
});
