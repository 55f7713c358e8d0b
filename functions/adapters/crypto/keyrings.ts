/**
 * Key sources. Callers take a {@link ReportKeyrings} and never learn whether
 * the force's keys live in KMS or, locally, in a git-ignored folder: the key
 * source changes without touching the code that encrypts (as in the AWS
 * Encryption SDK). Each source only makes and opens report keys (one 256-bit
 * key per report and source, ./report-keys.ts); the Encryption SDK messages of
 * a report's parts are wrapped by that report key, not by the source itself.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, randomFillSync, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DeadlineBoundHttpHandler } from '../request-deadline';
import { readLocalSecret } from './local-secrets';

export { readLocalSecret } from './local-secrets';

/** A report key as its source hands it out: the key itself and the wrapped copy stored with the report. */
export interface WrappedReportKey {
  /** 256 bits; the caller zeroes it once used. */
  plaintext: Uint8Array;
  /** Opens again only through the same source, under the same context. */
  wrapped: Uint8Array;
}

/**
 * One key of a force (a KMS key, or locally a raw AES key from a file): it
 * makes a fresh report key bound to `context` and opens a wrapped one under
 * that same context.
 */
export interface ReportKeySource {
  generate(context: Record<string, string>): Promise<WrappedReportKey>;
  unwrap(wrapped: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
}

/** The two keys of a force: one for report bodies, one for the protected-immigration class. */
export interface ReportKeyrings {
  report: ReportKeySource;
  safeguarding: ReportKeySource;
}

export interface KmsKeyringsOptions {
  reportKeyArn: string;
  safeguardingKeyArn: string;
  /** A KMS client to use (tests pass one mocked with aws-sdk-client-mock). */
  client?: KMSClient;
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
 * and, within a request, cut off at the request's deadline.
 *
 * @example
 * const keyrings = kmsKeyrings({ reportKeyArn, safeguardingKeyArn, client: boundedKmsClient() });
 */
export function boundedKmsClient(config: KMSClientConfig = {}): KMSClient {
  return new KMSClient({
    // Where KMS is (tests: a local server); the limits below always apply.
    ...config,
    maxAttempts: KMS_TIMEOUTS.maxAttempts,
    // throwOnRequestTimeout: without it the SDK's Node handler only logs a warning when requestTimeout passes and keeps waiting.
    requestHandler: new DeadlineBoundHttpHandler({ connectionTimeout: KMS_TIMEOUTS.connectionMs, requestTimeout: KMS_TIMEOUTS.requestMs, throwOnRequestTimeout: true }),
  });
}

/** The bytes of a report key. */
export const REPORT_KEY_BYTES = 32;

/** A KMS key: GenerateDataKey makes a report key, Decrypt (naming the key, so a blob of the other key is refused) opens one. */
class KmsKeySource implements ReportKeySource {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async generate(context: Record<string, string>): Promise<WrappedReportKey> {
    const out = await this.client.send(new GenerateDataKeyCommand({ KeyId: this.keyId, NumberOfBytes: REPORT_KEY_BYTES, EncryptionContext: context }));
    if (out.Plaintext?.byteLength !== REPORT_KEY_BYTES || !out.CiphertextBlob) throw new Error('KMS returned no report key');
    return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
  }

  async unwrap(wrapped: Uint8Array, context: Record<string, string>): Promise<Uint8Array> {
    const out = await this.client.send(new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: context }));
    if (out.Plaintext?.byteLength !== REPORT_KEY_BYTES) throw new Error('KMS returned no report key');
    return out.Plaintext;
  }
}

/**
 * Keyrings backed by the force's KMS keys: one KMS call makes (or opens) a
 * report's key under each; KMS logs the call with the report's context.
 *
 * @example
 * const keyrings = kmsKeyrings({ reportKeyArn, safeguardingKeyArn });
 */
export function kmsKeyrings(options: KmsKeyringsOptions): ReportKeyrings {
  const client = options.client ?? boundedKmsClient();
  return { report: new KmsKeySource(client, options.reportKeyArn), safeguarding: new KmsKeySource(client, options.safeguardingKeyArn) };
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The context as AES-GCM additional data: its entries sorted, so the same context always gives the same bytes. */
function contextBytes(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), 'utf8');
}

/** Raised when a wrapped report key does not open locally: another key's, another report's or force's, or tampered with (KMS answers InvalidCiphertextException). */
export class ReportKeyError extends Error {
  constructor() {
    super('the wrapped report key did not open under this key and report');
    this.name = 'ReportKeyError';
  }
}

/** A raw 256-bit key held locally: the report key is AES-256-GCM wrapped (IV, ciphertext, tag) with the context as additional data. */
class LocalKeySource implements ReportKeySource {
  /** A KeyObject, made once: Node 24's createCipheriv given bytes first tests them for a KeyObject by catching a thrown error, on every report key. */
  private readonly key: KeyObject;

  constructor(key: Uint8Array) {
    if (key.byteLength !== 32) throw new Error('a local key is 32 bytes');
    this.key = createSecretKey(key);
  }

  async generate(context: Record<string, string>): Promise<WrappedReportKey> {
    // Its own memory (not a pooled Buffer), so zeroing it zeroes the only copy.
    const plaintext = randomFillSync(new Uint8Array(REPORT_KEY_BYTES));
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(contextBytes(context));
    const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { plaintext, wrapped: new Uint8Array(wrapped) };
  }

  async unwrap(wrapped: Uint8Array, context: Record<string, string>): Promise<Uint8Array> {
    if (wrapped.byteLength !== IV_BYTES + REPORT_KEY_BYTES + TAG_BYTES) throw new ReportKeyError();
    const bytes = Buffer.from(wrapped);
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES)).setAAD(contextBytes(context));
    decipher.setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
    try {
      const head = decipher.update(bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES));
      const tail = decipher.final();
      // Its own memory (not a pooled Buffer); the intermediate copies are zeroed.
      const plaintext = new Uint8Array(REPORT_KEY_BYTES);
      plaintext.set(head, 0);
      plaintext.set(tail, head.byteLength);
      head.fill(0);
      tail.fill(0);
      return plaintext;
    } catch {
      throw new ReportKeyError();
    }
  }
}

/**
 * A key source on a raw 256-bit key held in memory (tests, and the local files below).
 *
 * @example
 * const keyrings = { report: localKeySource(randomBytes(32)), safeguarding: localKeySource(randomBytes(32)) };
 */
export function localKeySource(key: Uint8Array): ReportKeySource {
  return new LocalKeySource(key);
}

const LOCAL_KEYS = ['report', 'safeguarding'] as const;

/**
 * Raw 256-bit keys for local use, kept as files under `dir`.
 *
 * @example
 * const cipher = new EnvelopeReportCipher(localKeyrings('.local/keys/west-yorkshire'));
 */
export function localKeyrings(dir: string): ReportKeyrings {
  return { report: localKeySource(readLocalSecret(dir, 'report.key')), safeguarding: localKeySource(readLocalSecret(dir, 'safeguarding.key')) };
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
