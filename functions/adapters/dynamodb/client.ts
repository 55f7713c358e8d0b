/**
 * DynamoDB clients. Every request is bounded: a connection must open within
 * {@link DYNAMODB_TIMEOUTS}.connectionMs and answer within requestMs, and a
 * call makes at most `maxAttempts` attempts, so the worst case of one call
 * ({@link dynamoCallWorstCaseMs}) stays well inside the shortest function
 * timeout (a test checks it against every function of the stack). Within a
 * request every call is also cut off at the request's deadline
 * ({@link DeadlineBoundHttpHandler}). Locally the endpoint points at DynamoDB
 * Local, which accepts any credentials.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeadlineBoundHttpHandler } from '../request-deadline';

export interface DynamoClients {
  client: DynamoDBClient;
  document: DynamoDBDocumentClient;
}

/** Per-request limits of every DynamoDB client of the functions. */
export const DYNAMODB_TIMEOUTS = {
  /** Opening a connection (DNS, TCP, TLS). */
  connectionMs: 1_000,
  /** Waiting for an answer once the request is sent (DynamoDB answers in milliseconds). */
  requestMs: 2_000,
  /** The SDK's own retries included: a stopped store surfaces as 503, not a hang. */
  maxAttempts: 2,
} as const;

/** The longest one DynamoDB call can take with these limits (SDK backoff between attempts included, at most 1 s). */
export function dynamoCallWorstCaseMs(timeouts: typeof DYNAMODB_TIMEOUTS = DYNAMODB_TIMEOUTS): number {
  return timeouts.maxAttempts * (timeouts.connectionMs + timeouts.requestMs) + (timeouts.maxAttempts - 1) * 1_000;
}

/**
 * @example
 * const { document } = dynamoClients({ endpoint: 'http://127.0.0.1:8000' });
 */
export function dynamoClients(options: { endpoint?: string } = {}): DynamoClients {
  // DynamoDB Local (one JVM on a shared 2-core machine) answers a transaction in seconds under load: locally a request may wait 2.5× longer.
  const requestMs = options.endpoint ? DYNAMODB_TIMEOUTS.requestMs * 2.5 : DYNAMODB_TIMEOUTS.requestMs;
  const bounded = {
    maxAttempts: DYNAMODB_TIMEOUTS.maxAttempts,
    // throwOnRequestTimeout: without it the SDK's Node handler only logs a warning when requestTimeout passes and keeps waiting.
    // Against DynamoDB Local (a JVM that can stall for seconds on a loaded machine) a slow answer only warns: test set-up
    // and scripts wait for it, and within a request the request's deadline cuts it off all the same.
    requestHandler: new DeadlineBoundHttpHandler({ connectionTimeout: DYNAMODB_TIMEOUTS.connectionMs, requestTimeout: requestMs, throwOnRequestTimeout: !options.endpoint }),
  };
  const client = options.endpoint
    ? new DynamoDBClient({
        endpoint: options.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        ...bounded,
      })
    : new DynamoDBClient(bounded);
  const document = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, document };
}
