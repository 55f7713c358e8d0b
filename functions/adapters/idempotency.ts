/**
 * Idempotent report acceptance with Powertools idempotency and its DynamoDB
 * persistence layer, in the force table. The stored record holds only what
 * {@link acceptReport} returns — the internal report id and the urgency flag —
 * plus a hash of a keyed fingerprint: no receipt, no report content.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AcceptedReport } from '../domain/intake/accept-report';
import { keys, TABLE_DESIGN } from './dynamodb/table-design';

/** What the idempotency layer sees of a submission: its key and a fingerprint. */
export interface IdempotencyRequest {
  key: string;
  fingerprint: string;
}

export interface IdempotentAcceptOptions {
  client: DynamoDBClient;
  tableName: string;
  forceId: string;
  /** How long a replay returns the same receipt. */
  expiresAfterSeconds?: number;
}

/** A valid Idempotency-Key: opaque, 16–128 URL-safe characters (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Wraps `accept` so that the same key and fingerprint run it once.
 *
 * @example
 * const accept = idempotentAccept({ client, tableName, forceId }, (submission) => acceptReport(deps, submission));
 * const accepted = await accept({ key, fingerprint }, submission, context);
 */
export function idempotentAccept<T>(
  options: IdempotentAcceptOptions,
  accept: (submission: T, request: IdempotencyRequest) => Promise<AcceptedReport>,
): (request: IdempotencyRequest, submission: T, context?: Context) => Promise<AcceptedReport> {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    awsSdkV3Client: options.client,
    keyAttr: TABLE_DESIGN.partitionKey,
    sortKeyAttr: TABLE_DESIGN.sortKey,
    staticPkValue: keys.idempotencyPartition(options.forceId),
    expiryAttr: TABLE_DESIGN.ttlAttribute,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'fingerprint',
    expiresAfterSeconds: options.expiresAfterSeconds ?? 24 * 3600,
    hashFunction: 'sha256',
  });
  const run = makeIdempotent(async (request: IdempotencyRequest, submission: T) => accept(submission, request), {
    persistenceStore,
    config,
    keyPrefix: 'submit-report',
  });
  return (request, submission, context) => {
    if (context) config.registerLambdaContext(context);
    return run(request, submission);
  };
}
