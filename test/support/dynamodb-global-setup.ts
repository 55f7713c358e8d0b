/**
 * Starts one real DynamoDB Local for the integration project and hands its
 * endpoint to the tests through `inject('dynamoEndpoint')`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  // A JVM on a busy 2-core machine can take more than the default 30 s to answer.
  const dynamo = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
