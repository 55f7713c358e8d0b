/**
 * Each function's runtime asks only for what its role is granted: in AWS,
 * the staff and firewall functions have no grant on the receipt secret
 * (infra/routes.ts, infra/firewall-routes.ts, infra/workers.ts), so building
 * their runtimes must not need it.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeConfigError } from '../../../functions/adapters/config';
import { createFirewallRuntime, resetFirewallRuntime } from '../../../functions/wiring/firewall-runtime';
import { createForceRuntime, resetForceRuntime } from '../../../functions/wiring/runtime';
import { createStaffRuntime } from '../../../functions/wiring/staff-runtime';

/** A function environment as infra/constructs/force-function.ts writes it for a role without the receipt secret. */
const AWS_ENV = {
  KEY_SOURCE: 'kms',
  REPORT_KEY_ARN: 'arn:aws:kms:eu-west-2:111122223333:key/report',
  SAFEGUARDING_KEY_ARN: 'arn:aws:kms:eu-west-2:111122223333:key/safeguarding',
  FORCE_ID: 'exampleshire',
  TABLE_NAME: 'safe-pathway-exampleshire',
  TOKEN_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_example',
  TOKEN_AUDIENCE: 'example-client',
  INTEGRATIONS: JSON.stringify({ charities: [], enforcementIntegrations: [], canaries: [] }),
};

const secrets = mockClient(SecretsManagerClient);
const saved = { ...process.env };

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException: not granted'));
  for (const name of ['RECEIPT_SECRET_ARN', 'LOCAL_KEY_DIR', 'DYNAMODB_ENDPOINT']) delete process.env[name];
  Object.assign(process.env, AWS_ENV);
  resetForceRuntime();
  resetFirewallRuntime();
});

afterEach(() => {
  process.env = { ...saved };
  resetForceRuntime();
  resetFirewallRuntime();
});

afterAll(() => secrets.restore());

describe('function runtimes without the receipt secret', () => {
  it('builds the firewall runtime (suspect check, dead letters, transparency, referral dispatcher) without reading it', async () => {
    const runtime = await createFirewallRuntime(process.env);
    expect(runtime.force.config.FORCE_ID).toBe('exampleshire');
    expect(runtime.dispatcher).toBeDefined();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('builds the staff runtime without reading it', () => {
    const runtime = createStaffRuntime(process.env);
    expect(runtime.trusted).toEqual({ forceId: 'exampleshire', issuer: AWS_ENV.TOKEN_ISSUER, audience: AWS_ENV.TOKEN_AUDIENCE });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('refuses to build the intake runtime, naming the missing variable and not its value', async () => {
    const failure = await createForceRuntime(process.env).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RuntimeConfigError);
    expect((failure as RuntimeConfigError).variables).toEqual(['RECEIPT_SECRET_ARN']);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});
