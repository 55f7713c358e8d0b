/**
 * A force with integrations: a real local webhook receiver stands in for the
 * charities and the enforcement system; signing secrets are local files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLocalSigningSecrets } from '../../functions/adapters/integrations';
import { resetFirewallRuntime } from '../../functions/wiring/firewall-runtime';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/local/webhook-receiver';
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
