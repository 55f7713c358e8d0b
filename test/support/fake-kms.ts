/**
 * A fake KMS at the SDK boundary (aws-sdk-client-mock) that really wraps
 * data keys with a per-key AES key, so the Encryption SDK's whole envelope
 * runs and a key without access really cannot unwrap.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const REPORT_KEY = 'arn:aws:kms:eu-west-2:111122223333:key/report-key';
export const SAFEGUARDING_KEY = 'arn:aws:kms:eu-west-2:111122223333:key/safeguarding-key';

/**
 * @example
 * const kms = fakeKms();
 * // … encrypt with KmsKeyringNode …
 * kms.commandCalls(GenerateDataKeyCommand).length;
 * kms.restore();
 */
export function fakeKms(keyIds: readonly string[] = [REPORT_KEY, SAFEGUARDING_KEY]) {
  const wrapping = new Map(keyIds.map((arn) => [arn, randomBytes(32)]));
  const kms = mockClient(KMSClient);
  kms.on(GenerateDataKeyCommand).callsFake((input: { KeyId: string; NumberOfBytes?: number }) => {
    const key = wrapping.get(input.KeyId);
    if (!key) throw Object.assign(new Error('not found'), { name: 'NotFoundException' });
    const plaintext = randomBytes(input.NumberOfBytes ?? 32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const blob = Buffer.concat([Buffer.from(input.KeyId.padEnd(64)), iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { KeyId: input.KeyId, Plaintext: new Uint8Array(plaintext), CiphertextBlob: new Uint8Array(blob) };
  });
  kms.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array; KeyId?: string }) => {
    const blob = Buffer.from(input.CiphertextBlob);
    const keyId = blob.subarray(0, 64).toString().trim();
    if (input.KeyId && input.KeyId !== keyId) throw Object.assign(new Error('incorrect key'), { name: 'IncorrectKeyException' });
    const key = wrapping.get(keyId);
    if (!key) throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(64, 76));
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    const plaintext = Buffer.concat([decipher.update(blob.subarray(76, blob.length - 16)), decipher.final()]);
    return { KeyId: keyId, Plaintext: new Uint8Array(plaintext) };
  });
  return kms;
}
