/**
 * Key sources. Callers take a {@link ReportKeyrings} and never learn whether
 * the keys live in KMS or, locally, in a git-ignored folder: the key source
 * changes without touching the code that encrypts (as in the AWS Encryption SDK).
 */
import { KMS, KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import type { KeyringNode } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DeadlineBoundHttpHandler } from '../request-deadline';
import { readLocalSecret } from './local-secrets';

export { readLocalSecret } from './local-secrets';

/** The two keys of a force: one for report bodies, one for the protected-immigration class. */
export interface ReportKeyrings {
  report: KeyringNode;
  safeguarding: KeyringNode;
}

export interface KmsKeyringsOptions {
  reportKeyArn: string;
  safeguardingKeyArn: string;
  /** A KMS client to use (tests pass one mocked with aws-sdk-client-mock). */
  client?: KMS;
}

/** Per-request limits of the KMS client the keyrings use (KMS answers GenerateDataKey and Decrypt in milliseconds). */
export const KMS_TIMEOUTS = {
  /** Opening a connection (DNS, TCP, TLS). */
  connectionMs: 1_000,
  /** Waiting for an answer once the request is sent. */
  requestMs: 2_000,
  /** The SDK's own retries included: a stalled KMS surfaces as 503, not a hang. */
  maxAttempts: 2,
} as const;

/**
 * The KMS client of the keyrings: every call bounded by {@link KMS_TIMEOUTS}
 * and, within a request, cut off at the request's deadline (the Encryption
 * SDK passes no signal of its own).
 *
 * @example
 * const keyrings = kmsKeyrings({ reportKeyArn, safeguardingKeyArn, client: boundedKmsClient() });
 */
export function boundedKmsClient(config: KMSClientConfig = {}): KMS {
  return new KMS({
    // Where KMS is (tests: a local server); the limits below always apply.
    ...config,
    maxAttempts: KMS_TIMEOUTS.maxAttempts,
    // throwOnRequestTimeout: without it the SDK's Node handler only logs a warning when requestTimeout passes and keeps waiting.
    requestHandler: new DeadlineBoundHttpHandler({ connectionTimeout: KMS_TIMEOUTS.connectionMs, requestTimeout: KMS_TIMEOUTS.requestMs, throwOnRequestTimeout: true }),
  });
}

/**
 * Keyrings backed by the force's KMS keys: one data key per sealed part,
 * generated and wrapped by KMS.
 *
 * @example
 * const keyrings = kmsKeyrings({ reportKeyArn, safeguardingKeyArn });
 */
export function kmsKeyrings(options: KmsKeyringsOptions): ReportKeyrings {
  const client = options.client ?? boundedKmsClient();
  const clientProvider = () => client;
  return {
    report: new KmsKeyringNode({ generatorKeyId: options.reportKeyArn, clientProvider }),
    safeguarding: new KmsKeyringNode({ generatorKeyId: options.safeguardingKeyArn, clientProvider }),
  };
}

const LOCAL_NAMESPACE = 'safe-pathway-local';
const LOCAL_KEYS = ['report', 'safeguarding'] as const;

/** Raw 256-bit wrapping keys for local use, kept as files under `dir`. */
export function localKeyrings(dir: string): ReportKeyrings {
  const keyring = (name: (typeof LOCAL_KEYS)[number]) =>
    new RawAesKeyringNode({
      keyName: name,
      keyNamespace: LOCAL_NAMESPACE,
      unencryptedMasterKey: readLocalSecret(dir, `${name}.key`),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  return { report: keyring('report'), safeguarding: keyring('safeguarding') };
}

/**
 * Creates the local key material (and the receipt secret) on first start.
 * Existing files are kept, so reports stored earlier stay readable.
 *
 * @example
 * ensureLocalKeyMaterial('.local/keys/west-yorkshire');
 */
export function ensureLocalKeyMaterial(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const file of [...LOCAL_KEYS.map((name) => `${name}.key`), 'receipt.secret']) {
    const path = join(dir, file);
    if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  }
}

