/**
 * The KMS path, with KMS mocked at the SDK boundary (aws-sdk-client-mock):
 * a fake KMS that really wraps keys with a per-key AES key and binds the
 * encryption context (test/support/fake-kms.ts), so the whole hierarchy runs:
 * one KMS data key per report and force key (the report key), one Encryption
 * SDK data key per sealed part wrapped by it.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeReportCipher, SealedPartError } from '../../../../functions/adapters/crypto/envelope-report-cipher';
import { kmsKeyrings, localKeySource, type ReportKeySource } from '../../../../functions/adapters/crypto/keyrings';
import { EnvelopeMessageCipher } from '../../../../functions/adapters/crypto/message-cipher';
import { EnvelopeReferralTargetSealer } from '../../../../functions/adapters/crypto/referral-target-sealer';
import { heldReportKeys, openUnderReportKey, reportKeyContext } from '../../../../functions/adapters/crypto/report-keys';
import { acceptReport } from '../../../../functions/domain/intake/accept-report';
import type { Charity } from '../../../../functions/domain/referrals/directory';
import { ReceiptBook } from '../../../../functions/domain/receipts/receipt';
import type { NewReport } from '../../../../functions/domain/report';
import { withDeadline } from '../../../../functions/domain/request-deadline';
import { frameParts, unframeParts } from '../../../../functions/domain/retention/sealed-body';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { fakeKms, REPORT_KEY, SAFEGUARDING_KEY, type FakeKms } from '../../../support/fake-kms';
import { fullSubmission } from '../../../support/reports';
import { charity as charityOf } from '../../../support/charities';

const forceId = 'example-north';
const submission = ReportSubmissionSchema.parse(fullSubmission());
const { immigration, ...body } = submission;

const charity = (id: string, recipientType: Charity['recipientTypes'][number]) => charityOf(id, { recipientTypes: [recipientType] });

/** One invocation: the request's own asynchronous context, as `boundedByRemainingTime` gives every handler. */
const invocation = <T>(work: () => Promise<T>): Promise<T> => withDeadline(new AbortController().signal, work);

const ciphers = (keyrings = kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client: new KMSClient({ region: 'eu-west-2' }) })) => ({
  cipher: new EnvelopeReportCipher(keyrings),
  targets: new EnvelopeReferralTargetSealer(keyrings),
  messages: new EnvelopeMessageCipher(keyrings),
});

/** A submitted report with its protected section, four body parts (one per retention period) and two referrals. */
async function submitted(kms: FakeKms) {
  const { cipher, targets } = ciphers();
  const written: NewReport[] = [];
  await invocation(() =>
    acceptReport(
      {
        forceId,
        cipher,
        writer: { create: async (report) => void written.push(report) },
        receipts: new ReceiptBook(new Uint8Array(32).fill(7)),
        retentionDays: 365,
        classRetentionDays: { contact: 30, identity: 60, support: 90 },
        referrals: { charities: [charity('north-idva', 'idva'), charity('north-da', 'local-da-service')], targets },
      },
      submission,
    ),
  );
  const report = written[0] as NewReport;
  const generated = kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input);
  kms.resetHistory();
  return { report, generated, reportId: report.routing.reportId };
}

describe('KMS keyrings: one report key per report and force key', () => {
  let kms: FakeKms;
  afterEach(() => kms.restore());

  it('seals a submitted report with protected data, every body part, the needs hint and two referrals with exactly two GenerateDataKey calls, and no Decrypt', async () => {
    kms = fakeKms();
    const { report, generated, reportId } = await submitted(kms);
    expect(unframeParts(report.sealedBody).length).toBeGreaterThan(1);
    expect(report.referrals).toHaveLength(2);
    expect(generated.map((input) => input.KeyId).sort()).toEqual([REPORT_KEY, SAFEGUARDING_KEY].sort());
    expect(generated.map((input) => input.EncryptionContext)).toEqual(
      expect.arrayContaining([reportKeyContext('report', { forceId, reportId }), reportKeyContext('safeguarding', { forceId, reportId })]),
    );
    expect(generated.every((input) => input.NumberOfBytes === 32)).toBe(true);
    // The plaintext report keys KMS handed out are zeroed once the keyrings hold them.
    expect(kms.handedOut.every((key) => key.every((byte) => byte === 0))).toBe(true);
  });

  it('opens everything of a report in one invocation with one Decrypt per key, and again (not from a cache) in the next invocation', async () => {
    kms = fakeKms();
    const { report, reportId } = await submitted(kms);
    const { cipher, targets } = ciphers();
    const seal = { forceId, reportId };
    const read = () =>
      invocation(async () => {
        const [opened, section, needs, ...referrals] = await Promise.all([
          cipher.openBody(report.sealedBody, seal),
          cipher.openProtected(report.sealedProtected, seal),
          cipher.openNeeds(report.sealedNeeds, seal),
          ...(report.referrals ?? []).map((referral) => targets.open(referral.sealedTarget, seal)),
        ]);
        return { opened, section, needs, referrals };
      });
    const first = await read();
    expect(first.opened).toEqual(body);
    expect(first.section).toEqual(immigration);
    expect(first.needs).toEqual({ language: 'pl', interpreterNeeded: true });
    expect(first.referrals.map((target) => target.charityId).sort()).toEqual(['north-da', 'north-idva']);
    expect(kms.commandCalls(DecryptCommand).map((call) => call.args[0].input.KeyId).sort()).toEqual([REPORT_KEY, SAFEGUARDING_KEY].sort());
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(0);
    await read();
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(4);
    expect(kms.handedOut.every((key) => key.every((byte) => byte === 0))).toBe(true);
  });

  it('costs a call-handler read (body and needs hint) one Decrypt under the report key, and a re-seal, a message and a staff note in the same invocation no further KMS call', async () => {
    kms = fakeKms();
    const { report, reportId } = await submitted(kms);
    const { cipher, messages } = ciphers();
    const seal = { forceId, reportId };
    await invocation(async () => {
      const opened = await cipher.openBody(report.sealedBody, seal);
      await cipher.openNeeds(report.sealedNeeds, seal);
      const resealed = await cipher.sealBody(opened, seal, unframeParts(report.sealedBody).map((part) => part.part));
      const message = await messages.seal('We have read your report.', { ...seal, messageId: 'm-1', dataClass: 'staff-message' });
      const note = await cipher.sealText('called back', 'report', { ...seal, purpose: 'safeguarding', field: 'justification' });
      await expect(cipher.openBody(resealed, seal)).resolves.toEqual(body);
      await expect(messages.open(message, { ...seal, messageId: 'm-1', dataClass: 'staff-message' })).resolves.toBe('We have read your report.');
      await expect(cipher.openText(note, { ...seal, purpose: 'safeguarding', field: 'justification' })).resolves.toBe('called back');
    });
    expect(kms.calls().map((call) => (call.args[0] as { input: { KeyId?: string } }).input.KeyId)).toEqual([REPORT_KEY]);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(1);
  });

  it('never opens one report with another report’s key: a part moved onto another report fails at its report key', async () => {
    kms = fakeKms();
    const first = await submitted(kms);
    const second = await submitted(kms);
    const { cipher } = ciphers();
    await invocation(async () => {
      await expect(cipher.openBody(first.report.sealedBody, { forceId, reportId: first.reportId })).resolves.toEqual(body);
      await expect(cipher.openBody(first.report.sealedBody, { forceId, reportId: second.reportId })).rejects.toThrow(/did not open: InvalidCiphertextException/);
      await expect(cipher.openBody(second.report.sealedBody, { forceId, reportId: second.reportId })).resolves.toEqual(body);
    });
  });
});

describe('report keys as KMS hands them out', () => {
  it('works with a plaintext that is a view into a shared (pooled) buffer, as the KMS client may answer, and zeroes it', async () => {
    const handedOut: Uint8Array[] = [];
    const pooled = (bytes: Uint8Array) => {
      const shared = Buffer.concat([Buffer.alloc(7), bytes, Buffer.alloc(9)]);
      const view = new Uint8Array(shared.buffer, shared.byteOffset + 7, bytes.byteLength);
      handedOut.push(view);
      return view;
    };
    const inner = localKeySource(new Uint8Array(randomBytes(32)));
    const source: ReportKeySource = {
      generate: async (context) => {
        const key = await inner.generate(context);
        return { ...key, plaintext: pooled(key.plaintext) };
      },
      unwrap: async (wrapped, context) => pooled(await inner.unwrap(wrapped, context)),
    };
    const cipher = new EnvelopeReportCipher({ report: source, safeguarding: source });
    const seal = { forceId, reportId: 'r-pooled' };
    const sealed = await cipher.sealBody(body, seal);
    await expect(cipher.openBody(sealed, seal)).resolves.toEqual(body);
    expect(handedOut).toHaveLength(2);
    expect(handedOut.every((key) => key.every((byte) => byte === 0))).toBe(true);
  });
});

describe('the immigration firewall under report keys', () => {
  let kms: FakeKms;
  afterEach(() => kms.restore());

  it('keeps the protected section closed to a function granted only the report KMS key, while the body opens', async () => {
    kms = fakeKms();
    const { report, reportId } = await submitted(kms);
    kms.grantOnly([REPORT_KEY]);
    const { cipher } = ciphers();
    const seal = { forceId, reportId };
    await invocation(async () => {
      await expect(cipher.openBody(report.sealedBody, seal)).resolves.toEqual(body);
      await expect(cipher.openProtected(report.sealedProtected, seal)).rejects.toThrow(/did not open: AccessDeniedException/);
    });
  });

  it('does not hand a safeguarding report key opened in this invocation to another cipher whose keys may not open it', async () => {
    kms = fakeKms();
    const { report, reportId } = await submitted(kms);
    const seal = { forceId, reportId };
    await invocation(async () => {
      await expect(ciphers().cipher.openProtected(report.sealedProtected, seal)).resolves.toEqual(immigration);
      kms.grantOnly([REPORT_KEY]);
      await expect(ciphers().cipher.openProtected(report.sealedProtected, seal)).rejects.toThrow(/did not open: AccessDeniedException/);
    });
  });

  it('does not open the protected section with the report’s own report key, however the parts are re-framed', async () => {
    kms = fakeKms();
    const { report, reportId } = await submitted(kms);
    const seal = { forceId, reportId };
    const keyrings = kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client: new KMSClient({ region: 'eu-west-2' }) });
    const bodyPart = Buffer.from(unframeParts(report.sealedBody)[0]?.sealed as Uint8Array);
    const protectedPart = Buffer.from(report.sealedProtected);
    const reportKeyLength = bodyPart.readUInt16BE(1);
    const protectedKeyLength = protectedPart.readUInt16BE(1);
    // The protected section's message behind the report key's wrapped blob: the report key opens, the message does not.
    const reframed = Buffer.concat([bodyPart.subarray(0, 3 + reportKeyLength), protectedPart.subarray(3 + protectedKeyLength)]);
    await invocation(async () => {
      await expect(openUnderReportKey(heldReportKeys(), keyrings.report, 'report', seal, reframed)).rejects.toThrow();
      // A cipher wired with the report key in the safeguarding slot (a mis-wired stack) cannot open it either.
      const misWired = new EnvelopeReportCipher({ report: keyrings.report, safeguarding: keyrings.report });
      await expect(misWired.openProtected(report.sealedProtected, seal)).rejects.toBeInstanceOf(SealedPartError);
      await expect(misWired.openProtected(new Uint8Array(reframed), seal)).rejects.toBeInstanceOf(SealedPartError);
    });
    // Every Decrypt that reached KMS named the report key; none returned the safeguarding key.
    expect(kms.commandCalls(DecryptCommand).every((call) => call.args[0].input.KeyId === REPORT_KEY)).toBe(true);
  });
});

describe('crypto-shredding one part under a shared report key', () => {
  let kms: FakeKms;
  afterEach(() => kms.restore());

  it('leaves the other parts readable once one part’s message is deleted, and that part unrecoverable from what is left', async () => {
    kms = fakeKms();
    const { report, reportId } = await submitted(kms);
    const seal = { forceId, reportId };
    const { cipher } = ciphers();
    const keyrings = kmsKeyrings({ reportKeyArn: REPORT_KEY, safeguardingKeyArn: SAFEGUARDING_KEY, client: new KMSClient({ region: 'eu-west-2' }) });
    const parts = unframeParts(report.sealedBody);
    const gone = parts[parts.length - 1] as (typeof parts)[number];
    const left = parts.filter((part) => part !== gone);
    // Each part carries its own data key: no two parts' messages share a header (where the encrypted data key is).
    const messages = parts.map(({ sealed }) => Buffer.from(sealed).subarray(3 + Buffer.from(sealed).readUInt16BE(1)));
    expect(new Set(messages.map((message) => message.subarray(0, 200).toString('base64'))).size).toBe(parts.length);
    await invocation(async () => {
      const piece = async (sealed: Uint8Array) => JSON.parse((await openUnderReportKey(heldReportKeys(), keyrings.report, 'report', seal, sealed)).plaintext.toString('utf8')) as Record<string, unknown>;
      const removed = leaves(await piece(gone.sealed));
      expect(removed.length).toBeGreaterThan(0);
      const after = await cipher.openBody(frameParts(left), seal);
      const held = leaves(after as unknown as Record<string, unknown>);
      // The other parts open whole; nothing of the deleted part is among what opens.
      for (const { sealed } of left) expect(held).toEqual(expect.arrayContaining(leaves(await piece(sealed))));
      expect(held.filter((leaf) => removed.includes(leaf))).toEqual([]);
    });
  });
});

/** Every leaf of an object as `path=value`, so two pieces of one body can be compared field by field. */
function leaves(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}=${JSON.stringify(value)}`];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, `${path}/${key}`));
}
