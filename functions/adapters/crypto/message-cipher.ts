/**
 * Seals the receipt channel's messages under the report key,
 * bound by the encryption context to force, report, message id and data
 * class (`account` for the victim's text, `staff-message` for staff's), so a
 * ciphertext copied onto another message, report or force does not open.
 * Padded to 512-byte blocks so a message's length says little.
 */
import type { MessageCipher, MessageContext } from '../../domain/channel/channel-store';
import { CONTEXT_KEYS } from './envelope-report-cipher';
import { openPadded, sealPadded } from './padded-envelope';
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
    return sealPadded(this.keyrings.report, seal, { text }, context(seal), PAD_BYTES);
  }

  async open(sealed: Uint8Array, seal: MessageContext): Promise<string> {
    return (await openPadded<{ text: string }>(this.keyrings.report, seal, sealed, context(seal))).text;
  }
}
