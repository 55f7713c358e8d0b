/**
 * The referral sweep is bounded by the function's remaining time: no delivery
 * starts without a whole delivery's time left (webhook and disclosure record),
 * so a run never stops between a charity receiving a referral and its record.
 */
import { describe, expect, it } from 'vitest';
import { DELIVERY_RESERVE_MS, hasTimeFor, ReferralDispatcher, type DispatcherDeps } from '../../../../functions/domain/referrals/dispatch';

/** Three referrals due; each claim finds it already taken, so a delivery is one outbox call. */
function dispatcherWithDue() {
  const claimed: string[] = [];
  const outbox = {
    due: async () => ['a', 'b', 'c'].map((referralId) => ({ reportId: `report-${referralId}`, referralId })),
    claim: async (ref: { referralId: string }) => {
      claimed.push(ref.referralId);
      return undefined;
    },
  };
  return { dispatcher: new ReferralDispatcher({ outbox } as unknown as DispatcherDeps), claimed };
}

describe('referral sweep budget', () => {
  it('starts no delivery once less than a whole delivery’s time is left, and leaves the rest for the next run', async () => {
    const { dispatcher, claimed } = dispatcherWithDue();
    const left = [DELIVERY_RESERVE_MS + 5_000, DELIVERY_RESERVE_MS, DELIVERY_RESERVE_MS - 1];
    const results = await dispatcher.sweep('example-north', 25, { remainingMs: () => left.shift() ?? 0 });
    expect(claimed).toEqual(['a', 'b']);
    expect(results.map((result) => result.referralId)).toEqual(['a', 'b']);
  });

  it('delivers everything due when no budget is given (the local poller, tests)', async () => {
    const { dispatcher, claimed } = dispatcherWithDue();
    await dispatcher.sweep('example-north');
    expect(claimed).toEqual(['a', 'b', 'c']);
  });

  it('answers whether another delivery may start', () => {
    expect(hasTimeFor({ remainingMs: () => DELIVERY_RESERVE_MS })).toBe(true);
    expect(hasTimeFor({ remainingMs: () => DELIVERY_RESERVE_MS - 1 })).toBe(false);
    expect(hasTimeFor({ remainingMs: () => 100, reserveMs: 50 })).toBe(true);
  });
});
