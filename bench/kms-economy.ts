/**
 * KMS economy: KMS calls per submitted report, through the real submit
 * handler configured for KMS (KEY_SOURCE=kms), with KMS mocked at the SDK
 * boundary by a fake that really wraps data keys (as in
 * test/unit/adapters/crypto/kms-keyrings.test.ts), and the receipt secret
 * served by a mocked Secrets Manager. DynamoDB is the real DynamoDB Local.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes, randomUUID } from 'node:crypto';
import { fakeKms, REPORT_KEY, SAFEGUARDING_KEY } from '../test/support/fake-kms';
import { fullSubmission, httpEvent, lambdaContext } from '../test/support/reports';

type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

export interface KmsEconomyResult {
  reports: number;
  kmsCalls: number;
  generateDataKey: number;
  decrypt: number;
  perReport: number;
}

/**
 * @example
 * const result = await measureKmsEconomy({ handler, reports: 100, reset });
 */
export async function measureKmsEconomy(options: { handler: Handler; reports: number; reset: () => void }): Promise<KmsEconomyResult> {
  const kms = fakeKms();
  const secrets = mockClient(SecretsManagerClient);
  secrets.on(GetSecretValueCommand).resolves({ SecretString: randomBytes(48).toString('base64') });
  const saved = { ...process.env };
  Object.assign(process.env, {
    KEY_SOURCE: 'kms',
    REPORT_KEY_ARN: REPORT_KEY,
    SAFEGUARDING_KEY_ARN: SAFEGUARDING_KEY,
    RECEIPT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:receipt',
  });
  delete process.env.LOCAL_KEY_DIR;
  options.reset();
  try {
    const body = JSON.stringify(fullSubmission('KMS'));
    for (let i = 0; i < options.reports; i++) {
      const result = await options.handler(httpEvent('POST', '/reports', { body, headers: { 'idempotency-key': randomUUID() } }), lambdaContext());
      if (result.statusCode !== 201) throw new Error(`submit with KMS keys answered ${result.statusCode}`);
    }
    const generateDataKey = kms.commandCalls(GenerateDataKeyCommand).length;
    const decrypt = kms.commandCalls(DecryptCommand).length;
    return { reports: options.reports, kmsCalls: kms.calls().length, generateDataKey, decrypt, perReport: kms.calls().length / options.reports };
  } finally {
    kms.restore();
    secrets.restore();
    process.env = saved;
    options.reset();
  }
}
