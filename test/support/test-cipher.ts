/**
 * The real report cipher (Encryption SDK) on throwaway raw AES keys held in
 * memory: for unit tests that seal staff text or recipient ids without files.
 */
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { randomBytes } from 'node:crypto';
import { EnvelopeReportCipher } from '../../functions/adapters/crypto/envelope-report-cipher';

/**
 * @example
 * const trail = new AuditTrail(log, { forceId, retentionDays: 10, sealer: testCipher() });
 */
export function testCipher(): EnvelopeReportCipher {
  const keyring = (keyName: string) =>
    new RawAesKeyringNode({ keyName, keyNamespace: 'test', unencryptedMasterKey: new Uint8Array(randomBytes(32)), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
  return new EnvelopeReportCipher({ report: keyring('report'), safeguarding: keyring('safeguarding') });
}
