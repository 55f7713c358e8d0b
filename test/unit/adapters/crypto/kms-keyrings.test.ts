/**
 * The KMS path, with KMS mocked at the SDK boundary (aws-sdk-client-mock):
 * a mocked KMS that really wraps data keys with a local AES key, so the
 * Encryption SDK's full envelope runs.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { KMS } from '@aws-crypto/client-node';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeReportCipher } from '../../../../functions/adapters/crypto/envelope-report-cipher';
import { kmsKeyrings } from '../../../../functions/adapters/crypto/keyrings';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { fullSubmission } from '../../../support/reports';

const REPORT_KEY = 'arn:aws:kms:eu-west-2:111122223333:key/report-key';
const SAFEGUARDING_KEY = 'arn:aws:kms:eu-west-2:111122223333:key/safeguarding-key';

/** A fake KMS key store: each key id wraps data keys under its own AES key. */
function fakeKms() {
  const wrapping = new Map([REPORT_KEY, SAFEGUARDING_KEY].map((arn) => [arn, randomBytes(32)]));
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
    const iv = blob.subarray(64, 76);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    const plaintext = Buffer.concat([decipher.update(blob.subarray(76, blob.length - 16)), decipher.final()]);
    return { KeyId: keyId, Plaintext: new Uint8Array(plaintext) };
  });
  return kms;
}

const { immigration, ...body } = ReportSubmissionSchema.parse(fullSubmission());
const context = { forceId: 'example-north', reportId: 'r-1' };

describe('KMS keyrings', () => {
  let kms: ReturnType<typeof fakeKms>;
  afterEach(() => kms.restore());

  it('seals a report with two KMS calls: one data key per key', async () => {
    kms = fakeKms();
    const cipher = new EnvelopeReportCipher(
      kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client: new KMS({ region: 'eu-west-2' }) }),
    );
    const sealedBody = await cipher.sealBody(body, context);
    const sealedProtected = await cipher.sealProtected(immigration, context);
    expect(kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input.KeyId)).toEqual([REPORT_KEY, SAFEGUARDING_KEY]);
    expect(kms.calls()).toHaveLength(2);
    const encryptionContext = kms.commandCalls(GenerateDataKeyCommand)[1]?.args[0].input.EncryptionContext;
    expect(encryptionContext).toMatchObject({ 'safe-pathway:data-class': 'protected-immigration', 'safe-pathway:report': 'r-1' });

    await expect(cipher.openBody(sealedBody, context)).resolves.toEqual(body);
    await expect(cipher.openProtected(sealedProtected, context)).resolves.toEqual(immigration);
  });

  it('keeps the protected section closed to a principal with the report key only', async () => {
    kms = fakeKms();
    const client = new KMS({ region: 'eu-west-2' });
    const cipher = new EnvelopeReportCipher(kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client }));
    const sealedProtected = await cipher.sealProtected(immigration, context);
    const reportReader = new EnvelopeReportCipher(kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: REPORT_KEY, client }));
    await expect(reportReader.openProtected(sealedProtected, context)).rejects.toThrow(/did not open/);
  });
});
