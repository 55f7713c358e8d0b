/**
 * The firewall's part of the local system: per force, an integration file
 * (git-ignored, under the key folder) whose charities and enforcement
 * integration point at ONE local webhook receiver, their signing secrets, and
 * the receiver itself, which verifies every signature and prints what arrived
 * (ids, paths and field names only).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLocalSigningSecrets } from '../../functions/adapters/integrations';
import { FORCES_DIR, loadForceConfig } from '../../infra/force-config';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const LANGUAGES = ['en', 'pl', 'ur', 'pa', 'ar', 'so', 'ro', 'lt', 'pt', 'es', 'bn', 'cy'];
const AREAS = ['S', 'DN', 'LS', 'M', 'B', 'L', 'NE', 'E', 'N', 'W', 'SW', 'SE', 'NW', 'DE', 'BD', 'HD', 'WF', 'HU', 'YO'];

/** The local integration directory of a force: example charities of every recipient type, one suspect-check integration. */
export function localIntegrations(forceId: string, receiverUrl: string) {
  const charity = (id: string, name: string, recipientTypes: string[], servicesOffered: string[], byAndFor = false) => ({
    id,
    name,
    recipientTypes,
    servicesOffered,
    areasServed: AREAS,
    languages: LANGUAGES,
    webhookUrl: `${receiverUrl}/${forceId}/${id}`,
    byAndFor,
  });
  return {
    charities: [
      charity('local-idva', 'Local IDVA Service', ['idva'], ['independent domestic violence advice']),
      charity('local-da-service', 'Local Domestic Abuse Service', ['local-da-service'], ['outreach', 'refuge']),
      charity('community-advocacy', 'Community Advocacy Project', ['by-and-for-service'], ['specialist advocacy', 'forced marriage support'], true),
      charity('victim-care', 'Victim Care Unit', ['victim-care-unit'], ['needs assessment']),
    ],
    enforcementIntegrations: [
      { id: 'local-suspect-check', purpose: 'enforcement', endpoint: `${receiverUrl}/${forceId}/local-suspect-check`, payloadContract: 'suspect-check@v2' },
    ],
    canaries: ['SAFE-PATHWAY-CANARY-0000'],
  };
}

/**
 * The force's own charities and enforcement integrations from infra/forces/<force>.json when
 * there is one, each endpoint re-pointed at the local receiver; the example set otherwise.
 */
export function configuredIntegrations(forceId: string, receiverUrl: string) {
  const file = join(FORCES_DIR, `${forceId}.json`);
  if (!existsSync(file)) return localIntegrations(forceId, receiverUrl);
  const config = loadForceConfig(file);
  return {
    charities: config.charities.map((charity) => ({ ...charity, webhookUrl: `${receiverUrl}/${forceId}/${charity.id}` })),
    enforcementIntegrations: [
      ...config.enforcementIntegrations.map((integration) => ({ ...integration, endpoint: `${receiverUrl}/${forceId}/${integration.id}` })),
      ...localIntegrations(forceId, receiverUrl).enforcementIntegrations,
    ],
    // The force's own canaries, and the local one the docs and tests use.
    canaries: [...new Set([...config.canaries, ...localIntegrations(forceId, receiverUrl).canaries])],
  };
}

/** Writes the force's local integration file (re-pointed at this run's receiver) and its signing secrets; returns the file. */
export function prepareLocalIntegrations(forceId: string, forceKeyDir: string, receiverUrl: string): string {
  const integrations = configuredIntegrations(forceId, receiverUrl);
  const file = join(forceKeyDir, 'integrations.json');
  writeFileSync(file, JSON.stringify(integrations, null, 2), { mode: 0o600 });
  ensureLocalSigningSecrets(forceKeyDir, [...integrations.charities.map((c) => c.id), ...integrations.enforcementIntegrations.map((i) => i.id)]);
  return file;
}

/**
 * One receiver for every local force: `/<force>/<integration id>`.
 *
 * @example
 * const receiver = await startLocalReceiver('.local/keys', true);
 */
export async function startLocalReceiver(keyDir: string, verbose: boolean, port = 0): Promise<WebhookReceiver> {
  return startWebhookReceiver({
    port,
    secretFor: (path) => {
      const [, forceId, id] = path.split('/');
      const file = join(keyDir, forceId ?? '', 'integrations', `${id ?? ''}.secret`);
      return forceId && id && /^[a-z0-9-]+$/.test(forceId + id) && existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
    },
    onDelivery: (delivery) => {
      if (!verbose) return;
      const body = delivery.body as Record<string, unknown>;
      console.log(
        `[webhook receiver] ${delivery.path}: signature verified, delivery ${delivery.deliveryId}, contract ${String(body.contract)}, ` +
          `fields: ${Object.keys(body).join(', ')}${body.report ? ` | report: ${Object.keys(body.report as object).join(', ')}` : ''}`,
      );
    },
  });
}
