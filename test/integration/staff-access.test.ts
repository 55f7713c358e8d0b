/**
 * Defence in depth behind the JWT authorizer, through the real handlers:
 * each function verifies the bearer token itself against the force's issuer
 * (a real local JWKS server), so forged claims on a direct invoke and another
 * force's token get 401, a role that may not act 403; every refusal is
 * audited, and no read record is ever written for a refused request.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROUTES } from '../../infra/staff-routes';
import { minimalSubmission } from '../support/reports';
import {
  auditItemsOf,
  call,
  claimsFor,
  forceAuditItems,
  forgedToken,
  loadHandler,
  reportIdOf,
  setUpStaffForce,
  signedToken,
  staffEvent,
  submit,
  type Handler,
  type StaffForce,
} from '../support/staff';

let force: StaffForce;
let reportId: string;
const handlers = new Map<string, Handler>();

const BODIES: Record<string, unknown> = {
  'report-protected': { reason: 'Needed to check support eligibility' },
  'contact-attempt': { channel: 'phone', result: 'no-answer' },
  'report-outcome': { outcome: 'no-further-action' },
  'report-lease': { action: 'renew' },
  'report-reassign': { to: 'call-handler-9' },
  'consent-withdrawal': { recipientTypes: ['idva'] },
  'report-retention': { dataClass: 'protected-immigration', reason: 'report-closed-early' },
};

function eventFor(route: (typeof STAFF_ROUTES)[number], claims: Record<string, string>) {
  const path = route.path.replace('{reportId}', reportId);
  return staffEvent(route.method, path, {
    claims,
    ...(BODIES[route.name] ? { body: BODIES[route.name] } : {}),
    ...(route.name === 'audit-trail' ? { query: { reportId } } : {}),
  });
}

beforeAll(async () => {
  force = await setUpStaffForce();
  for (const route of STAFF_ROUTES) handlers.set(route.name, await loadHandler(route.name));
  reportId = await reportIdOf(force, await submit(minimalSubmission()));
});

describe('staff access', () => {
  /** Refusals of the force's staff routes written since `before` (records under the report and the force's day). */
  async function refusalsSince(before: Set<string>) {
    return [...(await auditItemsOf(force, reportId)), ...(await forceAuditItems(force))].filter((item) => item.action === 'refusal' && !before.has(`${item.PK}|${item.SK}`));
  }
  async function auditKeys() {
    return new Set([...(await auditItemsOf(force, reportId)), ...(await forceAuditItems(force))].map((item) => `${item.PK}|${item.SK}`));
  }

  it('gives a token of another force 401 on every staff route (it cannot be verified here), audits each refusal naming no one, and reads nothing', async () => {
    const before = await auditKeys();
    const otherForce = claimsFor({ issuer: 'https://issuer.test/force-a', audience: 'client-force-a', roles: ['supervisor'], sub: 'force-a-supervisor' });
    for (const route of STAFF_ROUTES) {
      const result = await call(handlers.get(route.name)!, eventFor(route, otherForce));
      expect([route.name, result.status]).toEqual([route.name, 401]);
      expect(result.body.type).toMatch(/unauthorized$/);
    }
    const refusals = await refusalsSince(before);
    expect(refusals).toHaveLength(STAFF_ROUTES.length);
    expect(new Set(refusals.map((item) => item.reason))).toEqual(new Set(['wrong-force']));
    // An unverified subject is never written as the actor: no one can file refusals in an officer's name.
    expect(new Set(refusals.map((item) => item.actor))).toEqual(new Set(['unverified']));
    expect(refusals.every((item) => (item.dataClasses as unknown[]).length === 0)).toBe(true);
    // The report was never claimed or read.
    const trail = await auditItemsOf(force, reportId);
    expect(trail.filter((item) => item.action !== 'refusal')).toEqual([]);
  });

  it('gives a direct invoke with forged authorizer claims 401 on every staff route and audits it as a refusal', async () => {
    const supervisor = claimsFor({ issuer: force.issuer, audience: force.audience, roles: ['supervisor'], sub: 'forged-supervisor' });
    for (const [label, token, reason] of [
      // Claims in requestContext.authorizer.jwt, as only API Gateway should write them, and no token at all.
      ['no token', undefined, 'token-missing'],
      // A token naming this force's issuer and key id, signed with someone else's key.
      ['forged signature', forgedToken(supervisor), 'token-invalid'],
      // A token the force's issuer really signed, expired an hour ago.
      ['expired', signedToken({ ...supervisor, exp: String(Math.floor(Date.now() / 1000) - 3600) }), 'token-invalid'],
    ] as const) {
      const before = await auditKeys();
      for (const route of STAFF_ROUTES) {
        const event = eventFor(route, supervisor);
        if (token) event.headers.authorization = `Bearer ${token}`;
        else delete event.headers.authorization;
        const result = await call(handlers.get(route.name)!, event);
        expect([label, route.name, result.status]).toEqual([label, route.name, 401]);
        expect(result.headers['WWW-Authenticate'] ?? result.headers['www-authenticate']).toBe('Bearer');
      }
      const refusals = await refusalsSince(before);
      expect(refusals.map((item) => [item.reason, item.actor, item.role]), label).toEqual(STAFF_ROUTES.map(() => [reason, 'unverified', 'none']));
    }
    // Nothing but refusals: no claim, read or change happened on the forged claims.
    expect((await auditItemsOf(force, reportId)).filter((item) => item.action !== 'refusal')).toEqual([]);
  });

  it('reads roles from the verified token, never from the claims on the event', async () => {
    const callHandler = claimsFor({ issuer: force.issuer, audience: force.audience, roles: ['call-handler'], sub: 'claims-upgrader' });
    const event = staffEvent('GET', '/audit', { claims: callHandler, query: { reportId } });
    // The event says supervisor; the signed token says call handler.
    (event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }).authorizer.jwt.claims['cognito:groups'] = '[supervisor]';
    expect((await call(handlers.get('audit-trail')!, event)).status).toBe(403);
  });

  it('refuses call handlers the supervisor-only routes with 403, audited', async () => {
    const callHandler = claimsFor({ issuer: force.issuer, audience: force.audience, roles: ['call-handler'], sub: 'plain-handler' });
    for (const route of STAFF_ROUTES.filter((candidate) => candidate.auth === 'supervisor')) {
      expect((await call(handlers.get(route.name)!, eventFor(route, callHandler))).status).toBe(403);
    }
    const refusals = (await auditItemsOf(force, reportId)).filter((item) => item.actor === 'plain-handler');
    expect(refusals.map((item) => [item.operation, item.reason, item.role]).sort()).toEqual([
      ['audit-read', 'role-not-allowed', 'call-handler'],
      ['reassign', 'role-not-allowed', 'call-handler'],
      ['retention-bring-forward', 'role-not-allowed', 'call-handler'],
    ]);
  });

  it('refuses tokens with no staff role, another audience or an ID token, each audited with its reason', async () => {
    const list = handlers.get('queue-list')!;
    const cases = [
      ['no-role', claimsFor({ issuer: force.issuer, audience: force.audience, roles: ['cleaner'], sub: 'no-role' }), 'no-staff-role'],
      ['wrong-client', claimsFor({ issuer: force.issuer, audience: 'another-client', roles: ['supervisor'], sub: 'wrong-client' }), 'wrong-audience'],
      ['id-token', claimsFor({ issuer: force.issuer, audience: force.audience, roles: ['supervisor'], sub: 'id-token', tokenUse: 'id' }), 'not-an-access-token'],
    ] as const;
    for (const [, claims] of cases) expect((await call(list, staffEvent('GET', '/queue', { claims }))).status).toBe(403);
    const refusals = await forceAuditItems(force);
    for (const [sub, , reason] of cases) expect(refusals.find((item) => item.actor === sub)).toMatchObject({ action: 'refusal', reason, operation: 'queue-list' });
  });

  it('answers 401 without writing anything when no authorizer claims reached the function', async () => {
    const before = (await forceAuditItems(force)).length;
    const result = await call(handlers.get('queue-list')!, staffEvent('GET', '/queue'));
    expect(result.status).toBe(401);
    expect((await forceAuditItems(force)).length).toBe(before);
  });

  it('accepts roles in both forms API Gateway and the token itself use', async () => {
    const spaced = { ...claimsFor({ issuer: force.issuer, audience: force.audience, roles: [], sub: 'both-forms' }), 'cognito:groups': '[call-handler supervisor]' };
    expect((await call(handlers.get('audit-trail')!, staffEvent('GET', '/audit', { claims: spaced, query: { reportId } }))).status).toBe(200);
    const json = { ...spaced, 'cognito:groups': '["supervisor"]' };
    expect((await call(handlers.get('audit-trail')!, staffEvent('GET', '/audit', { claims: json, query: { reportId } }))).status).toBe(200);
  });
});
