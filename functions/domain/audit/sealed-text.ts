/**
 * Text staff type about a report (the reason for opening the protected
 * section, a suspect check's justification) and the ids of disclosure
 * recipients are never stored in plaintext: the audit trail seals them with
 * the Encryption SDK, bound to force, report, purpose and field, under the key
 * of the most protected class they may touch. Only a reason CODE stays in
 * plaintext, for counting. Supervisors read the words back through `GET /audit`,
 * which opens what their role may read.
 */

/** Which of the force's two keys seals a text: `safeguarding` for anything typed about the protected section. */
export type TextKey = 'report' | 'safeguarding';
import { DomainError } from '../errors';

/** What is sealed: the field names a text's place, and is bound into the encryption context. */
export type SealedField = 'justification' | 'recipient';

/** A sealed text as stored: the key that opens it, and the Encryption SDK message, base64. */
export interface SealedText {
  key: TextKey;
  sealed: string;
}

/** The binding a sealed text carries, checked again on opening: a text moved to another record does not open. */
export interface TextBinding {
  forceId: string;
  reportId: string;
  purpose: string;
  field: SealedField;
}

/**
 * Seals and opens short texts. Sealed texts are padded to one size per field
 * (from the field's maximum length), so their size says nothing either.
 *
 * @example
 * const sealed = await sealer.sealText('victim asked for advice', 'safeguarding', { forceId, reportId, purpose: 'safeguarding', field: 'justification' });
 */
export interface TextSealer {
  sealText(text: string, key: TextKey, binding: TextBinding): Promise<SealedText>;
  openText(sealed: SealedText, binding: TextBinding): Promise<string>;
}

/** The largest text each field may hold, in UTF-16 code units (the unit zod's `max` counts). */
export const SEALED_FIELD_MAX_CHARS: Record<SealedField, number> = { justification: 2_000, recipient: 128 };

/** Raised when a text should be sealed but the function was built without a sealer: a wiring bug, never a user's. */
export class NoTextSealerError extends DomainError {
  constructor() {
    super('this audit trail was built without a text sealer');
    this.name = 'NoTextSealerError';
  }
}
