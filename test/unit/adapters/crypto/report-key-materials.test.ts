/**
 * How a sealed part's data key is drawn under its report key
 * (functions/adapters/crypto/report-keys.ts ReportKeyMaterials): fresh per
 * part, synchronously (no thread-pool hop), wrapped by the report key's raw
 * AES keyring exactly as before, so the existing opening code opens it.
 */
import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeAlgorithmSuite } from '@aws-crypto/material-management-node';
import { deserializeFactory } from '@aws-crypto/serialize';
import { localKeySource } from '../../../../functions/adapters/crypto/keyrings';
import { HeldReportKeys, openUnderReportKey, REPORT_KEY_NAMESPACE, sealUnderReportKey } from '../../../../functions/adapters/crypto/report-keys';

const { deserializeMessageHeader } = deserializeFactory((bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'), NodeAlgorithmSuite);
const binding = { forceId: 'example-north', reportId: '11111111-1111-4111-8111-111111111111' };
const context = { 'safe-pathway:report': binding.reportId };

/** The Encryption SDK message of a sealed part: after the format byte, the wrapped key's length and the wrapped key. */
function message(sealed: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed);
  return bytes.subarray(3 + bytes.readUInt16BE(1));
}

describe('a sealed part’s data key', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is drawn without a hop through the thread pool: sealing a part never calls the asynchronous randomBytes', async () => {
    const randomBytes = vi.spyOn(crypto, 'randomBytes');
    const keys = new HeldReportKeys();
    const source = localKeySource(crypto.randomBytes(32));
    await sealUnderReportKey(keys, source, 'report', binding, Buffer.from('a part'), context);
    expect(randomBytes.mock.calls.filter((args) => typeof args[1] === 'function')).toEqual([]);
  });

  it('is fresh for every part: two parts under one report key carry different wrapped data keys, each opened by the report key alone', async () => {
    const keys = new HeldReportKeys();
    const source = localKeySource(crypto.randomBytes(32));
    const first = await sealUnderReportKey(keys, source, 'report', binding, Buffer.from('first'), context);
    const second = await sealUnderReportKey(keys, source, 'report', binding, Buffer.from('second'), context);
    const keysOf = (sealed: Uint8Array) => {
      const header = deserializeMessageHeader(message(sealed));
      return header ? header.messageHeader.encryptedDataKeys : [];
    };
    const [a, b] = [keysOf(first), keysOf(second)];
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]?.providerId).toBe(REPORT_KEY_NAMESPACE);
    expect(Buffer.from(a[0]?.encryptedDataKey ?? []).equals(Buffer.from(b[0]?.encryptedDataKey ?? []))).toBe(false);
    // A fresh set of held keys: the parts open from their own bytes, through the source, as every reader opens them.
    const reader = new HeldReportKeys();
    await expect(openUnderReportKey(reader, source, 'report', binding, first).then((out) => out.plaintext.toString())).resolves.toBe('first');
    await expect(openUnderReportKey(reader, source, 'report', binding, second).then((out) => out.plaintext.toString())).resolves.toBe('second');
  });
});
