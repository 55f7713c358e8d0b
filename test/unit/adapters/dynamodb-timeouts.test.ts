/**
 * Bounded work: the DynamoDB clients time out (connection, request,
 * attempts) well before any function of the stack does, so a hanging store
 * surfaces as a 503 the function can still send, never as a killed function.
 * The KMS client of the keyrings is held to the same.
 */
import { describe, expect, it } from 'vitest';
import { dynamoCallWorstCaseMs, dynamoClients, DYNAMODB_TIMEOUTS } from '../../../functions/adapters/dynamodb/client';
import { KMS_TIMEOUTS } from '../../../functions/adapters/crypto/keyrings';
import { ROUTES } from '../../../infra/routes';
import { WORKERS } from '../../../infra/workers';

/** The function timeout CDK applies when a spec names none (infra/constructs/force-function.ts). */
const DEFAULT_TIMEOUT_SECONDS = 10;

describe('DynamoDB client timeouts', () => {
  it('bounds one call (every attempt, connection and answer) to less than the shortest function timeout', () => {
    const functions = [...ROUTES, ...WORKERS].map((spec) => ({ name: 'path' in spec ? `${spec.method} ${spec.path}` : spec.name, seconds: spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS }));
    const shortest = Math.min(...functions.map((fn) => fn.seconds)) * 1000;
    expect(dynamoCallWorstCaseMs()).toBeLessThan(shortest);
    expect(DYNAMODB_TIMEOUTS.requestMs).toBeLessThan(shortest / 4);
  });

  it('bounds one KMS call (every attempt, connection and answer) to less than the shortest function timeout too', () => {
    const shortest = Math.min(...[...ROUTES, ...WORKERS].map((spec) => spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS)) * 1000;
    expect(dynamoCallWorstCaseMs(KMS_TIMEOUTS)).toBeLessThan(shortest);
  });

  it('gives the SDK client those limits', async () => {
    const { client } = dynamoClients();
    expect(await client.config.maxAttempts()).toBe(DYNAMODB_TIMEOUTS.maxAttempts);
    const handler = client.config.requestHandler as unknown as { configProvider?: Promise<{ requestTimeout?: number; connectionTimeout?: number }> };
    const config = await handler.configProvider;
    expect(config?.requestTimeout).toBe(DYNAMODB_TIMEOUTS.requestMs);
    expect(config?.connectionTimeout).toBe(DYNAMODB_TIMEOUTS.connectionMs);
  });
});
