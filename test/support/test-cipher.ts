/**
 * The real report cipher (Encryption SDK) on throwaway raw AES keys held in
 * memory: for unit tests that seal staff text or recipient ids without files.
 */
import { randomBytes } from 'node:crypto';
import { EnvelopeReportCipher } from '../../functions/adapters/crypto/envelope-report-cipher';
import { localKeySource } from '../../functions/adapters/crypto/keyrings';

/**
 * @example
 * const trail = new AuditTrail(log, { forceId, retentionDays: 10, sealer: testCipher() });
 */
export function testCipher(): EnvelopeReportCipher {
  return new EnvelopeReportCipher({ report: localKeySource(new Uint8Array(randomBytes(32))), safeguarding: localKeySource(new Uint8Array(randomBytes(32))) });
}
