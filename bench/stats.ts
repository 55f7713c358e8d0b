/**
 * Small statistics for the bench: percentiles over samples and the ratio
 * of a measured figure to its floor.
 */

/** The p-th percentile (0–100) of `samples`, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** `value / floor`, rounded to two decimals. */
export function ratio(value: number, floor: number): number {
  return Math.round((value / floor) * 100) / 100;
}

/** Milliseconds with one or two decimals, for tables. */
export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

/** One line of the results table: a figure, its floor, their ratio and the target. */
export interface BenchRow {
  figure: string;
  measured: string;
  floor: string;
  ratio: number | undefined;
  /** The target as text, e.g. `≤ 1.3×`. */
  target: string;
  met: boolean | undefined;
  note?: string;
}
