/**
 * A fake KMS at the SDK boundary (aws-sdk-client-mock) that really wraps
 * data keys with a per-key AES key, binding the encryption context as KMS
 * does (a blob opens only under the context it was made with), so the whole
 * envelope runs, a key without access really cannot unwrap, and a principal
 * granted some keys only ({@link FakeKms.grantOnly}) is refused the others.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const REPORT_KEY = 'arn:aws:kms:eu-west-2:111122223333:key/report-key';
export const SAFEGUARDING_KEY = 'arn:aws:kms:eu-west-2:111122223333:key/safeguarding-key';

function contextBytes(context: Record<string, string> | undefined): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))));
}

const denied = (keyId: string) => Object.assign(new Error(`not authorized to use ${keyId}`), { name: 'AccessDeniedException' });

/**
 * @example
 * const kms = fakeKms();
 * // … seal with kmsKeyrings …
 * kms.commandCalls(GenerateDataKeyCommand).length;
 * kms.restore();
 */
export function fakeKms(keyIds: readonly string[] = [REPORT_KEY, SAFEGUARDING_KEY]) {
  const wrapping = new Map(keyIds.map((arn) => [arn, randomBytes(32)]));
  let granted = new Set(keyIds);
  /** Every plaintext key KMS handed out, so a test can see the caller zeroed it. */
  const handedOut: Uint8Array[] = [];
  const handOut = (plaintext: Buffer) => {
    const copy = new Uint8Array(plaintext);
    handedOut.push(copy);
    return copy;
  };
  const kms = mockClient(KMSClient);
  kms.on(GenerateDataKeyCommand).callsFake((input: { KeyId: string; NumberOfBytes?: number; EncryptionContext?: Record<string, string> }) => {
    const key = wrapping.get(input.KeyId);
    if (!key) throw Object.assign(new Error('not found'), { name: 'NotFoundException' });
    if (!granted.has(input.KeyId)) throw denied(input.KeyId);
    const plaintext = randomBytes(input.NumberOfBytes ?? 32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(contextBytes(input.EncryptionContext));
    const blob = Buffer.concat([Buffer.from(input.KeyId.padEnd(64)), iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { KeyId: input.KeyId, Plaintext: handOut(plaintext), CiphertextBlob: new Uint8Array(blob) };
  });
  kms.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array; KeyId?: string; EncryptionContext?: Record<string, string> }) => {
    const blob = Buffer.from(input.CiphertextBlob);
    const keyId = blob.subarray(0, 64).toString().trim();
    if (input.KeyId && input.KeyId !== keyId) throw Object.assign(new Error('incorrect key'), { name: 'IncorrectKeyException' });
    const key = wrapping.get(keyId);
    if (!key || !granted.has(keyId)) throw denied(keyId);
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(64, 76)).setAAD(contextBytes(input.EncryptionContext));
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(blob.subarray(76, blob.length - 16)), decipher.final()]);
    } catch {
      throw Object.assign(new Error('invalid ciphertext'), { name: 'InvalidCiphertextException' });
    }
    return { KeyId: keyId, Plaintext: handOut(plaintext) };
  });
  return Object.assign(kms, {
    handedOut,
    /** From now on only these keys may be used (as an IAM policy granting them alone); the others are refused. */
    grantOnly(keys: readonly string[]) {
      granted = new Set(keys);
    },
  });
}

export type FakeKms = ReturnType<typeof fakeKms>;
