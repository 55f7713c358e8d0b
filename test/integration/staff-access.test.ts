/**
 * Defence in depth behind the JWT authorizer, through the real handlers:
 * a token of another force, or a role that may not act, gets 403 on every
 * staff route, the refusal is audited, and no read record is ever written
 * for a refused request.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROUTES } from '../../infra/staff-routes';
import { minimalSubmission } from '../support/reports';
import { auditItemsOf, call, claimsFor, forceAuditItems, loadHandler, reportIdOf, setUpStaffForce, staffEvent, submit, type Handler, type StaffForce } from '../support/staff';

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
  const path = route.path.replace('{id}', reportId);
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
  it('gives a token of another force 403 on every staff route, audits each refusal, and reads nothing', async () => {
    const otherForce = claimsFor({ issuer: 'https://issuer.test/force-a', audience: 'client-force-a', roles: ['supervisor'], sub: 'force-a-supervisor' });
    for (const route of STAFF_ROUTES) {
      const result = await call(handlers.get(route.name)!, eventFor(route, otherForce));
      expect([route.name, result.status]).toEqual([route.name, 403]);
      expect(result.body.type).toMatch(/forbidden$/);
    }
    const refusals = [...(await auditItemsOf(force, reportId)), ...(await forceAuditItems(force))].filter((item) => item.actor === 'force-a-supervisor');
    expect(refusals).toHaveLength(STAFF_ROUTES.length);
    expect(new Set(refusals.map((item) => item.action))).toEqual(new Set(['refusal']));
    expect(new Set(refusals.map((item) => item.reason))).toEqual(new Set(['wrong-force']));
    expect(refusals.every((item) => (item.dataClasses as unknown[]).length === 0)).toBe(true);
    // The report was never claimed or read.
    const trail = await auditItemsOf(force, reportId);
    expect(trail.filter((item) => item.action !== 'refusal')).toEqual([]);
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
