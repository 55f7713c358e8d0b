/**
 * The report cipher as every function bundles it, for
 * test/unit/adapters/signing-refused.test.ts: it seals and opens a report,
 * tries to seal with an ECDSA-signing suite, and tries to open a signed
 * message, all inside the bundle (where asn1.js is the refusing stand-in).
 */
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { randomBytes } from 'node:crypto';
import { EnvelopeReportCipher } from '../../../functions/adapters/crypto/envelope-report-cipher';
import { localKeySource } from '../../../functions/adapters/crypto/keyrings';
import type { ImmigrationSection, ReportBody } from '../../../schemas/report';

export type SealingEvent =
  | { action: 'round-trip'; body: ReportBody; immigration: ImmigrationSection }
  | { action: 'seal-signed' }
  | { action: 'open-signed'; key: string; message: string };

const options = { commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT } as const;
const keyring = (key: Uint8Array) =>
  new RawAesKeyringNode({ keyName: 'k', keyNamespace: 'test', unencryptedMasterKey: key, wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });

export const handler = async (event: SealingEvent): Promise<unknown> => {
  if (event.action === 'round-trip') {
    const cipher = new EnvelopeReportCipher({ report: localKeySource(new Uint8Array(randomBytes(32))), safeguarding: localKeySource(new Uint8Array(randomBytes(32))) });
    const context = { forceId: 'example-north', reportId: 'r-1' };
    const [sealedBody, sealedProtected] = await Promise.all([cipher.sealBody(event.body, context), cipher.sealProtected(event.immigration, context)]);
    return { body: await cipher.openBody(sealedBody, context), immigration: await cipher.openProtected(sealedProtected, context) };
  }
  if (event.action === 'seal-signed') {
    const { encrypt } = buildEncrypt(options);
    return encrypt(keyring(new Uint8Array(randomBytes(32))), 'x', { suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 });
  }
  const { decrypt } = buildDecrypt(options);
  const { plaintext } = await decrypt(keyring(new Uint8Array(Buffer.from(event.key, 'base64'))), Buffer.from(event.message, 'base64'));
  return plaintext.toString('utf8');
};
