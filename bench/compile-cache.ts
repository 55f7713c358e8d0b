/**
 * Node's module compile cache (V8 code cache kept on disk) for one bundle,
 * as it would ship in the function's asset: one warm-up import writes it into
 * a directory beside the bundle, the directory is made read-only (Lambda's
 * /var/task is), and fresh imports read it. Portable, because an asset is
 * built elsewhere than /var/task: Node then keys each entry by its path
 * relative to the cache directory instead of its absolute path. The
 * cold-start bench (bench/cold-start.ts) times imports with it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The cache directory's name, beside the bundle's index.mjs. */
export const CACHE_DIR_NAME = 'node-compile-cache';

/**
 * Imports argv[2] with the compile cache in argv[3], timed from before the
 * cache is enabled; with argv[4] `write` it then writes what it compiled.
 * Prints the time, the status `enableCompileCache` returned and the names
 * the bundle exports.
 */
export const CACHED_IMPORT_TIMER = `
import { enableCompileCache, flushCompileCache } from 'node:module';
const started = performance.now();
const cache = enableCompileCache({ directory: process.argv[3], portable: true });
const bundle = await import(process.argv[2]);
const took = performance.now() - started;
if (process.argv[4] === 'write') flushCompileCache();
process.stdout.write(JSON.stringify({ took, status: cache.status, message: cache.message, exports: Object.keys(bundle).sort() }));
`;

/** Every file and directory under `dir` with its size, modification time and mode: equal listings, nothing written. */
export function cacheListing(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((path) => {
      const stat = statSync(join(dir, path));
      return `${path} ${stat.size} ${stat.mtimeMs} ${stat.mode.toString(8)}`;
    })
    .join('\n');
}

/** Bytes of the files under `dir`. */
export function cacheBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).reduce((sum, path) => {
    const stat = statSync(join(dir, path));
    return stat.isFile() ? sum + stat.size : sum;
  }, 0);
}

/**
 * Makes `dir` read-only for everyone, as a deployment package is: files 444,
 * directories 555. Node writes its cache files 600, so this also makes them
 * readable by a user other than the one that wrote them.
 *
 * @example
 * makeReadOnly(join(bundleDir, CACHE_DIR_NAME));
 */
export function makeReadOnly(dir: string): void {
  for (const path of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().reverse()) {
    const full = join(dir, path);
    chmodSync(full, statSync(full).isDirectory() ? 0o555 : 0o444);
  }
  chmodSync(dir, 0o555);
}

export interface CacheUse {
  /** Modules whose code V8 took from the cache. */
  accepted: number;
  /** Modules the import compiled, from the cache or not. */
  modules: number;
  /** The status `enableCompileCache` returned (`module.constants.compileCacheStatus`). */
  status: number;
  /** The names the bundle exports. */
  exports: string[];
}

/**
 * One unmeasured import of `url` with the cache in `cacheDir`, in a fresh
 * Node started with `flags`: how many of the modules it compiled took their
 * code from the cache, read from Node's own compile-cache debug lines
 * (`NODE_DEBUG_NATIVE=COMPILE_CACHE`), and what the bundle exported.
 *
 * @example
 * const { accepted, modules } = cacheUse({ timer, url, cacheDir, env });
 */
export function cacheUse(options: { timer: string; url: string; cacheDir: string; env: Record<string, string>; flags?: string[] }): CacheUse {
  const { timer, url, cacheDir, env, flags = [] } = options;
  const run = spawnSync(process.execPath, [...flags, timer, url, cacheDir], { env: { ...env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the import with a compile cache failed: ${run.stderr}`);
  const verdicts = [...run.stderr.matchAll(/V8 code cache for \S+ \S+ was (accepted|rejected|not initialized)/g)];
  const out = JSON.parse(run.stdout) as { status: number; exports: string[] };
  return { accepted: verdicts.filter((verdict) => verdict[1] === 'accepted').length, modules: verdicts.length, status: out.status, exports: out.exports };
}
