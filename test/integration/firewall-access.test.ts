/**
 * The firewall's routes sit behind the same authorisation as the queue's
 * (functions/middleware/authorise.ts): supervisors of THIS force only. A call
 * handler, or a supervisor of another force, gets 403, the refusal is audited
 * exactly as on the staff routes, and nothing is disclosed.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forceRuntime } from '../../functions/wiring/runtime';
import { acceptReport } from '../../functions/domain/intake/accept-report';
import { FIREWALL_ROUTES } from '../../infra/firewall-routes';
import { ReportSubmissionSchema } from '../../schemas/report';
import { setUpFirewallForce, type FirewallFixture } from '../support/firewall-fixture';
import { fullSubmission } from '../support/reports';
import { auditItemsOf, call, claimsFor, forceAuditItems, loadHandler, staffEvent, type Handler } from '../support/staff';

let fixture: FirewallFixture;
let reportId: string;
const handlers = new Map<string, Handler>();
const OPERATIONS: Record<(typeof FIREWALL_ROUTES)[number]['name'], string> = {
  'suspect-check': 'suspect-check',
  'referral-dead-letters': 'dead-letters',
  'referral-redrive': 'referral-redrive',
  transparency: 'transparency',
};

function eventFor(route: (typeof FIREWALL_ROUTES)[number], claims: Record<string, string>): APIGatewayProxyEventV2 {
  if (route.name === 'suspect-check') {
    return staffEvent(route.method, route.path.replace('{reportId}', reportId), {
      claims,
      pathParameters: { reportId },
      body: { integrationId: 'pnc-check', legalBasis: 'dpa-2018-s35-strictly-necessary', justification: 'Checking bail conditions.' },
    });
  }
  if (route.name === 'referral-redrive') {
    const referralId = '5b1f0c9e-2222-4333-8444-955566667777';
    return staffEvent(route.method, route.path.replace('{reportId}', reportId).replace('{referralId}', referralId), { claims, pathParameters: { reportId, referralId } });
  }
  return staffEvent(route.method, route.path, { claims, ...(route.name === 'transparency' ? { query: { from: '2026-01-01', to: '2026-02-01' } } : {}) });
}

/** Refusal records of `actor`, under the report (suspect check, re-drive) or the force's day partition (the rest). */
async function refusalsOf(actor: string) {
  return [...(await auditItemsOf(fixture.force, reportId)), ...(await forceAuditItems(fixture.force))].filter((item) => item.actor === actor);
}

beforeAll(async () => {
  fixture = await setUpFirewallForce();
  for (const route of FIREWALL_ROUTES) handlers.set(route.name, await loadHandler(route.name));
  const intake = await forceRuntime();
  ({ reportId } = await acceptReport(
    { forceId: fixture.force.forceId, cipher: intake.cipher, writer: intake.store, receipts: intake.receipts, retentionDays: 30 },
    ReportSubmissionSchema.parse(fullSubmission('CANARYFWACCESS')),
  ));
});
afterAll(async () => fixture.receiver.close());

describe('firewall routes', () => {
  it('are declared supervisor-only', () => {
    expect(FIREWALL_ROUTES.map((route) => route.auth)).toEqual(FIREWALL_ROUTES.map(() => 'supervisor'));
  });

  it('refuse a call handler of the force with 403, audited with the operation and reason', async () => {
    const callHandler = claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: ['call-handler'], sub: 'fw-call-handler' });
    for (const route of FIREWALL_ROUTES) {
      const result = await call(handlers.get(route.name)!, eventFor(route, callHandler));
      expect([route.name, result.status]).toEqual([route.name, 403]);
      expect(result.body.type).toMatch(/forbidden$/);
    }
    const refusals = await refusalsOf('fw-call-handler');
    expect(refusals.map((item) => [item.action, item.operation, item.reason, item.role]).sort()).toEqual(
      FIREWALL_ROUTES.map((route) => ['refusal', OPERATIONS[route.name], 'role-not-allowed', 'call-handler']).sort(),
    );
    // The refusals of report-level routes name the report they were about.
    expect(refusals.find((item) => item.operation === 'suspect-check')?.reportId).toBe(reportId);
    expect(refusals.find((item) => item.operation === 'referral-redrive')?.reportId).toBe(reportId);
  });

  it('refuse a supervisor of another force with 401 (the token cannot be verified here), audited, and disclose nothing', async () => {
    const before = fixture.receiver.processed.length;
    const seen = new Set((await refusalsOf('unverified')).map((item) => `${item.PK}|${item.SK}`));
    const otherForce = claimsFor({ issuer: 'https://issuer.test/force-b', audience: 'client-force-b', roles: ['supervisor'], sub: 'force-b-supervisor' });
    for (const route of FIREWALL_ROUTES) {
      expect([route.name, (await call(handlers.get(route.name)!, eventFor(route, otherForce))).status]).toEqual([route.name, 401]);
    }
    const refusals = (await refusalsOf('unverified')).filter((item) => !seen.has(`${item.PK}|${item.SK}`));
    expect(refusals).toHaveLength(FIREWALL_ROUTES.length);
    expect(new Set(refusals.map((item) => item.reason))).toEqual(new Set(['wrong-force']));
    expect(await refusalsOf('force-b-supervisor')).toEqual([]);
    expect(refusals.every((item) => (item.dataClasses as unknown[]).length === 0)).toBe(true);
    // No disclosure record and nothing sent to the enforcement integration.
    expect((await auditItemsOf(fixture.force, reportId)).filter((item) => item.action === 'disclosure')).toEqual([]);
    expect(fixture.receiver.processed.length).toBe(before);
  });
});
