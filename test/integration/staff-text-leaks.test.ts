/**
 * The leak proof for free text and staff text, end to end on DynamoDB Local:
 * generated reports carry canaries in the account, the suspect description
 * and every protected field; staff then retype those values into every field
 * they can type in (the reason for opening the protected section, a suspect
 * check's justification, name and aliases). None of it may appear in an
 * enforcement payload, in a plaintext attribute of any item of the force's
 * table (scanned whole), in a log line, a metric or an answer. Charity and
 * integration ids may not appear in plaintext either.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { ReportSubmissionSchema, type ReportSubmission } from '../../schemas/report';
import { scanTable } from '../support/scan';
import { reportArbitrary } from '../support/arbitraries';
import { captureOutput } from '../support/capture';
import { CHARITIES, setUpFirewallForce, type FirewallFixture } from '../support/firewall-fixture';
import { call, claimsFor, loadHandler, reportIdOf, staffEvent, submit, type Handler } from '../support/staff';

const RUNS = 40;
/** Victim-written and protected values staff might retype: the account, the suspect description, every protected text, identity and contact. */
const SOURCES = [
  'incident.account',
  'incident.location',
  'suspect.description',
  'immigration.nationality',
  'immigration.countryOfBirth',
  'immigration.notes',
  'victim.name',
  'safeContact.safeWord',
  'safeContact.nameToUse',
  'safeContact.email',
  'support.accessibilityNotes',
] as const;
const PROTECTED = new Set(['immigration.nationality', 'immigration.countryOfBirth', 'immigration.notes']);

let fixture: FirewallFixture;
let suspectCheck: Handler;
let readProtected: Handler;

function valueAt(report: ReportSubmission, path: string): string | undefined {
  const [section, key] = path.split('.') as [string, string];
  const value = (report as unknown as Record<string, Record<string, unknown> | undefined>)[section]?.[key];
  return typeof value === 'string' ? value : undefined;
}

beforeAll(async () => {
  fixture = await setUpFirewallForce();
  suspectCheck = await loadHandler('suspect-check');
  readProtected = await loadHandler('report-protected');
});
afterAll(async () => fixture.receiver.close());

describe(`free text and staff text over ${RUNS} generated reports`, () => {
  it('never lets a canary or a charity id reach an enforcement payload, a plaintext attribute of any stored item, a log line, a metric or an answer', async () => {
    const supervisor = claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: ['supervisor'], sub: 'duty-sergeant' });
    const capture = captureOutput();
    const canaries: string[] = [];
    const answers: string[] = [];
    let sealedReasons = 0;
    try {
      await fc.assert(
        fc.asyncProperty(reportArbitrary, async ({ canary, input }) => {
          canaries.push(canary);
          const report = ReportSubmissionSchema.parse(input);
          // Through the real intake, so consented referrals are planned too.
          const reportId = await reportIdOf(fixture.force, await submit(input));
          for (const source of SOURCES) {
            const value = valueAt(report, source);
            if (value === undefined) continue;
            const typed = `Retyped from the report: ${value}.`;
            // The protected-section reason: refused when it quotes a protected value, sealed under the safeguarding key otherwise.
            const opened = await call(
              readProtected,
              staffEvent('POST', `/reports/${reportId}/protected`, { claims: supervisor, body: { reasonCode: 'supervisor-review', reason: typed.slice(0, 500) } }),
            );
            expect(opened.status).toBe(PROTECTED.has(source) ? 422 : 200);
            if (opened.status === 200) sealedReasons += 1;
            else answers.push(opened.text);
            // Everything typed for enforcement is refused, field by field.
            for (const body of [
              { justification: typed },
              { justification: 'Suspect named in the report; checking bail conditions.', suspect: { name: typed.slice(0, 200) } },
              { justification: 'Suspect named in the report; checking bail conditions.', suspect: { aliases: ['Kal', typed.slice(0, 200)] } },
            ]) {
              const event = staffEvent('POST', `/reports/${reportId}/suspect-checks`, {
                claims: supervisor,
                body: { integrationId: 'pnc-check', legalBasis: 'dpa-2018-s35-strictly-necessary', reasonCode: 'risk-to-victim', ...body },
                pathParameters: { reportId },
              });
              const refused = await call(suspectCheck, event);
              expect(refused.status).toBe(422);
              answers.push(refused.text);
            }
          }
          // An honest check goes out (when the report names the suspect): structured identifiers only.
          const honest = await call(
            suspectCheck,
            staffEvent('POST', `/reports/${reportId}/suspect-checks`, {
              claims: supervisor,
              body: { integrationId: 'pnc-check', legalBasis: 'dpa-2018-s35-strictly-necessary', reasonCode: 'risk-to-victim', justification: 'Suspect named in the report; checking bail conditions.' },
              pathParameters: { reportId },
            }),
          );
          expect([202, 422]).toContain(honest.status);
          answers.push(honest.text);
        }),
        { numRuns: RUNS },
      );
      // Referrals go out too, so the charities' disclosure records exist.
      const { dispatcher } = await firewallRuntime();
      for (let round = 0; round < 10 && (await dispatcher.sweep(fixture.force.forceId, 100)).length > 0; round += 1);
    } finally {
      capture.restore();
    }
    expect(sealedReasons).toBeGreaterThan(RUNS);
    expect(fixture.receiver.processed.some((delivery) => delivery.path === '/pnc-check')).toBe(true);
    expect(fixture.receiver.processed.some((delivery) => delivery.path !== '/pnc-check')).toBe(true);

    // Every item of the force's table, every attribute, as stored.
    const items = await scanTable(fixture.force.dynamo.document, fixture.force.tableName);
    const stored = JSON.stringify(items, (_key, value: unknown) => (value instanceof Uint8Array ? '<binary>' : value)).toLowerCase();
    expect(items.filter((item) => item.type === 'audit').length).toBeGreaterThan(RUNS * 2);

    const enforcement = JSON.stringify(fixture.receiver.processed.filter((delivery) => delivery.path === '/pnc-check')).toLowerCase();
    const output = capture.text().toLowerCase();
    const bodies = answers.join('\n').toLowerCase();
    for (const canary of canaries.map((value) => value.toLowerCase())) {
      expect(enforcement).not.toContain(canary);
      expect(stored).not.toContain(canary);
      expect(bodies).not.toContain(canary);
    }
    // The canary prefix finds any of them in everything logged and every metric.
    expect(output).not.toContain('qzx');
    expect(output).toContain('suspect check requested');
    // Neither the officers' words nor a charity's or integration's id sits in plaintext.
    expect(stored).not.toContain('bail conditions');
    expect(stored).not.toContain('retyped from the report');
    for (const id of [...CHARITIES('http://x').map((charity) => charity.id), 'pnc-check']) expect(stored).not.toContain(id);
  }, 600_000);
});
