/**
 * A throw-away force for one integration test file: its own table in the
 * shared DynamoDB Local, its own local key material, its environment set.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { dynamoClients } from '../../functions/adapters/dynamodb/client';
import { resetForceRuntime } from '../../functions/wiring/runtime';
import { localForceEnv, prepareForce } from '../../scripts/local/system';

export interface ForceFixture {
  forceId: string;
  tableName: string;
  env: Record<string, string>;
  dynamo: ReturnType<typeof dynamoClients>;
}

/**
 * @example
 * const force = await setUpForce();   // in beforeAll
 * const { handler } = await import('../../functions/submit-report/handler');
 */
export async function setUpForce(overrides: Record<string, string> = {}): Promise<ForceFixture> {
  const endpoint = inject('dynamoEndpoint');
  const forceId = `test-${randomUUID().slice(0, 8)}`;
  const keyDir = mkdtempSync(join(tmpdir(), 'safe-pathway-keys-'));
  await prepareForce(forceId, endpoint, keyDir);
  const { POWERTOOLS_LOG_LEVEL: _quietInTests, ...forceEnv } = localForceEnv(forceId, endpoint, keyDir);
  const env = { ...forceEnv, ...overrides };
  Object.assign(process.env, env);
  resetForceRuntime();
  return { forceId, tableName: env.TABLE_NAME as string, env, dynamo: dynamoClients({ endpoint }) };
}
