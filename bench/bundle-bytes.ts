/**
 * Which bytes a function's cold start reads, by package: the entry file and
 * the chunks it imports statically (infra/bundling.ts filesReadAtImport),
 * broken down by the package (or our own folder) each byte came from. The
 * bench prints it for every bundle over its size target, so a missed target
 * names what stands in the way.
 *
 *   npx tsx bench/bundle-bytes.ts functions/submit-report/handler.ts
 */
import type { Metafile } from 'esbuild';
import { filesReadAtImport } from '../infra/bundling';

export interface BundleBytes {
  /** Bytes of the output files read at import. */
  atImport: number;
  /** Bytes of every output file (the chunks loaded later included), source maps excluded. */
  total: number;
  /** Bytes read at import by origin: `@scope/package`, `package` or our own top folder (`functions`, `schemas`, `web`). */
  byOrigin: { origin: string; bytes: number }[];
}

/** The package a bundled input came from, or our own top folder. */
export function originOf(input: string): string {
  const nested = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  const last = nested.at(-1)?.[1];
  if (last) return nested.length > 1 ? `${last} (nested)` : last;
  return input.split('/')[0] ?? input;
}

/**
 * @example
 * const bytes = bundleBytes(result.metafile);
 */
export function bundleBytes(metafile: Metafile): BundleBytes {
  const read = filesReadAtImport(metafile);
  const byOrigin = new Map<string, number>();
  for (const file of read) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]?.inputs ?? {})) {
      byOrigin.set(originOf(input), (byOrigin.get(originOf(input)) ?? 0) + bytesInOutput);
    }
  }
  const js = Object.entries(metafile.outputs).filter(([file]) => !file.endsWith('.map'));
  return {
    atImport: read.reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0),
    total: js.reduce((sum, [, output]) => sum + output.bytes, 0),
    byOrigin: [...byOrigin].map(([origin, bytes]) => ({ origin, bytes })).sort((a, b) => b.bytes - a.bytes),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { build } = await import('esbuild');
  const { lambdaEsbuildOptions } = await import('../infra/bundling');
  for (const entry of process.argv.slice(2)) {
    const result = await build({ ...lambdaEsbuildOptions(), entryPoints: [entry], outdir: 'out', write: false, sourcemap: false, logLevel: 'silent' });
    const bytes = bundleBytes(result.metafile!);
    console.log(`${entry}: ${Math.round(bytes.atImport / 1024)} KB at import, ${Math.round(bytes.total / 1024)} KB in all`);
    for (const { origin, bytes: size } of bytes.byOrigin.slice(0, Number(process.env.TOP ?? 25))) console.log(`  ${String(Math.round(size / 1024)).padStart(5)} KB  ${origin}`);
  }
}
