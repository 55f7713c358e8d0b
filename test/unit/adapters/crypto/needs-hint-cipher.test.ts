/**
 * The queue's sealed support-needs hint on the Encryption SDK: one padded
 * size, bound to force, report, class and part, and what it costs in KMS
 * calls (KMS mocked at the SDK boundary by a fake that really wraps keys).
 */
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { KMS } from '@aws-crypto/kms-keyring-node';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeReportCipher } from '../../../../functions/adapters/crypto/envelope-report-cipher';
import { kmsKeyrings } from '../../../../functions/adapters/crypto/keyrings';
import { acceptReport } from '../../../../functions/domain/intake/accept-report';
import { openNeedsHints } from '../../../../functions/domain/queue/needs-hint';
import type { NewReport } from '../../../../functions/domain/report';
import { ReceiptBook } from '../../../../functions/domain/receipts/receipt';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { fakeKms, REPORT_KEY, SAFEGUARDING_KEY } from '../../../support/fake-kms';
import { fullSubmission } from '../../../support/reports';
import { testCipher } from '../../../support/test-cipher';

const forceId = 'example-north';
const context = { forceId, reportId: '11111111-1111-4111-8111-111111111111' };

describe('the sealed needs hint', () => {
  let kms: ReturnType<typeof fakeKms> | undefined;
  afterEach(() => kms?.restore());

  it('is one size whatever the language: a two-letter tag and the longest allowed tag seal to the same length', async () => {
    const cipher = testCipher();
    const short = await cipher.sealNeeds({ language: 'en', interpreterNeeded: false }, context);
    const long = await cipher.sealNeeds({ language: `pa-${'Guru1234-'.repeat(3)}abcdefgh`.slice(0, 35), interpreterNeeded: true }, context);
    expect(long.byteLength).toBe(short.byteLength);
  });

  it('refuses a hint larger than its one size rather than write a second size', async () => {
    await expect(testCipher().sealNeeds({ language: `x${'-abcdefgh'.repeat(20)}`, interpreterNeeded: false }, context)).rejects.toThrow(/padded size/);
  });

  it('does not open as the report body, and the body does not open as a hint', async () => {
    const cipher = testCipher();
    const { immigration: _immigration, ...body } = ReportSubmissionSchema.parse(fullSubmission());
    const hint = await cipher.sealNeeds({ language: 'ar', interpreterNeeded: true }, context);
    const sealedBody = await cipher.sealBody(body, context);
    await expect(cipher.openBody(hint, context)).rejects.toThrow(/did not open/);
    await expect(cipher.openNeeds(sealedBody, context)).rejects.toThrow(/did not open/);
    await expect(cipher.openNeeds(hint, context)).resolves.toEqual({ language: 'ar', interpreterNeeded: true });
  });

  it('costs the intake one more GenerateDataKey under the report key, with class support and its part in the context', async () => {
    kms = fakeKms();
    const cipher = new EnvelopeReportCipher(kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client: new KMS({ region: 'eu-west-2' }) }));
    const written: NewReport[] = [];
    const submission = ReportSubmissionSchema.parse({ ...fullSubmission(), support: { language: 'pl', interpreterNeeded: true } });
    await acceptReport(
      { forceId, cipher, writer: { create: async (report) => void written.push(report) }, receipts: new ReceiptBook(new Uint8Array(32).fill(7)), retentionDays: 30 },
      submission,
    );
    const calls = kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input);
    expect(kms.calls()).toHaveLength(3);
    expect(calls.map((input) => input.KeyId).sort()).toEqual([REPORT_KEY, REPORT_KEY, SAFEGUARDING_KEY].sort());
    expect(calls.find((input) => input.EncryptionContext?.['safe-pathway:part'] === 'queue-needs')?.EncryptionContext).toEqual({
      'safe-pathway:force': forceId,
      'safe-pathway:report': written[0]?.routing.reportId,
      'safe-pathway:data-class': 'support',
      'safe-pathway:part': 'queue-needs',
    });
    expect(written[0]?.sealedNeeds).toBeInstanceOf(Uint8Array);
  });

  it('costs a queue page one Decrypt under the report key per entry shown, and nothing under the safeguarding key', async () => {
    kms = fakeKms();
    const cipher = new EnvelopeReportCipher(kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client: new KMS({ region: 'eu-west-2' }) }));
    const entries = await Promise.all(
      Array.from({ length: 25 }, async (_, i) => {
        const reportId = `22222222-2222-4222-8222-${String(i).padStart(12, '0')}`;
        return { reportId, sealedNeeds: await cipher.sealNeeds({ language: 'so', interpreterNeeded: i % 3 === 0 }, { forceId, reportId }) };
      }),
    );
    kms.resetHistory();
    const needs = await openNeedsHints(entries, cipher, forceId, { remainingMs: () => 10_000 });
    expect([...needs.values()].filter(Boolean)).toHaveLength(25);
    expect(kms.calls()).toHaveLength(25);
    expect(kms.commandCalls(DecryptCommand).every((call) => call.args[0].input.KeyId === REPORT_KEY)).toBe(true);
  });
});
