/**
 * Seals referral targets (charity id and recipient type) under the report's
 * own key (under the force's report key), bound to force, report and the `referral-target` class.
 */
import type { ReferralTarget, ReferralTargetSealer } from '../../domain/referrals/outbox';
import type { SealContext } from '../../domain/report';
import { CONTEXT_KEYS } from './envelope-report-cipher';
import { openPadded, sealPadded } from './padded-envelope';
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
    return sealPadded(this.keyrings.report, seal, target, context(seal), PAD_BYTES);
  }

  async open(sealed: Uint8Array, seal: SealContext): Promise<ReferralTarget> {
    return openPadded<ReferralTarget>(this.keyrings.report, seal, sealed, context(seal));
  }
}
