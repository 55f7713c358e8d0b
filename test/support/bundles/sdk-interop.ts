/**
 * The Encryption SDK and the report cipher as every function bundles them
 * (bn.js and readable-stream replaced, infra/bundling.ts
 * `ENCRYPTION_SDK_STAND_INS`), for test/unit/adapters/sdk-stand-ins.test.ts:
 * the same calls the test makes on the unbundled SDK, so each side can open
 * what the other sealed.
 */
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { CommitmentPolicy, KeyringNode } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { EnvelopeReportCipher } from '../../../functions/adapters/crypto/envelope-report-cipher';
import { localKeySource } from '../../../functions/adapters/crypto/keyrings';
import { SUITE } from '../../../functions/adapters/crypto/report-keys';
import type { ImmigrationSection, ReportBody } from '../../../schemas/report';
import type { SealContext } from '../../../functions/domain/report';

const options = { commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: 1 } as const;
const { encrypt } = buildEncrypt(options);
const { decrypt } = buildDecrypt(options);

/** A raw AES keyring on `key` (the SDK moves the key it is given into a KeyObject and zeroes it, so a copy). */
export const rawKeyring = (key: Uint8Array): RawAesKeyringNode =>
  new RawAesKeyringNode({ keyName: 'k', keyNamespace: 'interop', unencryptedMasterKey: new Uint8Array(key), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });

/** One Encryption SDK message, in the suite every sealed part uses; `frameLength` as the SDK takes it (default 4096). */
export async function sealMessage(key: Uint8Array, plaintext: Uint8Array, frameLength?: number): Promise<Buffer> {
  const { result } = await encrypt(rawKeyring(key), plaintext, { suiteId: SUITE, encryptionContext: { purpose: 'interop' }, ...(frameLength ? { frameLength } : {}) });
  return result;
}

export async function openMessage(key: Uint8Array, message: Uint8Array): Promise<Buffer> {
  const { plaintext } = await decrypt(rawKeyring(key), message);
  return plaintext;
}

class RefusingKeyring extends KeyringNode {
  async _onEncrypt(): Promise<never> {
    throw new Error('the keyring refused to make a data key');
  }
  async _onDecrypt(): Promise<never> {
    throw new Error('the keyring refused to open a data key');
  }
}

/** Encrypting with a keyring that fails: the failure must reach the caller (not hang, not succeed). */
export async function sealWithRefusingKeyring(): Promise<Buffer> {
  const { result } = await encrypt(new RefusingKeyring(), 'x', { suiteId: SUITE });
  return result;
}

const cipherOf = (keys: { report: Uint8Array; safeguarding: Uint8Array }) =>
  new EnvelopeReportCipher({ report: localKeySource(new Uint8Array(keys.report)), safeguarding: localKeySource(new Uint8Array(keys.safeguarding)) });

/** A report's body and padded protected section, sealed as the intake seals them. */
export async function sealReport(
  keys: { report: Uint8Array; safeguarding: Uint8Array },
  body: ReportBody,
  immigration: ImmigrationSection,
  context: SealContext,
): Promise<{ body: Uint8Array; protected: Uint8Array }> {
  const cipher = cipherOf(keys);
  const [sealedBody, sealedProtected] = await Promise.all([cipher.sealBody(body, context), cipher.sealProtected(immigration, context)]);
  return { body: sealedBody, protected: sealedProtected };
}

export async function openReport(
  keys: { report: Uint8Array; safeguarding: Uint8Array },
  sealed: { body: Uint8Array; protected: Uint8Array },
  context: SealContext,
): Promise<{ body: ReportBody; immigration: ImmigrationSection | undefined }> {
  const cipher = cipherOf(keys);
  return { body: await cipher.openBody(sealed.body, context), immigration: await cipher.openProtected(sealed.protected, context) };
}
