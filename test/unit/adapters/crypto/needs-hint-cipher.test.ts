/**
 * The queue's sealed support-needs hint on the Encryption SDK: one padded
 * size, bound to force, report, class and part, and what it costs in KMS
 * calls (KMS mocked at the SDK boundary by a fake that really wraps keys).
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeReportCipher } from '../../../../functions/adapters/crypto/envelope-report-cipher';
import { kmsKeyrings } from '../../../../functions/adapters/crypto/keyrings';
import { heldReportKeys, openUnderReportKey } from '../../../../functions/adapters/crypto/report-keys';
import { acceptReport } from '../../../../functions/domain/intake/accept-report';
import { openNeedsHints } from '../../../../functions/domain/queue/needs-hint';
import type { NewReport } from '../../../../functions/domain/report';
import { withDeadline } from '../../../../functions/domain/request-deadline';
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

  it('costs the intake no KMS call of its own: sealed under the report’s one report key, with class support and its part in its own context', async () => {
    kms = fakeKms();
    const keyrings = kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client: new KMSClient({ region: 'eu-west-2' }) });
    const cipher = new EnvelopeReportCipher(keyrings);
    const written: NewReport[] = [];
    const submission = ReportSubmissionSchema.parse({ ...fullSubmission(), support: { language: 'pl', interpreterNeeded: true } });
    await withDeadline(new AbortController().signal, () =>
      acceptReport(
        { forceId, cipher, writer: { create: async (report) => void written.push(report) }, receipts: new ReceiptBook(new Uint8Array(32).fill(7)), retentionDays: 30 },
        submission,
      ),
    );
    const reportId = written[0]?.routing.reportId as string;
    const calls = kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input);
    // One report key under each force key: the hint shares the report key with the body's parts.
    expect(kms.calls()).toHaveLength(2);
    expect(calls.map((input) => input.KeyId).sort()).toEqual([REPORT_KEY, SAFEGUARDING_KEY].sort());
    const opened = await openUnderReportKey(heldReportKeys(), keyrings.report, 'report', { forceId, reportId }, written[0]?.sealedNeeds as Uint8Array);
    expect(opened.encryptionContext).toEqual({
      'safe-pathway:force': forceId,
      'safe-pathway:report': reportId,
      'safe-pathway:data-class': 'support',
      'safe-pathway:part': 'queue-needs',
    });
  });

  it('costs a queue page one Decrypt under the report key per entry shown, and nothing under the safeguarding key', async () => {
    kms = fakeKms();
    const cipher = new EnvelopeReportCipher(kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client: new KMSClient({ region: 'eu-west-2' }) }));
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
