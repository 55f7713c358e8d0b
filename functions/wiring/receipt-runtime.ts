/**
 * The part of a force's runtime that needs no key but the receipt secret:
 * the table and the receipt book. The status look-up runs on this alone, so
 * its bundle carries no Encryption SDK and it starts faster.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { builtOnce } from '../adapters/built-once';
import { ReceiptBook } from '../domain/receipts/receipt';
import { RuntimeConfigError, type RuntimeConfig } from '../adapters/config';
import { readLocalSecret } from '../adapters/crypto/local-secrets';
import { DynamoFailureCounter, DynamoReportStore } from '../adapters/dynamodb/report-store';
import { tableAccess, type TableAccess } from '../adapters/table-access';

export interface ReceiptRuntime extends TableAccess {
  store: DynamoReportStore;
  failures: DynamoFailureCounter;
  receipts: ReceiptBook;
  /** The force's receipt secret, from which receipt and fingerprint keys are derived. */
  secret: Uint8Array;
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
  // Set only on functions granted to read the secret (infra/constructs/force-function.ts).
  if (!config.RECEIPT_SECRET_ARN) throw new RuntimeConfigError(['RECEIPT_SECRET_ARN']);
  const secret = await getSecret(config.RECEIPT_SECRET_ARN, { maxAge: 3600 });
  if (typeof secret !== 'string' || secret.length < 32) throw new ReceiptSecretError();
  return new Uint8Array(Buffer.from(secret, 'utf8'));
}

/**
 * @example
 * const { store, receipts } = await createReceiptRuntime(process.env);
 */
export async function createReceiptRuntime(env: NodeJS.ProcessEnv = process.env, table: TableAccess = tableAccess(env)): Promise<ReceiptRuntime> {
  const { config, dynamo } = table;
  const secret = await receiptSecret(config);
  return {
    config,
    dynamo,
    store: new DynamoReportStore(dynamo.document, config.TABLE_NAME),
    failures: new DynamoFailureCounter(dynamo.document, config.TABLE_NAME),
    receipts: new ReceiptBook(secret),
    secret,
  };
}

const built = builtOnce(() => createReceiptRuntime());

/** This Lambda environment's receipt runtime, built on first use and reused while warm. */
export function receiptRuntime(): Promise<ReceiptRuntime> {
  return built.get();
}

/** Forgets the cached runtime (tests change the environment). */
export function resetReceiptRuntime(): void {
  built.reset();
}
