/**
 * The report cipher on the AWS Encryption SDK: envelope encryption with a
 * fresh data key per sealed part, each bound to its force, report and data
 * class by the encryption context, and wrapped by the report's own key under
 * the force's `report` or `safeguarding` key (./report-keys.ts: one KMS call
 * per report and key, not one per part).
 */
import type { ImmigrationSection, ReportBody } from '../../../schemas/report';
import type { ReportCipher, SealContext } from '../../domain/report';
import type { HintContext, SupportNeeds } from '../../domain/queue/needs-hint';
import { SEALED_FIELD_MAX_CHARS, type SealedField, type SealedText, type TextBinding, type TextKey, type TextSealer } from '../../domain/audit/sealed-text';
import { PROTECTED_SECTION_BYTES } from './protected-size';
import type { ReportKeyrings } from './keyrings';
import { CONTEXT_KEYS, heldReportKeys, openUnderReportKey, sealUnderReportKey, type HeldReportKeys, type KeyPurpose } from './report-keys';
import { classesOfPart, mergeBody, splitBody, WHOLE_BODY_PART } from '../../domain/retention/parts';
import { frameParts, LEGACY_BODY_PART, unframeParts } from '../../domain/retention/sealed-body';

export { CONTEXT_KEYS } from './report-keys';

/** The data-class context of a body part (its classes are in the `part` key), and of a body sealed whole before parts. */
const BODY_PART_CLASS = 'report-body-part';
const WHOLE_BODY_CLASS = 'report-body';

/**
 * Every queue entry's needs hint is padded to this one size, so its length
 * cannot tell a short tag (`en`) from a longer one (`pa-Guru`): the largest
 * hint the contract allows (a 35-character tag) fits with room to spare.
 */
export const NEEDS_HINT_PAD_BYTES = 128;

/**
 * Sealed protected sections are all padded to this one size, derived from the
 * contract's maximum lengths (./protected-size.ts), so size says nothing.
 */
export const PROTECTED_PAD_BYTES = PROTECTED_SECTION_BYTES;

/** Raised when a sealed part does not open: wrong key, wrong binding, or tampering. */
export class SealedPartError extends Error {
  constructor(readonly part: 'body' | 'protected' | 'text' | 'needs', reason: string) {
    super(`sealed ${part} did not open: ${reason}`);
    this.name = 'SealedPartError';
  }
}

/**
 * @example
 * const cipher = new EnvelopeReportCipher(localKeyrings('.local/keys/xy'));
 * const sealed = await cipher.sealBody(body, { forceId, reportId });
 */
export class EnvelopeReportCipher implements ReportCipher, TextSealer {
  constructor(private readonly keyrings: ReportKeyrings) {}

  /**
   * Seals each part as its own Encryption SDK message (own data key), all
   * started at once, bound to force, report and part; framed together.
   */
  async sealBody(body: ReportBody, context: SealContext, parts: readonly string[] = [WHOLE_BODY_PART]): Promise<Uint8Array> {
    const pieces = splitBody(body, parts);
    const keys = heldReportKeys();
    const sealed = await Promise.all(
      [...pieces.entries()].map(async ([part, piece]) => {
        if (!classesOfPart(part)) throw new SealedPartError('body', `unknown part ${part}`);
        return { part, sealed: await this.seal(keys, 'report', Buffer.from(JSON.stringify(piece)), context, BODY_PART_CLASS, part) };
      }),
    );
    return frameParts(sealed);
  }

  sealProtected(section: ImmigrationSection | undefined, context: SealContext): Promise<Uint8Array> {
    return this.seal(heldReportKeys(), 'safeguarding', padded(JSON.stringify({ section: section ?? null })), context, 'protected-immigration');
  }

  /** Opens every part still held (in parallel) and merges them: the fields of a removed part are absent. */
  async openBody(sealed: Uint8Array, context: SealContext): Promise<ReportBody> {
    let framed;
    try {
      framed = unframeParts(sealed);
    } catch (error) {
      throw new SealedPartError('body', (error as Error).message);
    }
    const keys = heldReportKeys();
    const pieces = await Promise.all(
      framed.map(async ({ part, sealed: message }) => {
        const legacy = part === LEGACY_BODY_PART;
        if (!legacy && !classesOfPart(part)) throw new SealedPartError('body', `unknown part ${part}`);
        const plaintext = await this.open(keys, 'report', message, context, legacy ? WHOLE_BODY_CLASS : BODY_PART_CLASS, 'body', legacy ? undefined : part);
        return JSON.parse(plaintext.toString('utf8')) as Record<string, unknown>;
      }),
    );
    return mergeBody(pieces);
  }

  async openProtected(sealed: Uint8Array, context: SealContext): Promise<ImmigrationSection | undefined> {
    const plaintext = await this.open(heldReportKeys(), 'safeguarding', sealed, context, 'protected-immigration', 'protected');
    // JSON.parse ignores the trailing padding spaces.
    const { section } = JSON.parse(plaintext.toString('utf8')) as { section: ImmigrationSection | null };
    return section ?? undefined;
  }

  /** Seals the queue entry's support-needs hint: class `support`, part `queue-needs`, padded to one size. */
  async sealNeeds(needs: SupportNeeds, context: HintContext): Promise<Uint8Array> {
    const json = Buffer.from(JSON.stringify({ language: needs.language, interpreterNeeded: needs.interpreterNeeded }), 'utf8');
    if (json.byteLength > NEEDS_HINT_PAD_BYTES) throw new PaddingOverflowError('needs hint');
    const plaintext = Buffer.alloc(NEEDS_HINT_PAD_BYTES, 0x20);
    json.copy(plaintext);
    return this.seal(heldReportKeys(), 'report', plaintext, context, 'support', NEEDS_PART);
  }

  async openNeeds(sealed: Uint8Array, context: HintContext): Promise<SupportNeeds> {
    const plaintext = await this.open(heldReportKeys(), 'report', sealed, context, 'support', 'needs', NEEDS_PART);
    const value = JSON.parse(plaintext.toString('utf8')) as Partial<SupportNeeds>;
    if (typeof value.language !== 'string' || typeof value.interpreterNeeded !== 'boolean') throw new SealedPartError('needs', 'unexpected content');
    return { language: value.language, interpreterNeeded: value.interpreterNeeded };
  }

  /** Seals staff text or a recipient id, padded to its field's one size, bound to force, report, purpose and field. */
  async sealText(text: string, key: TextKey, binding: TextBinding): Promise<SealedText> {
    const sealed = await sealUnderReportKey(heldReportKeys(), this.keyrings[key], key, binding, paddedText(text, binding.field), textContext(binding));
    return { key, sealed: Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength).toString('base64') };
  }

  async openText(sealed: SealedText, binding: TextBinding): Promise<string> {
    let output;
    try {
      output = await openUnderReportKey(heldReportKeys(), this.keyrings[sealed.key], sealed.key, binding, Buffer.from(sealed.sealed, 'base64'));
    } catch (error) {
      throw new SealedPartError('text', (error as Error).name || 'decrypt failed');
    }
    for (const [name, value] of Object.entries(textContext(binding))) {
      if (output.encryptionContext[name] !== value) throw new SealedPartError('text', `encryption context ${name} does not match`);
    }
    const length = output.plaintext.readUInt32BE(0);
    return output.plaintext.subarray(4, 4 + length).toString('utf8');
  }

  private seal(keys: HeldReportKeys, purpose: KeyPurpose, plaintext: Buffer, context: SealContext, dataClass: string, part?: string): Promise<Uint8Array> {
    return sealUnderReportKey(keys, this.keyrings[purpose], purpose, context, plaintext, encryptionContext(context, dataClass, part));
  }

  private async open(
    keys: HeldReportKeys,
    purpose: KeyPurpose,
    sealed: Uint8Array,
    context: SealContext,
    dataClass: string,
    part: 'body' | 'protected' | 'needs',
    contextPart?: string,
  ): Promise<Buffer> {
    let output;
    try {
      output = await openUnderReportKey(keys, this.keyrings[purpose], purpose, context, sealed);
    } catch (error) {
      throw new SealedPartError(part, (error as Error).name || 'decrypt failed');
    }
    const expected = encryptionContext(context, dataClass, contextPart);
    const actual = output.encryptionContext;
    // A message opens only as the part it was sealed as: a body part, the hint, or (no part) the protected section or a body sealed whole.
    if ((actual[CONTEXT_KEYS.part] ?? undefined) !== contextPart) throw new SealedPartError(part, `encryption context ${CONTEXT_KEYS.part} does not match`);
    for (const [key, value] of Object.entries(expected)) {
      // A ciphertext moved onto another report or class must not open there.
      if (actual[key] !== value) throw new SealedPartError(part, `encryption context ${key} does not match`);
    }
    return output.plaintext;
  }
}

/** The part name of the queue entry's needs hint in its encryption context. */
const NEEDS_PART = 'queue-needs';

function encryptionContext(context: SealContext, dataClass: string, part?: string): Record<string, string> {
  return {
    [CONTEXT_KEYS.force]: context.forceId,
    [CONTEXT_KEYS.report]: context.reportId,
    [CONTEXT_KEYS.dataClass]: dataClass,
    // A part moved under another part's id (or onto another report) does not open.
    ...(part ? { [CONTEXT_KEYS.part]: part } : {}),
  };
}

/** Raised when a part is larger than its one padded size allows: the contract and the size have drifted apart. */
export class PaddingOverflowError extends Error {
  constructor(readonly part: string) {
    super(`${part} is larger than its padded size`);
    this.name = 'PaddingOverflowError';
  }
}

function padded(json: string): Buffer {
  const bytes = Buffer.from(json, 'utf8');
  // Never a second size: a section that does not fit is a contract change the size must follow.
  if (bytes.byteLength > PROTECTED_PAD_BYTES) throw new PaddingOverflowError('protected section');
  const out = Buffer.alloc(PROTECTED_PAD_BYTES, 0x20);
  bytes.copy(out);
  return out;
}

function textContext(binding: TextBinding): Record<string, string> {
  return {
    [CONTEXT_KEYS.force]: binding.forceId,
    [CONTEXT_KEYS.report]: binding.reportId,
    [CONTEXT_KEYS.purpose]: binding.purpose,
    [CONTEXT_KEYS.dataClass]: `staff-text:${binding.field}`,
  };
}

/** Length-prefixed UTF-8, zero-padded to the field's one size (3 bytes per UTF-16 unit is UTF-8's worst case). */
function paddedText(text: string, field: SealedField): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const size = 4 + SEALED_FIELD_MAX_CHARS[field] * 3;
  if (text.length > SEALED_FIELD_MAX_CHARS[field] || 4 + bytes.byteLength > size) throw new PaddingOverflowError(field);
  const out = Buffer.alloc(size, 0);
  out.writeUInt32BE(bytes.byteLength, 0);
  bytes.copy(out, 4);
  return out;
}
