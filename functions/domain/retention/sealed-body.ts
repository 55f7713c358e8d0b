/**
 * A sealed report body as the domain passes it around: the Encryption SDK
 * messages of its parts (./parts.ts), each under its part id, framed in one
 * byte string. Only the cipher opens the messages and only the store splits
 * the frame into one attribute per part (so the retention worker can delete
 * one part's ciphertext); everything between treats it as opaque bytes.
 *
 * Frame: per part, a 1-byte id length, the ASCII id, a 4-byte big-endian
 * message length, the message.
 */
import { classesOfPart, WHOLE_BODY_PART, type BodyClass } from './parts';

/** The id a body sealed whole, before it was sealed in parts, is framed under: it holds every body class. */
export const LEGACY_BODY_PART = 'report-body';

/** One part's sealed message. */
export interface SealedPart {
  part: string;
  sealed: Uint8Array;
}

/** Raised when bytes are not a well-formed sealed body. */
export class SealedBodyFormatError extends Error {
  constructor(reason: string) {
    super(`sealed body is malformed: ${reason}`);
    this.name = 'SealedBodyFormatError';
  }
}

/**
 * @example
 * const sealedBody = frameParts([{ part: 'contact', sealed }]);
 */
export function frameParts(parts: readonly SealedPart[]): Uint8Array {
  const chunks = parts.flatMap(({ part, sealed }) => {
    const id = Buffer.from(part, 'ascii');
    if (id.byteLength === 0 || id.byteLength > 255) throw new SealedBodyFormatError('part id length');
    const head = Buffer.alloc(1 + id.byteLength + 4);
    head.writeUInt8(id.byteLength, 0);
    id.copy(head, 1);
    head.writeUInt32BE(sealed.byteLength, 1 + id.byteLength);
    return [head, Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)];
  });
  const out = Buffer.concat(chunks);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * @example
 * for (const { part, sealed } of unframeParts(report.sealedBody)) …
 */
export function unframeParts(framed: Uint8Array): SealedPart[] {
  const bytes = Buffer.from(framed.buffer, framed.byteOffset, framed.byteLength);
  const parts: SealedPart[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    const idLength = bytes.readUInt8(at);
    if (at + 1 + idLength + 4 > bytes.byteLength) throw new SealedBodyFormatError('truncated header');
    const part = bytes.subarray(at + 1, at + 1 + idLength).toString('ascii');
    const length = bytes.readUInt32BE(at + 1 + idLength);
    const start = at + 1 + idLength + 4;
    if (start + length > bytes.byteLength) throw new SealedBodyFormatError('truncated part');
    parts.push({ part, sealed: new Uint8Array(bytes.subarray(start, start + length)) });
    at = start + length;
  }
  return parts;
}

/**
 * The ids of the parts a sealed body still holds.
 *
 * @example
 * const sealedBody = await cipher.sealBody(changed, context, partsIn(report.sealedBody));
 */
export function partsIn(framed: Uint8Array): string[] {
  return unframeParts(framed).map(({ part }) => part);
}

/**
 * The parts a changed body is sealed into again: those it still holds, so a
 * removed part is never written back (a body sealed whole before parts becomes one whole part).
 *
 * @example
 * const sealedBody = await cipher.sealBody({ ...body, consent }, report, partsToReseal(report.sealedBody));
 */
export function partsToReseal(framed: Uint8Array): string[] {
  return partsIn(framed).map((part) => (part === LEGACY_BODY_PART ? WHOLE_BODY_PART : part));
}

/**
 * Whether a sealed body still holds a class (false once the retention worker removed its part).
 *
 * @example
 * if (!holdsClass(report.sealedBody, 'contact')) throw new ContactPlanRemovedError();
 */
export function holdsClass(framed: Uint8Array, dataClass: BodyClass): boolean {
  return partsToReseal(framed).some((part) => classesOfPart(part)?.includes(dataClass));
}
