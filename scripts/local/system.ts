/**
 * The whole local system: DynamoDB Local, one table and key set per force,
 * and one API process per force running the same handlers as Lambda.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureLocalKeyMaterial } from '../../functions/adapters/crypto/keyrings';
import { dynamoClients } from '../../functions/adapters/dynamodb/client';
import { bodyRetentionDays, reportRetentionDays, type ForceConfig } from '../../infra/force-config';
import { ensureTable } from './create-table';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { prepareLocalIntegrations, startLocalReceiver } from './firewall-local';
import type { WebhookReceiver } from './webhook-receiver';
import { devIssuerEnv } from './dev-issuer';
import { startOidcIssuer, type OidcIssuer } from './oidc-issuer';

const ROOT = resolve(import.meta.dirname, '../..');

export interface LocalForce {
  forceId: string;
  /** Port for this force's API; a free one when omitted. */
  apiPort?: number;
  corsOrigins?: string[];
  /** The force config's days per data class: sets the report's and the protected section's retention, as the stack does. */
  retentionDays?: ForceConfig['retentionDays'];
  /** Lifetime of the local sign-in's access and ID tokens for this force, in seconds (an hour when omitted). */
  accessTokenSeconds?: number;
}

export interface LocalSystemOptions {
  forces: LocalForce[];
  /** DynamoDB Local port; a free one when omitted. */
  dynamoPort?: number;
  /** Where local key material lives (git-ignored). */
  keyDir?: string;
  /** Extra environment for every force API (e.g. STATUS_MAX_FAILURES in tests). */
  env?: Record<string, string>;
  /** Show the APIs' own log lines (ids and codes only). */
  verbose?: boolean;
  /** Port of the development token issuer (staff sign-in); a free one when omitted. */
  issuerPort?: number;
  /** Keep DynamoDB Local's data in this folder (survives a restart); in memory when omitted. */
  dynamoDbPath?: string;
  /** How long to wait for DynamoDB Local to answer (the bench on a loaded machine needs longer than the default). */
  dynamoStartTimeoutMs?: number;
}

export interface RunningForce {
  forceId: string;
  url: string;
  /** The call-handler console of this force (sign in with a seeded user of `issuer.users`). */
  consoleUrl: string;
  tableName: string;
  env: Record<string, string>;
}

export interface LocalSystem {
  dynamo: DynamoDbLocal;
  /** The local webhook receiver standing in for charities and enforcement integrations. */
  webhooks?: WebhookReceiver;
  /** The local OpenID Connect provider: one issuer URL, key and seeded staff per force (see `npm run token`). */
  issuer: OidcIssuer;
  keyDir: string;
  forces: RunningForce[];
  /** Stops the force APIs and DynamoDB Local. */
  stop(): Promise<void>;
}

/** The environment a force's functions get locally: the local twin of the CDK stack's. */
export function localForceEnv(forceId: string, dynamoEndpoint: string, keyDir: string): Record<string, string> {
  return {
    FORCE_ID: forceId,
    TABLE_NAME: `safe-pathway-${forceId}`,
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    KEY_SOURCE: 'local',
    LOCAL_KEY_DIR: resolve(keyDir, forceId),
    POWERTOOLS_SERVICE_NAME: `safe-pathway-${forceId}`,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    AWS_REGION: 'local',
  };
}

/** A force's local API and console addresses: the console is served by the API, on its origin (no CORS). */
export function localConsoleUrls(port: number): { apiUrl: string; consoleUrl: string } {
  return { apiUrl: `http://127.0.0.1:${port}`, consoleUrl: `http://127.0.0.1:${port}/console/` };
}

/** Creates a force's table and key material if missing. */
export async function prepareForce(forceId: string, dynamoEndpoint: string, keyDir: string): Promise<Record<string, string>> {
  const env = localForceEnv(forceId, dynamoEndpoint, keyDir);
  ensureLocalKeyMaterial(env.LOCAL_KEY_DIR as string);
  const { client } = dynamoClients({ endpoint: dynamoEndpoint });
  await ensureTable(client, env.TABLE_NAME as string);
  client.destroy();
  return env;
}

function startForceApi(env: Record<string, string>, verbose: boolean): Promise<ChildProcess> {
  return new Promise((ready, fail) => {
    const child = fork(resolve(ROOT, 'scripts/local/force-api.ts'), [], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', verbose ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', () => ready(child));
    child.once('exit', (code) => fail(new Error(`the API of force ${env.FORCE_ID} exited with code ${code}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * @example
 * const system = await startLocalSystem({ forces: [{ forceId: 'example-north', apiPort: 3000 }] });
 * // POST `${system.forces[0].url}/reports`
 * await system.stop();
 */
export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  const keyDir = options.keyDir ?? resolve(ROOT, '.local/keys');
  const dynamo = await startDynamoDbLocal({
    ...(options.dynamoPort ? { port: options.dynamoPort } : {}),
    ...(options.dynamoDbPath ? { dbPath: options.dynamoDbPath } : {}),
    ...(options.dynamoStartTimeoutMs ? { startTimeoutMs: options.dynamoStartTimeoutMs } : {}),
  });
  const children: ChildProcess[] = [];
  const webhooks = await startLocalReceiver(keyDir, options.verbose ?? false);
  let issuer: OidcIssuer | undefined;
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await webhooks.close();
    await issuer?.stop();
    await dynamo.stop();
  };
  try {
    // Ports first: each force's console (served by its API, same origin) is a redirect URI of its issuer.
    const ports = new Map<string, number>();
    for (const force of options.forces) ports.set(force.forceId, force.apiPort ?? (await freePort()));
    issuer = await startOidcIssuer({
      keyDir,
      forces: options.forces.map((force) => ({
        forceId: force.forceId,
        ...localConsoleUrls(ports.get(force.forceId) as number),
        ...(force.accessTokenSeconds ? { accessTokenSeconds: force.accessTokenSeconds } : {}),
      })),
      ...(options.issuerPort ? { port: options.issuerPort } : {}),
    });
    const forces: RunningForce[] = [];
    for (const force of options.forces) {
      const port = ports.get(force.forceId) as number;
      const env: Record<string, string> = {
        ...(await prepareForce(force.forceId, dynamo.endpoint, keyDir)),
        ...devIssuerEnv(issuer.baseUrl, force.forceId),
        ...options.env,
        INTEGRATIONS_FILE: prepareLocalIntegrations(force.forceId, resolve(keyDir, force.forceId), webhooks.url),
        REFERRAL_POLL_MS: '2000',
        // The retention worker (every 15 minutes in AWS) runs every minute locally.
        RETENTION_POLL_MS: options.env?.RETENTION_POLL_MS ?? '60000',
        ...(force.retentionDays
          ? { RETENTION_DAYS_REPORT: String(reportRetentionDays({ retentionDays: force.retentionDays })), RETENTION_DAYS_PROTECTED: String(force.retentionDays['protected-immigration']), RETENTION_DAYS_CLASSES: JSON.stringify(bodyRetentionDays({ retentionDays: force.retentionDays })), RETENTION_DAYS_ACCOUNT: String(force.retentionDays.account), RETENTION_DAYS_STAFF_MESSAGE: String(force.retentionDays['staff-message']) }
          : {}),
        PORT: String(port),
        CORS_ORIGINS: (force.corsOrigins ?? []).join(','),
      };
      children.push(await startForceApi(env, options.verbose ?? false));
      forces.push({ forceId: force.forceId, url: `http://127.0.0.1:${port}`, consoleUrl: localConsoleUrls(port).consoleUrl, tableName: env.TABLE_NAME as string, env });
    }
    return { dynamo, webhooks, issuer, keyDir, forces, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
