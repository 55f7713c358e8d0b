import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvelopeReportCipher, PROTECTED_PAD_BYTES, SealedPartError } from '../../../../functions/adapters/crypto/envelope-report-cipher';
import { ensureLocalKeyMaterial, localKeyrings } from '../../../../functions/adapters/crypto/keyrings';
import { largestProtectedSection } from '../../../../functions/adapters/crypto/protected-size';
import { ImmigrationSchema, ReportSubmissionSchema } from '../../../../schemas/report';
import { fullSubmission } from '../../../support/reports';
import { frameParts, unframeParts } from '../../../../functions/domain/retention/sealed-body';
import { FRAME_BYTES } from '../../../../functions/adapters/crypto/report-keys';
import { NodeAlgorithmSuite } from '@aws-crypto/material-management-node';
import { deserializeFactory } from '@aws-crypto/serialize';

const { deserializeMessageHeader } = deserializeFactory((bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'), NodeAlgorithmSuite);

function localCipher() {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  ensureLocalKeyMaterial(dir);
  return { cipher: new EnvelopeReportCipher(localKeyrings(dir)), keyrings: localKeyrings(dir) };
}

const { immigration, ...body } = ReportSubmissionSchema.parse(fullSubmission());
const context = { forceId: 'example-north', reportId: 'r-1' };

describe('envelope report cipher (local keyrings)', () => {
  const { cipher, keyrings } = localCipher();

  it('round-trips the body and the protected section', async () => {
    await expect(cipher.openBody(await cipher.sealBody(body, context), context)).resolves.toEqual(body);
    await expect(cipher.openProtected(await cipher.sealProtected(immigration, context), context)).resolves.toEqual(immigration);
    await expect(cipher.openProtected(await cipher.sealProtected(undefined, context), context)).resolves.toBeUndefined();
  });

  it('leaves no plaintext in the ciphertext', async () => {
    const sealed = Buffer.from(await cipher.sealBody(body, context)).toString('latin1');
    expect(sealed).not.toContain('CANARY');
  });

  it('detects tampering', async () => {
    const sealed = await cipher.sealBody(body, context);
    const tampered = new Uint8Array(sealed);
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] ?? 0) ^ 0xff;
    await expect(cipher.openBody(tampered, context)).rejects.toBeInstanceOf(SealedPartError);
  });

  it('refuses a ciphertext moved to another report or force', async () => {
    const sealed = await cipher.sealBody(body, context);
    // The report's own key opens only under its force and report, before the message's own context is checked.
    await expect(cipher.openBody(sealed, { ...context, reportId: 'r-2' })).rejects.toThrow(/did not open: ReportKeyError/);
    await expect(cipher.openBody(sealed, { ...context, forceId: 'example-south' })).rejects.toThrow(/did not open: ReportKeyError/);
  });

  it('cannot open the protected section with the report key alone', async () => {
    const sealed = await cipher.sealProtected(immigration, context);
    const reportKeyOnly = new EnvelopeReportCipher({ report: keyrings.report, safeguarding: keyrings.report });
    await expect(reportKeyOnly.openProtected(sealed, context)).rejects.toBeInstanceOf(SealedPartError);
  });

  it('cannot open a report with another force’s keys', async () => {
    const other = localCipher().cipher;
    await expect(other.openBody(await cipher.sealBody(body, context), context)).rejects.toBeInstanceOf(SealedPartError);
  });

  it('hides whether the protected section was answered, and how much', async () => {
    const absent = await cipher.sealProtected(undefined, context);
    const present = await cipher.sealProtected(immigration, context);
    expect(present.byteLength).toBe(absent.byteLength);
    expect(present.byteLength).toBeGreaterThan(PROTECTED_PAD_BYTES);
  });

  it('seals a part as one frame, the protected section padded to its one size included', async () => {
    const frameLengthOf = (sealed: Uint8Array) => {
      // A sealed part: format byte, the wrapped report key's length and bytes, then the Encryption SDK message.
      const bytes = Buffer.from(sealed);
      const header = deserializeMessageHeader(bytes.subarray(3 + bytes.readUInt16BE(1)), { maxEncryptedDataKeys: 1 });
      if (!header) throw new Error('no message header');
      return header.messageHeader.frameLength;
    };
    const sealed = await cipher.sealProtected(immigration, context);
    expect(FRAME_BYTES).toBeGreaterThanOrEqual(PROTECTED_PAD_BYTES);
    expect(frameLengthOf(sealed)).toBe(FRAME_BYTES);
    for (const { sealed: part } of unframeParts(await cipher.sealBody(body, context))) expect(frameLengthOf(part)).toBe(FRAME_BYTES);
  });

  it('seals every allowed protected section to one size, the extreme inputs included', async () => {
    // Limits are in characters as a person sees them (grapheme clusters), each up to four UTF-16 units.
    const max = (field: 'nationality' | 'countryOfBirth' | 'notes') => (ImmigrationSchema.shape[field].unwrap().maxLength as number) / 4;
    // `first` makes the text visible where `unit` alone would not be (the contract refuses invisible-only text).
    const fill = (unit: string, first = unit) =>
      ImmigrationSchema.parse({
        status: 'spouse-or-partner-visa',
        visaDependentOnAbuser: 'dont-know',
        documentsHeldByAbuser: 'dont-know',
        noRecourseToPublicFunds: 'dont-know',
        nationality: first + unit.repeat(max('nationality') - 1),
        countryOfBirth: first + unit.repeat(max('countryOfBirth') - 1),
        notes: first + unit.repeat(max('notes') - 1),
      });
    const sections = [
      undefined,
      {},
      immigration,
      // The long Arabic note that sealed to two blocks on main.
      ImmigrationSchema.parse({ notes: 'ل'.repeat(1_950) }),
      fill('ع'),
      fill('😀'),
      // Four UTF-16 units in one character, each JSON-escaped or multi-byte.
      fill('👍🏽'),
      fill('\u0000', 'x'),
      fill('"'),
      fill('x'),
    ];
    const sizes = new Set<number>();
    for (const section of sections) {
      const sealed = await cipher.sealProtected(section, context);
      sizes.add(sealed.byteLength);
      await expect(cipher.openProtected(sealed, context)).resolves.toEqual(section);
    }
    expect([...sizes]).toHaveLength(1);
    // The size is derived from the contract: the largest allowed section fits exactly.
    expect(PROTECTED_PAD_BYTES).toBe(Buffer.byteLength(JSON.stringify({ section: largestProtectedSection() })));
  });
});

describe('a body sealed in parts', () => {
  const { cipher } = localCipher();
  const parts = ['incident+risk+consent+suspect', 'account+identity', 'special+support', 'contact'];

  it('seals each part as its own message bound to its part, and opens them back into the whole body', async () => {
    const sealed = await cipher.sealBody(body, context, parts);
    const framed = unframeParts(sealed);
    expect(framed.map((part) => part.part)).toEqual(parts);
    expect(new Set(framed.map((part) => Buffer.from(part.sealed).toString('base64'))).size).toBe(4);
    await expect(cipher.openBody(sealed, context)).resolves.toEqual(JSON.parse(JSON.stringify(body)));
  });

  it('opens what is left once a part is removed', async () => {
    const sealed = unframeParts(await cipher.sealBody(body, context, parts)).filter((part) => part.part !== 'contact');
    const opened = await cipher.openBody(frameParts(sealed), context);
    expect(opened).not.toHaveProperty('safeContact');
    expect(opened.incident.account).toBe(body.incident.account);
  });

  it('refuses a part moved under another part’s name', async () => {
    const [first, second] = unframeParts(await cipher.sealBody(body, context, parts));
    const swapped = frameParts([{ part: first!.part, sealed: second!.sealed }]);
    await expect(cipher.openBody(swapped, context)).rejects.toThrow(/encryption context/);
  });
});
