/**
 * Seals referral targets (charity id and recipient type) under the report
 * key, bound to force, report and the `referral-target` class.
 */
import { AlgorithmSuiteIdentifier } from '@aws-crypto/material-management-node';
import type { ReferralTarget, ReferralTargetSealer } from '../../domain/referrals/outbox';
import type { SealContext } from '../../domain/report';
import { CONTEXT_KEYS, decrypt, encrypt, SealedPartError } from './envelope-report-cipher';
import type { ReportKeyrings } from './keyrings';

const DATA_CLASS = 'referral-target';
/** Padded so the length of a charity id says nothing. */
const PAD_BYTES = 256;

function context(seal: SealContext): Record<string, string> {
  return { [CONTEXT_KEYS.force]: seal.forceId, [CONTEXT_KEYS.report]: seal.reportId, [CONTEXT_KEYS.dataClass]: DATA_CLASS };
}

/**
 * @example
 * const targets = new EnvelopeReferralTargetSealer(keyrings);
 * const sealed = await targets.seal({ charityId, recipientType: 'idva' }, { forceId, reportId });
 */
export class EnvelopeReferralTargetSealer implements ReferralTargetSealer {
  constructor(private readonly keyrings: Pick<ReportKeyrings, 'report'>) {}

  async seal(target: ReferralTarget, seal: SealContext): Promise<Uint8Array> {
    const json = Buffer.from(JSON.stringify(target), 'utf8');
    const plaintext = Buffer.alloc(Math.ceil((json.byteLength + 1) / PAD_BYTES) * PAD_BYTES, 0x20);
    json.copy(plaintext);
    const { result } = await encrypt(this.keyrings.report, plaintext, {
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      encryptionContext: context(seal),
    });
    return new Uint8Array(result.buffer, result.byteOffset, result.byteLength);
  }

  async open(sealed: Uint8Array, seal: SealContext): Promise<ReferralTarget> {
    let output;
    try {
      output = await decrypt(this.keyrings.report, sealed);
    } catch (error) {
      throw new SealedPartError('body', (error as Error).name || 'decrypt failed');
    }
    for (const [key, value] of Object.entries(context(seal))) {
      if (output.messageHeader.encryptionContext[key] !== value) throw new SealedPartError('body', `encryption context ${key} does not match`);
    }
    return JSON.parse(output.plaintext.toString('utf8')) as ReferralTarget;
  }
}
