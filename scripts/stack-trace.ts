/**
 * Reads a function's stack trace (from its logs) back to the TypeScript
 * sources, offline, with the source maps `cdk synth` wrote beside the app.
 * The functions run without `--enable-source-maps` (it cost 13–14 % of every
 * cold start), so their traces name minified positions such as
 * `file:///var/task/index.mjs:1:48213`; this rewrites each to `functions/…ts:LINE:COL`.
 *
 *   npm run stack-trace -- cdk.out/sourcemaps/functions/submit-report/handler < trace.txt
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `file:///var/task/index.mjs:<line>:<column>` (or a chunk, `…/chunks/<name>.mjs`), with or without `file://`. */
const POSITION = /(?:file:\/\/)?(?:\/[^\s():]*)?\/((?:chunks\/)?[\w.-]+\.mjs):(\d+):(\d+)/g;

/**
 * Rewrites every bundled position in `trace` that a map in `mapDir` knows.
 *
 * @example
 * readableStackTrace(trace, 'cdk.out/sourcemaps/functions/submit-report/handler');
 */
export function readableStackTrace(trace: string, mapDir: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      const path = join(mapDir, `${file}.map`);
      maps.set(file, existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : undefined);
    }
    return maps.get(file);
  };
  return trace.replace(POSITION, (whole, file: string, line: string, column: string) => {
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return whole;
    // The maps name sources from the repository root (infra/bundling.ts); Node may hand them back as file URLs.
    const source = entry.originalSource.startsWith('file://') ? relative(process.cwd(), fileURLToPath(entry.originalSource)) : entry.originalSource;
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mapDir = process.argv[2];
  if (!mapDir) {
    console.error('usage: npm run stack-trace -- <cdk.out/sourcemaps/functions/NAME/handler> < trace.txt');
    process.exit(2);
  }
  process.stdout.write(readableStackTrace(readFileSync(0, 'utf8'), mapDir));
}
