/**
 * One small sealed part under a keyring, padded to whole blocks so its length
 * says little, and opened only under the encryption context it was sealed with
 * (a part moved onto another report, message or force does not open). The
 * referral targets and the receipt channel's messages are both sealed this way.
 */
import { AlgorithmSuiteIdentifier, type KeyringNode } from '@aws-crypto/material-management-node';
import { decrypt, encrypt, SealedPartError } from './envelope-report-cipher';

/**
 * @example
 * const sealed = await sealPadded(keyrings.report, { charityId }, { 'safe-pathway:report': reportId }, 256);
 */
export async function sealPadded(keyring: KeyringNode, value: unknown, context: Record<string, string>, padBytes: number): Promise<Uint8Array> {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const plaintext = Buffer.alloc(Math.ceil((json.byteLength + 1) / padBytes) * padBytes, 0x20);
  json.copy(plaintext);
  const { result } = await encrypt(keyring, plaintext, {
    suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    encryptionContext: context,
  });
  return new Uint8Array(result.buffer, result.byteOffset, result.byteLength);
}

/**
 * Opens a part sealed by {@link sealPadded}, refusing it unless every entry of `context` matches.
 *
 * @example
 * const target = await openPadded<ReferralTarget>(keyrings.report, sealed, { 'safe-pathway:report': reportId });
 */
export async function openPadded<T>(keyring: KeyringNode, sealed: Uint8Array, context: Record<string, string>): Promise<T> {
  let output;
  try {
    output = await decrypt(keyring, sealed);
  } catch (error) {
    throw new SealedPartError('body', (error as Error).name || 'decrypt failed');
  }
  for (const [key, value] of Object.entries(context)) {
    if (output.messageHeader.encryptionContext[key] !== value) throw new SealedPartError('body', `encryption context ${key} does not match`);
  }
  return JSON.parse(output.plaintext.toString('utf8')) as T;
}
