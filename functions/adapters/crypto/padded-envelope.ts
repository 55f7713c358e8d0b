/**
 * One small sealed part under the report's key (./report-keys.ts), padded to
 * whole blocks so its length says little, and opened only under the
 * encryption context it was sealed with (a part moved onto another report,
 * message or force does not open). The referral targets and the receipt
 * channel's messages are both sealed this way.
 */
import type { ReportKeySource } from './keyrings';
import { SealedPartError } from './envelope-report-cipher';
import { heldReportKeys, openUnderReportKey, sealUnderReportKey, type ReportKeyBinding } from './report-keys';

/**
 * @example
 * const sealed = await sealPadded(keyrings.report, { forceId, reportId }, { charityId }, { 'safe-pathway:report': reportId }, 256);
 */
export async function sealPadded(source: ReportKeySource, binding: ReportKeyBinding, value: unknown, context: Record<string, string>, padBytes: number): Promise<Uint8Array> {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const plaintext = Buffer.alloc(Math.ceil((json.byteLength + 1) / padBytes) * padBytes, 0x20);
  json.copy(plaintext);
  return sealUnderReportKey(heldReportKeys(), source, 'report', binding, plaintext, context);
}

/**
 * Opens a part sealed by {@link sealPadded}, refusing it unless every entry of `context` matches.
 *
 * @example
 * const target = await openPadded<ReferralTarget>(keyrings.report, { forceId, reportId }, sealed, { 'safe-pathway:report': reportId });
 */
export async function openPadded<T>(source: ReportKeySource, binding: ReportKeyBinding, sealed: Uint8Array, context: Record<string, string>): Promise<T> {
  let output;
  try {
    output = await openUnderReportKey(heldReportKeys(), source, 'report', binding, sealed);
  } catch (error) {
    throw new SealedPartError('body', (error as Error).name || 'decrypt failed');
  }
  for (const [key, value] of Object.entries(context)) {
    if (output.encryptionContext[key] !== value) throw new SealedPartError('body', `encryption context ${key} does not match`);
  }
  return JSON.parse(output.plaintext.toString('utf8')) as T;
}
