/**
 * Officer-initiated suspect checks end to end: the route, the firewall
 * layers, the disclosure record and the enforcement dispatcher posting to a
 * real local HTTP server. Over generated reports with canaries, nothing
 * protected reaches the receiver, a log line, a metric or an answer.
 */
import fc from 'fast-check';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The handler's logger must really write, so the test can read every line: Powertools resets each
// invocation to the level it was built with, so set it before the logger is built.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { dispatchSuspectCheck } from '../../functions/domain/enforcement/suspect-check';
import { fetchWebhookSender } from '../../functions/adapters/webhook-sender';
import type { ReportSubmissionInput } from '../../schemas/report';
import { reportArbitrary } from '../support/arbitraries';
import { captureOutput } from '../support/capture';
import { expectTypedTextRefused, setUpFirewallForce, storeReport, type FirewallFixture } from '../support/firewall-fixture';
import { auditItemsOf, claimsFor, withStaffToken } from '../support/staff';
import { fullSubmission, httpEvent, lambdaContext } from '../support/reports';

const CONFIGURED_CANARY = 'CONFIGCANARY-0001';
let fixture: FirewallFixture;
type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
let handler: Handler;

const store = (input: ReportSubmissionInput) => storeReport(fixture, input);

const staffClaims = (sub: string, role: 'supervisor' | 'call-handler') => claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: [role], sub });

async function request(reportId: string, body: unknown, claims: Record<string, unknown> | null = staffClaims('officer-7', 'supervisor')) {
  const event = httpEvent('POST', `/reports/${reportId}/suspect-checks`, { body: JSON.stringify(body) });
  event.pathParameters = { reportId };
  if (claims) withStaffToken(event, claims as Record<string, string>);
  const result = (await handler(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: result.body ?? '' };
}

const justification = {
  integrationId: 'pnc-check',
  legalBasis: 'dpa-2018-s35-strictly-necessary',
  reasonCode: 'bail-or-order-check',
  justification: 'Suspect named in a high-risk report; checking for bail conditions.',
};

beforeAll(async () => {
  fixture = await setUpFirewallForce({ canaries: [CONFIGURED_CANARY] });
  ({ handler } = (await import('../../functions/suspect-check/handler')) as unknown as { handler: Handler });
});
afterAll(async () => fixture.receiver.close());

describe('POST /reports/{reportId}/suspect-checks', () => {
  it('sends suspect-side fields only, signed, and records the disclosure with purpose, basis, actor and recipient', async () => {
    const canary = 'CANARYSC1';
    const reportId = await store(fullSubmission(canary));
    const before = fixture.receiver.processed.length;
    const response = await request(reportId, justification);
    expect(response.status).toBe(202);
    const { disclosureId } = JSON.parse(response.body) as { disclosureId: string };
    const [delivery] = fixture.receiver.processed.slice(before);
    expect(delivery?.path).toBe('/pnc-check');
    expect(delivery?.deliveryId).toBe(disclosureId);
    expect(Object.keys(delivery?.body as object).sort()).toEqual(['contract', 'disclosureId', 'forceId', 'requestedAt', 'suspect']);
    expect(Object.keys((delivery?.body as { suspect: object }).suspect).sort()).toEqual(['livesWithVictim', 'name', 'relationship']);
    const sent = JSON.stringify(delivery?.body);
    expect(sent).toContain(`${canary}-suspect`);
    // Never the victim's own words: not the account, not the suspect description ("he keeps my passport …").
    for (const needle of [`${canary}-name`, `${canary}-nationality`, `${canary}-account`, `${canary}-description`, 'passport', 'visa', '07700 900123', 'S1 2HE', 'spouse-or-partner-visa', reportId]) {
      expect(sent).not.toContain(needle);
    }
    const runtime = await firewallRuntime();
    const records = [];
    for await (const record of runtime.disclosures.disclosuresBetween(fixture.force.forceId, new Date(Date.now() - 86_400_000).toISOString(), new Date(Date.now() + 86_400_000).toISOString())) records.push(record);
    expect(records).toContainEqual(
      expect.objectContaining({ disclosureId, reportId, purpose: 'enforcement', legalBasis: justification.legalBasis, actor: 'officer-7', reasonCode: 'bail-or-order-check', dataClasses: ['suspect'] }),
    );
    // The disclosure is an s.62 audit record on the report's own trail, under the id the recipient holds.
    expect((await auditItemsOf(fixture.force, reportId)).filter((item) => item.action === 'disclosure')).toEqual([
      expect.objectContaining({
        auditId: disclosureId,
        operation: 'suspect-check',
        actor: 'officer-7',
        role: 'supervisor',
        purpose: 'enforcement',
        legalBasis: justification.legalBasis,
        reasonCode: 'bail-or-order-check',
        sealedJustification: { key: 'report', sealed: expect.any(String) },
        dataClasses: ['suspect'],
        recipient: { type: 'enforcement-integration', sealedId: { key: 'report', sealed: expect.any(String) } },
        detail: { contract: 'suspect-check@v2' },
      }),
    ]);
    const stored = JSON.stringify(await auditItemsOf(fixture.force, reportId));
    expect(stored).not.toContain('bail conditions');
    expect(stored).not.toContain('pnc-check');
  });

  it('carries the identifiers an officer types or confirms, and refuses (422 naming the field) any that holds a detail of the victim', async () => {
    const canary = 'CANARYSC6';
    const reportId = await store(fullSubmission(canary));
    const before = fixture.receiver.processed.length;
    const typed = { name: 'Karl Smith', aliases: ['Kal', 'K Smith'], dateOfBirth: '1979-05-06', relationship: 'ex-partner' };
    const ok = await request(reportId, { ...justification, suspect: typed });
    expect(ok.status).toBe(202);
    expect((fixture.receiver.processed.slice(before)[0]?.body as { suspect: unknown }).suspect).toEqual({ ...typed, livesWithVictim: 'yes' });

    const requestsBefore = fixture.receiver.requests.length;
    const attempts: [Record<string, unknown>, string][] = [
      // The victim's description of the suspect, retyped as an alias.
      [{ ...justification, suspect: { aliases: ['Kal', `He keeps my passport, my visa depends on him ${canary}-description`] } }, 'suspect.aliases.1'],
      [{ ...justification, suspect: { name: `Amina ${canary}-name` } }, 'suspect.name'],
      [{ ...justification, suspect: { dateOfBirth: '1990-01-02' } }, 'suspect.dateOfBirth'],
      [{ ...justification, justification: 'Victim gave her number 07700 900123, call the suspect' }, 'justification'],
      [{ ...justification, justification: `He pushed me down the stairs ${canary}-account, says the victim` }, 'justification'],
      [{ ...justification, justification: `Safe word is bluebell ${canary}-safeword, check him` }, 'justification'],
    ];
    for (const [body, field] of attempts) {
      expectTypedTextRefused(await request(reportId, body), field, canary, '07700');
    }
    expect(fixture.receiver.requests.length).toBe(requestsBefore);
  });

  it('is refused by the last-line guard when a suspect identifier holds a protected value, and nothing is sent or recorded', async () => {
    const input = fullSubmission('CANARYSC2');
    input.suspect = { ...input.suspect, name: 'Karl CANARYSC2-nationality' };
    const reportId = await store(input);
    const requestsBefore = fixture.receiver.requests.length;
    const response = await request(reportId, justification);
    expect(response.status).toBe(422);
    expect(response.body).toContain('firewall-refused');
    expect(response.body).not.toContain('CANARYSC2');
    expect(fixture.receiver.requests.length).toBe(requestsBefore);
  });

  it('is refused for a configured canary, for a justification naming a protected value, without sign-in and for an unknown integration', async () => {
    const input = fullSubmission('CANARYSC3');
    input.suspect = { ...input.suspect, name: `Karl ${CONFIGURED_CANARY}` };
    expect((await request(await store(input), justification)).status).toBe(422);
    const clean = await store(fullSubmission('CANARYSC4'));
    const leaky = await request(clean, { ...justification, justification: 'Victim is CANARYSC4-nationality, check the suspect please' });
    expect(leaky.status).toBe(422);
    expect(leaky.body).not.toContain('CANARYSC4');
    expect((await request(clean, justification, null)).status).toBe(401);
    expect((await request(clean, justification, staffClaims('handler-1', 'call-handler'))).status).toBe(403);
    expect((await request(clean, { ...justification, integrationId: 'immigration-enforcement' })).status).toBe(404);
    expect((await request(clean, { ...justification, justification: 'short' })).status).toBe(400);
  });

  it('the enforcement dispatcher refuses a payload with an unknown key, even one built upstream', async () => {
    const runtime = await firewallRuntime();
    const deps = { directory: runtime.directory, secrets: runtime.secrets, sender: fetchWebhookSender() };
    const payload = { contract: 'suspect-check@v2', disclosureId: '00000000-0000-4000-8000-000000000009', forceId: fixture.force.forceId, requestedAt: new Date().toISOString(), suspect: { name: 'Karl' } };
    await expect(dispatchSuspectCheck(deps, { integrationId: 'pnc-check', payload: { ...payload, immigration: { status: 'refugee' } } })).rejects.toThrow();
    // Free text has no place in the contract, even the suspect description.
    await expect(dispatchSuspectCheck(deps, { integrationId: 'pnc-check', payload: { ...payload, suspect: { name: 'Karl', description: 'he keeps my passport' } } })).rejects.toThrow();
    await expect(dispatchSuspectCheck(deps, { integrationId: 'pnc-check', payload: { ...payload, suspect: { name: 'Karl', nationality: 'x' } } })).rejects.toThrow();
    await expect(dispatchSuspectCheck(deps, { integrationId: 'pnc-check', payload })).resolves.toBeUndefined();
  });

  it('over generated reports, never lets a canary reach the receiver, a log line, a metric or an answer', async () => {
    const capture = captureOutput();
    const before = fixture.receiver.processed.length;
    const canaries: string[] = [];
    try {
      await fc.assert(
        fc.asyncProperty(reportArbitrary, async ({ canary, input }) => {
          canaries.push(canary);
          const response = await request(await store(input), justification);
          expect([202, 422]).toContain(response.status);
          expect(response.body).not.toContain(canary);
        }),
        { numRuns: 120 },
      );
    } finally {
      capture.restore();
    }
    const sent = JSON.stringify(fixture.receiver.processed.slice(before));
    expect(fixture.receiver.processed.length - before).toBeGreaterThan(30);
    const output = capture.text();
    expect(output).toContain('suspect check requested');
    for (const canary of canaries) {
      expect(sent).not.toContain(canary);
      expect(output).not.toContain(canary);
    }
  }, 120_000);
});
