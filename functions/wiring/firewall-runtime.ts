/**
 * Wires the firewall's adapters (integrations, signing secrets, outbox,
 * disclosures on the audit trail, dispatcher) on top of the key runtime, once per cold start.
 * None of it needs the receipt secret, and the firewall's functions are not granted it.
 */
import { ReferralDispatcher, type DispatcherOptions } from '../domain/referrals/dispatch';
import { builtOnce } from '../adapters/built-once';
import type { IntegrationDirectory, SigningSecrets } from '../domain/referrals/directory';
import { EnvelopeReferralTargetSealer } from '../adapters/crypto/referral-target-sealer';
import type { AuditedDisclosures } from '../domain/audit/audited-disclosures';
import { auditedDisclosures } from '../adapters/dynamodb/audit-store';
import { DynamoReferralOutbox } from '../adapters/dynamodb/referral-outbox';
import { localSigningSecrets, readIntegrationDirectory, secretsManagerSigningSecrets } from '../adapters/integrations';
import { keyRuntime, type KeyRuntime } from './key-runtime';
import { fetchWebhookSender } from '../adapters/webhook-sender';

export interface FirewallRuntime {
  force: KeyRuntime;
  directory: IntegrationDirectory;
  secrets: SigningSecrets;
  targets: EnvelopeReferralTargetSealer;
  outbox: DynamoReferralOutbox;
  /** Disclosures, recorded on (and read back from) the s.62 audit trail. */
  disclosures: AuditedDisclosures;
  dispatcher: ReferralDispatcher;
}

function dispatcherOptions(env: NodeJS.ProcessEnv): Partial<DispatcherOptions> {
  const options: Partial<DispatcherOptions> = {};
  if (env.REFERRAL_MAX_ATTEMPTS) options.maxAttempts = Number(env.REFERRAL_MAX_ATTEMPTS);
  if (env.REFERRAL_BASE_DELAY_SECONDS) options.baseDelaySeconds = Number(env.REFERRAL_BASE_DELAY_SECONDS);
  if (env.REFERRAL_MAX_DELAY_SECONDS) options.maxDelaySeconds = Number(env.REFERRAL_MAX_DELAY_SECONDS);
  return options;
}

/**
 * @example
 * const { dispatcher } = await createFirewallRuntime();
 */
export async function createFirewallRuntime(env: NodeJS.ProcessEnv = process.env): Promise<FirewallRuntime> {
  const force = await keyRuntime();
  const { config } = force;
  const directory = readIntegrationDirectory(env);
  const secrets =
    config.KEY_SOURCE === 'local'
      ? localSigningSecrets(config.LOCAL_KEY_DIR)
      : secretsManagerSigningSecrets(env.INTEGRATION_SECRET_PREFIX ?? `safe-pathway/${config.FORCE_ID}/integrations/`);
  const targets = new EnvelopeReferralTargetSealer(force.keyrings);
  const outbox = new DynamoReferralOutbox(force.dynamo.document, config.TABLE_NAME);
  const disclosures = auditedDisclosures(force.dynamo.document, config.TABLE_NAME, { forceId: config.FORCE_ID, retentionDays: config.RETENTION_DAYS_AUDIT, sealer: force.cipher });
  const dispatcher = new ReferralDispatcher({
    outbox,
    reports: outbox,
    cipher: force.cipher,
    targets,
    directory,
    secrets,
    sender: fetchWebhookSender(),
    disclosures,
    actor: 'referral-dispatcher',
    options: dispatcherOptions(env),
  });
  return { force, directory, secrets, targets, outbox, disclosures, dispatcher };
}

const built = builtOnce(() => createFirewallRuntime());

/** The firewall runtime of this environment, built on first use. */
export function firewallRuntime(): Promise<FirewallRuntime> {
  return built.get();
}

/** Forgets the cached runtime (tests change the environment). */
export function resetFirewallRuntime(): void {
  built.reset();
}
