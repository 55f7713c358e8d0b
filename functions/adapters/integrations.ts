/**
 * The force's integrations at run time: charities, enforcement integrations
 * and canaries, passed by the CDK stack (from infra/forces/<code>.json) as
 * the `INTEGRATIONS` environment variable, or locally as a file
 * (`INTEGRATIONS_FILE`). Signing secrets: Secrets Manager in AWS
 * (`<INTEGRATION_SECRET_PREFIX><integration id>`), git-ignored files locally
 * (`<LOCAL_KEY_DIR>/integrations/<id>.secret`).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntegrationDirectorySchema } from '../../schemas/integrations';
import type { IntegrationDirectory, SigningSecrets } from '../domain/referrals/directory';

export { IntegrationDirectorySchema };

/** Raised when the integration configuration is unreadable; names fields, never values. */
export class IntegrationConfigError extends Error {
  constructor(readonly fields: string[]) {
    super(`invalid integration configuration: ${fields.join(', ')}`);
    this.name = 'IntegrationConfigError';
  }
}

/**
 * @example
 * const directory = readIntegrationDirectory(process.env);
 */
export function readIntegrationDirectory(env: NodeJS.ProcessEnv = process.env): IntegrationDirectory {
  let raw: unknown = {};
  try {
    if (env.INTEGRATIONS) raw = JSON.parse(env.INTEGRATIONS);
    else if (env.INTEGRATIONS_FILE && existsSync(env.INTEGRATIONS_FILE)) raw = JSON.parse(readFileSync(env.INTEGRATIONS_FILE, 'utf8'));
  } catch {
    throw new IntegrationConfigError(['INTEGRATIONS']);
  }
  const parsed = IntegrationDirectorySchema.safeParse(raw);
  if (!parsed.success) throw new IntegrationConfigError(parsed.error.issues.map((issue) => issue.path.join('.')));
  return parsed.data;
}

/** Signing secrets from files under `<dir>/integrations/`. */
export function localSigningSecrets(dir: string): SigningSecrets {
  return { secretFor: async (id) => new Uint8Array(readFileSync(join(dir, 'integrations', `${id}.secret`))) };
}

/** Creates missing local signing secrets (32 random bytes each). */
export function ensureLocalSigningSecrets(dir: string, ids: readonly string[]): void {
  mkdirSync(join(dir, 'integrations'), { recursive: true, mode: 0o700 });
  for (const id of ids) {
    const path = join(dir, 'integrations', `${id}.secret`);
    if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  }
}

/** Raised when a signing secret is missing or too short. */
export class SigningSecretError extends Error {
  constructor(readonly integrationId: string) {
    super(`the signing secret of ${integrationId} could not be read`);
    this.name = 'SigningSecretError';
  }
}

/** Signing secrets from Secrets Manager: the secret string is base64 of at least 32 bytes. */
export function secretsManagerSigningSecrets(prefix: string): SigningSecrets {
  return {
    secretFor: async (id) => {
      const secret = await getSecret(`${prefix}${id}`, { maxAge: 300 });
      const bytes = typeof secret === 'string' ? Buffer.from(secret, 'base64') : undefined;
      if (!bytes || bytes.byteLength < 32) throw new SigningSecretError(id);
      return new Uint8Array(bytes);
    },
  };
}
