/**
 * Wires a force's adapters once per cold start. Handlers ask for the pieces
 * they need; nothing here holds report content.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SubmissionFingerprints } from '../domain/intake/fingerprint';
import { ReceiptBook } from '../domain/receipts/receipt';
import { readRuntimeConfig, type RuntimeConfig } from './config';
import { EnvelopeReportCipher } from './crypto/envelope-report-cipher';
import { kmsKeyrings, localKeyrings, readLocalSecret, type ReportKeyrings } from './crypto/keyrings';
import { dynamoClients, type DynamoClients } from './dynamodb/client';
import { DynamoFailureCounter, DynamoReportStore } from './dynamodb/report-store';

export interface ForceRuntime {
  config: RuntimeConfig;
  dynamo: DynamoClients;
  keyrings: ReportKeyrings;
  cipher: EnvelopeReportCipher;
  store: DynamoReportStore;
  failures: DynamoFailureCounter;
  receipts: ReceiptBook;
  fingerprints: SubmissionFingerprints;
}

/** Raised when the receipt secret is missing or unreadable. */
export class ReceiptSecretError extends Error {
  constructor() {
    super('the receipt secret could not be read');
    this.name = 'ReceiptSecretError';
  }
}

async function receiptSecret(config: RuntimeConfig): Promise<Uint8Array> {
  if (config.KEY_SOURCE === 'local') return readLocalSecret(config.LOCAL_KEY_DIR, 'receipt.secret');
  const secret = await getSecret(config.RECEIPT_SECRET_ARN, { maxAge: 3600 });
  if (typeof secret !== 'string' || secret.length < 32) throw new ReceiptSecretError();
  return new Uint8Array(Buffer.from(secret, 'utf8'));
}

/**
 * Builds the adapters for the configured force.
 *
 * @example
 * const runtime = await createForceRuntime(process.env);
 */
export async function createForceRuntime(env: NodeJS.ProcessEnv = process.env): Promise<ForceRuntime> {
  const config = readRuntimeConfig(env);
  const dynamo = dynamoClients({ endpoint: config.DYNAMODB_ENDPOINT });
  const keyrings =
    config.KEY_SOURCE === 'kms'
      ? kmsKeyrings({ reportKeyArn: config.REPORT_KEY_ARN, safeguardingKeyArn: config.SAFEGUARDING_KEY_ARN })
      : localKeyrings(config.LOCAL_KEY_DIR);
  const secret = await receiptSecret(config);
  return {
    config,
    dynamo,
    keyrings,
    cipher: new EnvelopeReportCipher(keyrings),
    store: new DynamoReportStore(dynamo.document, config.TABLE_NAME),
    failures: new DynamoFailureCounter(dynamo.document, config.TABLE_NAME),
    receipts: new ReceiptBook(secret),
    fingerprints: new SubmissionFingerprints(secret),
  };
}

let cached: Promise<ForceRuntime> | undefined;

/** The runtime of this Lambda environment, built on first use and reused while warm. */
export function forceRuntime(): Promise<ForceRuntime> {
  cached ??= createForceRuntime().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Forgets the cached runtime (tests and the local system change the environment). */
export function resetForceRuntime(): void {
  cached = undefined;
}
