import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { advanceStatus, holdsLease, leaseActive } from '../../../../functions/domain/queue/work-rules';
import { REPORT_STATUSES } from '../../../../functions/domain/report';

describe('work rules', () => {
  it('never moves a status backwards, whatever sequence of transitions is asked for', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REPORT_STATUSES)), (proposals) => {
        let current: (typeof REPORT_STATUSES)[number] = 'received';
        for (const proposed of proposals) {
          const next = advanceStatus(current, proposed);
          expect(REPORT_STATUSES.indexOf(next)).toBeGreaterThanOrEqual(REPORT_STATUSES.indexOf(current));
          current = next;
        }
      }),
    );
    expect(advanceStatus('contact-attempted', 'in-review')).toBe('contact-attempted');
    expect(advanceStatus('received', 'in-review')).toBe('in-review');
  });

  it('ends a lease at its expiry instant', () => {
    const lease = { holder: 'a', until: 1_000 };
    expect(leaseActive(lease, 999)).toBe(true);
    expect(leaseActive(lease, 1_000)).toBe(false);
    expect(holdsLease(lease, 'a', 999)).toBe(true);
    expect(holdsLease(lease, 'b', 999)).toBe(false);
    expect(holdsLease(undefined, 'a', 0)).toBe(false);
  });
});
