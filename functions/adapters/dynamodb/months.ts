/** Month partitions (`YYYY-MM`) shared by the report ledger and the audit trail's disclosure entries. */
import { monthOf } from './referral-outbox';

/**
 * Months `YYYY-MM` from the month of `from` to the month of `to` (inclusive).
 *
 * @example
 * monthsBetween('2026-01-15T00:00:00.000Z', '2026-03-01T00:00:00.000Z'); // ['2026-01', '2026-02', '2026-03']
 */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = monthOf(from).split('-').map(Number) as [number, number];
  const last = monthOf(to);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) break;
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
