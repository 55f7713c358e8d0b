/**
 * Compares two bench runs from their raw JSON figures: every number both
 * runs have, by its path, with the ratio new / old. Arrays of figures are
 * keyed by their `name` or `connections`, so bundles and load levels line up.
 *
 *   npm run bench -- --compare bench/results/old.json              # run now, compare with old
 *   npm run bench -- --compare bench/results/old.json bench/results/new.json   # compare two files
 */
import { readFileSync } from 'node:fs';

/** Every numeric leaf of a run, by dotted path (sample arrays left out). */
export function numericLeaves(value: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number' && Number.isFinite(value)) out.set(path, value);
  else if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'number')) return out;
    value.forEach((item, index) => {
      const key = typeof item === 'object' && item !== null ? ((item as Record<string, unknown>).name ?? (item as Record<string, unknown>).connections ?? (item as Record<string, unknown>).origin ?? index) : index;
      numericLeaves(item, `${path}[${String(key)}]`, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) numericLeaves(item, path ? `${path}.${key}` : key, out);
  }
  return out;
}

/**
 * The comparison as text: one line per figure both runs have.
 *
 * @example
 * console.log(compareRuns(JSON.parse(readFileSync('old.json', 'utf8')), results));
 */
export function compareRuns(before: unknown, after: unknown, labels = { before: 'before', after: 'after' }): string {
  const old = numericLeaves((before as { results?: unknown }).results ?? before);
  const now = numericLeaves((after as { results?: unknown }).results ?? after);
  const rows = [...now].filter(([path]) => old.has(path) && !/byOrigin/.test(path)).map(([path, value]) => {
    const was = old.get(path) as number;
    return [path, fmt(was), fmt(value), was === 0 ? '–' : `${(value / was).toFixed(2)}×`];
  });
  const head = ['figure', labels.before, labels.after, 'after / before'];
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fmt = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2));

/** Reads a run written by the bench. */
export function readRun(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}
