import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SealedPartError } from '../../../../functions/adapters/crypto/envelope-report-cipher';
import { ensureLocalKeyMaterial, localKeyrings } from '../../../../functions/adapters/crypto/keyrings';
import { EnvelopeMessageCipher } from '../../../../functions/adapters/crypto/message-cipher';

const dir = mkdtempSync(join(tmpdir(), 'keys-'));
ensureLocalKeyMaterial(dir);
const cipher = new EnvelopeMessageCipher(localKeyrings(dir));
const context = { forceId: 'example-north', reportId: 'r-1', messageId: 'm-1', dataClass: 'staff-message' as const };

describe('envelope message cipher (local keyrings)', () => {
  it('round-trips a message and leaves no plaintext in the ciphertext', async () => {
    const sealed = await cipher.seal('We have read your report CANARY-MSG.', context);
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('CANARY-MSG');
    await expect(cipher.open(sealed, context)).resolves.toBe('We have read your report CANARY-MSG.');
  });

  it('does not open on another message, report, force or data class', async () => {
    const sealed = await cipher.seal('hello', context);
    for (const moved of [{ messageId: 'm-2' }, { reportId: 'r-2' }, { forceId: 'example-south' }, { dataClass: 'account' as const }]) {
      await expect(cipher.open(sealed, { ...context, ...moved })).rejects.toBeInstanceOf(SealedPartError);
    }
  });

  it('pads messages so their length says little', async () => {
    const short = await cipher.seal('a', context);
    const longer = await cipher.seal('a'.repeat(400), context);
    expect(longer.byteLength).toBe(short.byteLength);
  });
});
