/**
 * Seals the receipt channel's messages (issue 15) under the report key,
 * bound by the encryption context to force, report, message id and data
 * class (`account` for the victim's text, `staff-message` for staff's), so a
 * ciphertext copied onto another message, report or force does not open.
 * Padded to 512-byte blocks so a message's length says little.
 */
import { AlgorithmSuiteIdentifier } from '@aws-crypto/material-management-node';
import type { MessageCipher, MessageContext } from '../../domain/channel/channel-store';
import { CONTEXT_KEYS, decrypt, encrypt, SealedPartError } from './envelope-report-cipher';
import type { ReportKeyrings } from './keyrings';

const PAD_BYTES = 512;
/** The encryption-context key that binds a message id. */
export const MESSAGE_CONTEXT_KEY = 'safe-pathway:message';

function context(seal: MessageContext): Record<string, string> {
  return { [CONTEXT_KEYS.force]: seal.forceId, [CONTEXT_KEYS.report]: seal.reportId, [CONTEXT_KEYS.dataClass]: seal.dataClass, [MESSAGE_CONTEXT_KEY]: seal.messageId };
}

/**
 * @example
 * const messages = new EnvelopeMessageCipher(keyrings);
 * const sealed = await messages.seal('We have read your report.', { forceId, reportId, messageId, dataClass: 'staff-message' });
 */
export class EnvelopeMessageCipher implements MessageCipher {
  constructor(private readonly keyrings: Pick<ReportKeyrings, 'report'>) {}

  async seal(text: string, seal: MessageContext): Promise<Uint8Array> {
    const json = Buffer.from(JSON.stringify({ text }), 'utf8');
    const plaintext = Buffer.alloc(Math.ceil((json.byteLength + 1) / PAD_BYTES) * PAD_BYTES, 0x20);
    json.copy(plaintext);
    const { result } = await encrypt(this.keyrings.report, plaintext, {
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      encryptionContext: context(seal),
    });
    return new Uint8Array(result.buffer, result.byteOffset, result.byteLength);
  }

  async open(sealed: Uint8Array, seal: MessageContext): Promise<string> {
    let output;
    try {
      output = await decrypt(this.keyrings.report, sealed);
    } catch (error) {
      throw new SealedPartError('body', (error as Error).name || 'decrypt failed');
    }
    for (const [key, value] of Object.entries(context(seal))) {
      // A message moved onto another message, report, force or class must not open there.
      if (output.messageHeader.encryptionContext[key] !== value) throw new SealedPartError('body', `encryption context ${key} does not match`);
    }
    return (JSON.parse(output.plaintext.toString('utf8')) as { text: string }).text;
  }
}
