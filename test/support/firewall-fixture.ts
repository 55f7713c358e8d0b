/**
 * A force with integrations: a real local webhook receiver stands in for the
 * charities and the enforcement system; signing secrets are local files. And
 * what a refusal of typed text (the suspect check's) must look like.
 */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLocalSigningSecrets } from '../../functions/adapters/integrations';
import { fetchWebhookSender } from '../../functions/adapters/webhook-sender';
import type { DispatcherDeps } from '../../functions/domain/referrals/dispatch';
import { firewallRuntime, resetFirewallRuntime } from '../../functions/wiring/firewall-runtime';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/local/webhook-receiver';
import { acceptReport } from '../../functions/domain/intake/accept-report';
import { forceRuntime } from '../../functions/wiring/runtime';
import { ReportSubmissionSchema, type ReportSubmissionInput } from '../../schemas/report';
import { setUpForce, type ForceFixture } from './force-fixture';
import { issuerFor } from './staff';

export const CHARITIES = (url: string) => [
  { id: 'north-idva', name: 'North IDVA Service', recipientTypes: ['idva'], servicesOffered: ['advocacy'], areasServed: ['S'], languages: ['en', 'pl'], webhookUrl: `${url}/north-idva`, byAndFor: false },
  { id: 'north-da', name: 'North DA Service', recipientTypes: ['local-da-service'], servicesOffered: ['outreach'], areasServed: ['S', 'DN'], languages: ['en', 'pl'], webhookUrl: `${url}/north-da`, byAndFor: false },
  { id: 'north-vcu', name: 'North Victim Care', recipientTypes: ['victim-care-unit'], servicesOffered: ['needs assessment'], areasServed: ['S'], languages: ['en'], webhookUrl: `${url}/north-vcu`, byAndFor: false },
];

export interface FirewallFixture {
  force: ForceFixture;
  /** The issuer and app client this force's staff routes trust (see test/support/staff.ts `claimsFor`). */
  issuer: string;
  audience: string;
  receiver: WebhookReceiver;
  secret(id: string): Uint8Array;
}

/**
 * @example
 * const { force, receiver } = await setUpFirewallForce({ canaries: ['CANARY-123456'] });
 */
export async function setUpFirewallForce(options: { canaries?: string[]; env?: Record<string, string> } = {}): Promise<FirewallFixture> {
  let keyDir = '';
  const secret = (id: string) => new Uint8Array(readFileSync(join(keyDir, 'integrations', `${id}.secret`)));
  const receiver = await startWebhookReceiver({ secretFor: (path) => secret(path.slice(1)) });
  const integrations = {
    charities: CHARITIES(receiver.url),
    enforcementIntegrations: [{ id: 'pnc-check', purpose: 'enforcement', endpoint: `${receiver.url}/pnc-check`, payloadContract: 'suspect-check@v2' }],
    canaries: options.canaries ?? [],
  };
  const probe = await setUpForce({ INTEGRATIONS: JSON.stringify(integrations), ...options.env });
  // The firewall routes are staff routes: they trust this force's issuer, as setUpStaffForce does.
  const { issuer, audience } = await issuerFor(probe.forceId);
  Object.assign(process.env, { TOKEN_ISSUER: issuer, TOKEN_AUDIENCE: audience });
  const force: ForceFixture = { ...probe, env: { ...probe.env, TOKEN_ISSUER: issuer, TOKEN_AUDIENCE: audience } };
  keyDir = force.env.LOCAL_KEY_DIR as string;
  ensureLocalSigningSecrets(keyDir, [...integrations.charities.map((charity) => charity.id), 'pnc-check']);
  resetFirewallRuntime();
  resetStaffRuntime();
  return { force, issuer, audience, receiver, secret };
}

/**
 * What a referral dispatcher needs in these tests: the firewall runtime of the
 * force set up last, a real webhook sender to its local receiver, and an actor.
 *
 * @example
 * const dispatcher = new ReferralDispatcher(await referralDispatcherDeps());
 */
export async function referralDispatcherDeps(sender = fetchWebhookSender({ timeoutMs: 5_000 })): Promise<DispatcherDeps> {
  const runtime = await firewallRuntime();
  return {
    outbox: runtime.outbox,
    reports: runtime.outbox,
    cipher: runtime.force.cipher,
    targets: runtime.targets,
    directory: runtime.directory,
    secrets: runtime.secrets,
    sender,
    disclosures: runtime.disclosures,
    actor: 'test-dispatcher',
  };
}

/**
 * Stores a report straight through the intake's domain code (no HTTP), kept 30 days; returns its id.
 *
 * @example
 * const reportId = await storeReport(fixture, fullSubmission('CANARY1'));
 */
export async function storeReport(fixture: FirewallFixture, input: ReportSubmissionInput): Promise<string> {
  const intake = await forceRuntime();
  const { reportId } = await acceptReport(
    { forceId: fixture.force.forceId, cipher: intake.cipher, writer: intake.store, receipts: intake.receipts, retentionDays: 30 },
    ReportSubmissionSchema.parse(input),
  );
  return reportId;
}

/**
 * Accepts a report as if at `at` (ms), kept 730 days, with the given per-class retention and the fixture's
 * charities for consented referrals; returns its id. For retention tests with an injected clock.
 *
 * @example
 * const reportId = await acceptReportAt(fixture, Date.parse('2026-01-05T09:00:00Z'), fullSubmission('C1'), { 'protected-immigration': 60 });
 */
export async function acceptReportAt(
  fixture: FirewallFixture,
  at: number,
  submission: ReportSubmissionInput,
  classRetentionDays: Parameters<typeof acceptReport>[0]['classRetentionDays'],
): Promise<string> {
  const [runtime, force] = await Promise.all([firewallRuntime(), forceRuntime()]);
  const { reportId } = await acceptReport(
    {
      forceId: fixture.force.forceId,
      cipher: runtime.force.cipher,
      writer: force.store,
      receipts: force.receipts,
      retentionDays: 730,
      ...(classRetentionDays ? { classRetentionDays } : {}),
      referrals: { charities: runtime.directory.charities, targets: runtime.targets },
      now: () => new Date(at),
    },
    ReportSubmissionSchema.parse(submission),
  );
  return reportId;
}

/**
 * Expects `refused` to be the 422 refusal of typed text naming exactly `field`, and its body to hold none of
 * `absent` (the values the typed text quoted).
 *
 * @example
 * expectTypedTextRefused(await request(reportId, body), 'justification', canary);
 */
export function expectTypedTextRefused(refused: { status?: number; body: string }, field: string, ...absent: string[]): void {
  expect(refused.status).toBe(422);
  const problem = JSON.parse(refused.body) as { type: string; errors: { path: string }[] };
  expect(problem.type).toMatch(/typed-text-refused$/);
  expect(problem.errors.map((error) => error.path)).toEqual([field]);
  for (const value of absent) expect(refused.body).not.toContain(value);
}
