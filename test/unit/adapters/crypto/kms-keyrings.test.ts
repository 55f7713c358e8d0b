/**
 * The KMS path, with KMS mocked at the SDK boundary (aws-sdk-client-mock):
 * a mocked KMS that really wraps data keys with a local AES key, so the
 * Encryption SDK's full envelope runs.
 */
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { KMS } from '@aws-crypto/kms-keyring-node';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeReportCipher } from '../../../../functions/adapters/crypto/envelope-report-cipher';
import { kmsKeyrings } from '../../../../functions/adapters/crypto/keyrings';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { fakeKms, REPORT_KEY, SAFEGUARDING_KEY } from '../../../support/fake-kms';
import { fullSubmission } from '../../../support/reports';

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
