/**
 * Transparency figures over a seeded force: reports across three months,
 * some with protected data, referrals and disclosures of every purpose. The
 * expected counts are derived from the seed, not written down twice.
 */
import { REMOVABLE_CLASSES } from '../../schemas/retention';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoReportLedger } from '../../functions/adapters/dynamodb/report-ledger';
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { forceRuntime } from '../../functions/wiring/runtime';
import { acceptReport } from '../../functions/domain/intake/accept-report';
import type { Disclosure } from '../../functions/domain/policy/disclosure';
import { transparencyFigures, type TransparencyFigures } from '../../functions/domain/transparency/figures';
import { ReportSubmissionSchema, type RecipientType } from '../../schemas/report';
import { setUpFirewallForce, type FirewallFixture } from '../support/firewall-fixture';
import { claimsFor, withStaffToken } from '../support/staff';
import { fullSubmission, httpEvent, lambdaContext, minimalSubmission } from '../support/reports';

interface Seed {
  month: string;
  at: string;
  withProtected: boolean;
}

const SEED: Seed[] = [
  { month: '2026-01', at: '2026-01-05T10:00:00.000Z', withProtected: true },
  { month: '2026-01', at: '2026-01-20T10:00:00.000Z', withProtected: false },
  { month: '2026-01', at: '2026-01-31T23:59:59.000Z', withProtected: true },
  { month: '2026-02', at: '2026-02-14T08:00:00.000Z', withProtected: false },
  { month: '2026-03', at: '2026-03-01T00:00:00.000Z', withProtected: true },
  { month: '2026-03', at: '2026-03-30T12:00:00.000Z', withProtected: true },
  // Outside the range asked for: must not be counted.
  { month: '2026-04', at: '2026-04-01T00:00:00.000Z', withProtected: true },
];
const DISCLOSURES: { at: string; purpose: Disclosure['purpose']; recipientType?: RecipientType }[] = [
  { at: '2026-01-06T00:00:00.000Z', purpose: 'support-referral', recipientType: 'idva' },
  { at: '2026-01-07T00:00:00.000Z', purpose: 'support-referral', recipientType: 'by-and-for-service' },
  { at: '2026-02-15T00:00:00.000Z', purpose: 'support-referral', recipientType: 'idva' },
  { at: '2026-02-16T00:00:00.000Z', purpose: 'enforcement' },
  { at: '2026-03-02T00:00:00.000Z', purpose: 'investigation' },
  { at: '2026-03-03T00:00:00.000Z', purpose: 'enforcement' },
  { at: '2026-04-02T00:00:00.000Z', purpose: 'enforcement' },
];
const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-04-01T00:00:00.000Z';

let fixture: FirewallFixture;

beforeAll(async () => {
  fixture = await setUpFirewallForce();
  const runtime = await firewallRuntime();
  const intake = await forceRuntime();
  for (const seed of SEED) {
    const input = seed.withProtected ? fullSubmission(`SEED${randomUUID().slice(0, 6)}`) : minimalSubmission();
    const { reportId } = await acceptReport(
      {
        forceId: fixture.force.forceId,
        cipher: intake.cipher,
        writer: intake.store,
        receipts: intake.receipts,
        retentionDays: 3650,
        now: () => new Date(seed.at),
      },
      ReportSubmissionSchema.parse(input),
    );
    const disclosure = DISCLOSURES.find((candidate) => candidate.at.slice(0, 7) === seed.month);
    if (disclosure && seed === SEED.find((candidate) => candidate.month === seed.month)) {
      for (const entry of DISCLOSURES.filter((candidate) => candidate.at.slice(0, 7) === seed.month)) {
        await runtime.disclosures.record({
          disclosureId: randomUUID(),
          forceId: fixture.force.forceId,
          reportId,
          purpose: entry.purpose,
          legalBasis: entry.purpose === 'support-referral' ? 'consent' : 'dpa-2018-s35-strictly-necessary',
          actor: 'seed',
          recipient: entry.recipientType ?? 'pnc-check',
          ...(entry.recipientType ? { recipientType: entry.recipientType } : {}),
          dataClasses: entry.purpose === 'enforcement' ? ['suspect'] : ['incident', 'contact'],
          contract: entry.purpose === 'enforcement' ? 'suspect-check@v2' : 'referral@v1',
          at: entry.at,
        });
      }
    }
  }
  await fixture.receiver.close();
});

function expected() {
  const months = ['2026-01', '2026-02', '2026-03'];
  return months.map((month) => {
    const reports = SEED.filter((seed) => seed.month === month);
    const disclosures = DISCLOSURES.filter((entry) => entry.at.startsWith(month));
    return {
      month,
      reports: reports.length,
      reportsWithProtectedData: reports.filter((seed) => seed.withProtected).length,
      referralsByRecipientType: {
        idva: disclosures.filter((entry) => entry.recipientType === 'idva').length,
        'local-da-service': 0,
        'by-and-for-service': disclosures.filter((entry) => entry.recipientType === 'by-and-for-service').length,
        'victim-care-unit': 0,
      },
      disclosuresByPurpose: {
        safeguarding: 0,
        'support-referral': disclosures.filter((entry) => entry.purpose === 'support-referral').length,
        investigation: disclosures.filter((entry) => entry.purpose === 'investigation').length,
        enforcement: disclosures.filter((entry) => entry.purpose === 'enforcement').length,
      },
      protectedDisclosuresToEnforcement: 0,
      // Kept 3,650 days here: nothing is due for removal yet (test/integration/retention.test.ts counts removals).
      protectedShreddedOnTime: 0,
      protectedShreddedLate: 0,
      protectedOverdue: 0,
      removalsByClass: Object.fromEntries(REMOVABLE_CLASSES.map((dataClass) => [dataClass, { onTime: 0, late: 0, overdue: 0 }])),
    };
  });
}

describe('transparency figures', () => {
  it('match the seeded data set, month by month, and total', async () => {
    const runtime = await firewallRuntime();
    const figures = await transparencyFigures(
      { ledger: new DynamoReportLedger(runtime.force.dynamo.document, fixture.force.tableName), reports: runtime.outbox, cipher: runtime.force.cipher, disclosures: runtime.disclosures },
      { forceId: fixture.force.forceId, from: FROM, to: TO },
    );
    expect(figures.months).toEqual(expected());
    expect(figures.totals.reports).toBe(6);
    expect(figures.totals.reportsWithProtectedData).toBe(4);
    expect(figures.totals.disclosuresByPurpose.enforcement).toBe(2);
    expect(figures.totals.protectedDisclosuresToEnforcement).toBe(0);
  });

  it('count a protected disclosure to enforcement if one were ever recorded', async () => {
    const runtime = await firewallRuntime();
    const forceId = `${fixture.force.forceId}`;
    const disclosures = {
      async *disclosuresBetween() {
        yield { disclosureId: 'x', forceId, reportId: 'r', purpose: 'enforcement', legalBasis: 'x', actor: 'x', recipient: 'x', dataClasses: ['suspect', 'protected-immigration'], contract: 'x', at: '2026-02-01T00:00:00.000Z' } as Disclosure;
      },
    };
    const figures = await transparencyFigures(
      { ledger: { async *reportsBetween() {} }, reports: runtime.outbox, cipher: runtime.force.cipher, disclosures },
      { forceId, from: FROM, to: TO },
    );
    expect(figures.totals.protectedDisclosuresToEnforcement).toBe(1);
  });

  it('are served to supervisors only by GET /transparency', async () => {
    const { handler } = (await import('../../functions/transparency/handler')) as unknown as {
      handler: (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const event = httpEvent('GET', '/transparency');
    event.queryStringParameters = { from: '2026-01-01', to: '2026-04-01' };
    expect((await handler(event, lambdaContext())).statusCode).toBe(401);
    withStaffToken(event, claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: ['supervisor'], sub: 'sup' }));
    const response = await handler(event, lambdaContext());
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body ?? '{}') as TransparencyFigures).months).toEqual(expected());
    event.queryStringParameters = { from: '2026-04-01', to: '2026-01-01' };
    expect((await handler(event, lambdaContext())).statusCode).toBe(400);
  });

  it('are printed by npm run transparency', async () => {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/transparency.ts', '--force', fixture.force.forceId, '--from', '2026-01-01', '--to', '2026-04-01', '--endpoint', inject('dynamoEndpoint'), '--key-dir', `${fixture.force.env.LOCAL_KEY_DIR}/..`, '--json'],
      { env: { ...process.env, KEY_SOURCE: 'local' } },
    );
    expect((JSON.parse(stdout) as TransparencyFigures).months).toEqual(expected());
  }, 60_000);
});
