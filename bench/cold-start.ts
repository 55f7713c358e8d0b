/**
 * Cold start: each route's handler bundled as the stack bundles it
 * (infra/bundling.ts: ESM chunks, source maps outside the asset), imported
 * in a fresh Node 24 process with the environment Lambda gives it, against
 * a floor bundle that only imports the DynamoDB client and does a PutItem,
 * built the same way. Size is what the import reads (the entry and its
 * static chunks); the chunks loaded later (the web form's) are counted apart.
 * The floor and every route are also imported reading a compile cache that
 * one earlier import wrote beside the bundle (bench/compile-cache.ts), in the
 * same round-robin, so both figures meet the same machine noise.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { constants as moduleConstants } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_ENTRY_FILE, lambdaEsbuildOptions } from '../infra/bundling';
import { bundleBytes, type BundleBytes } from './bundle-bytes';
import { CACHE_DIR_NAME, CACHED_IMPORT_TIMER, cacheBytes, cacheListing, cacheUse, makeReadOnly } from './compile-cache';
import { ROUTES } from '../infra/routes';
import { median } from './stats';

const ROOT = resolve(import.meta.dirname, '..');

export interface BundleFigures {
  name: string;
  /** Bytes read at import: the entry file and the chunks it imports statically. */
  bytes: number;
  /** Bytes of every file of the bundle (chunks loaded on demand included). */
  totalBytes: number;
  /** What the bytes read at import are, by package (the largest 15). */
  byOrigin: BundleBytes['byOrigin'];
  /** Median import time of the bundle in a fresh process, ms. */
  importMs: number;
  samples: number[];
  /** The same import reading a compile cache written beforehand (older runs, and the zod contracts, lack it). */
  compileCache?: CompileCacheFigures;
}

export interface CompileCacheFigures {
  /** Median import time in a fresh process reading the cache, ms, timed from before the cache is enabled. */
  importMs: number;
  samples: number[];
  /** Bytes of the cache directory the warm-up import wrote. */
  bytes: number;
  /** The subdirectory Node wrote it into, named by Node's version, the architecture, V8's cache tag and the user id. */
  subdirectory: string;
  /** Of the modules one unmeasured import compiled, how many took their code from the cache. */
  accepted: number;
  modules: number;
}

export interface ColdStartResult {
  floor: BundleFigures;
  bundles: BundleFigures[];
  /**
   * One contract on classic zod and the same on `zod/mini` (bench/floor/contract-zod-*.ts), built and imported
   * like the routes: what the contract's library costs a bundle (older runs lack it).
   */
  contracts?: { classic: BundleFigures; mini: BundleFigures };
  runs: number;
}

/** Prints the time `import()` of argv[2] takes, measured inside the fresh process. */
const IMPORT_TIMER = `
const started = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - started));
`;

/** The environment a function sees at import in AWS (no network is touched at import). */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'SafePathway',
  TABLE_NAME: 'bench',
  // No NODE_OPTIONS: the functions run without --enable-source-maps (infra/bundling.ts).
};

async function bundle(entry: string, outDir: string, name: string): Promise<{ file: string; bytes: BundleBytes }> {
  const outdir = join(outDir, name);
  const result = await build({ ...lambdaEsbuildOptions(), entryPoints: [resolve(ROOT, entry)], outdir, absWorkingDir: ROOT });
  return { file: join(outdir, BUNDLE_ENTRY_FILE), bytes: bundleBytes(result.metafile!) };
}

const CHILD_ENV = { PATH: process.env.PATH ?? '', ...LAMBDA_ENV };

function importOnce(timer: string, file: string): number {
  const out = execFileSync(process.execPath, [timer, pathToFileURL(file).href], { env: CHILD_ENV, encoding: 'utf8' });
  return Number(out);
}

/** One import reading (or, with `write`, writing) the compile cache beside `file`; throws unless Node enabled the cache. */
function cachedImportOnce(timer: string, file: string, write = false): number {
  const args = [timer, pathToFileURL(file).href, join(dirname(file), CACHE_DIR_NAME), ...(write ? ['write'] : [])];
  const out = JSON.parse(execFileSync(process.execPath, args, { env: CHILD_ENV, encoding: 'utf8' })) as { took: number; status: number; message?: string };
  if (out.status !== moduleConstants.compileCacheStatus.ENABLED) throw new Error(`the compile cache beside ${file} was not enabled: ${out.message ?? out.status}`);
  return out.took;
}

const pick = ({ accepted, modules }: { accepted: number; modules: number }) => ({ accepted, modules });

/** Writes each file's compile cache with one warm-up import and makes it read-only; returns each directory's listing. */
function writeCaches(timer: string, files: string[]): string[] {
  return files.map((file) => {
    cachedImportOnce(timer, file, true);
    const dir = join(dirname(file), CACHE_DIR_NAME);
    makeReadOnly(dir);
    return cacheListing(dir);
  });
}

/**
 * @example
 * const result = await measureColdStart({ runs: 25 });
 */
export async function measureColdStart(options: { runs: number }): Promise<ColdStartResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'safe-pathway-bundles-'));
  const timer = join(outDir, 'import-timer.mjs');
  writeFileSync(timer, IMPORT_TIMER);
  const cachedTimer = join(outDir, 'cached-import-timer.mjs');
  writeFileSync(cachedTimer, CACHED_IMPORT_TIMER);
  const targets = [
    { name: 'floor (DynamoDB client + PutItem)', entry: 'bench/floor/put-item-handler.ts' },
    ...ROUTES.map((route) => ({ name: route.name, entry: route.entry })),
    { name: 'contract on classic zod', entry: 'bench/floor/contract-zod-classic.ts' },
    { name: 'contract on zod/mini', entry: 'bench/floor/contract-zod-mini.ts' },
  ];
  const built: { file: string; bytes: BundleBytes }[] = [];
  for (const [index, target] of targets.entries()) built.push(await bundle(target.entry, outDir, `b${index}`));
  const files = built.map((one) => one.file);
  // The floor and the routes, not the zod contracts: a compile cache for each.
  const cachedFiles = files.slice(0, 1 + ROUTES.length);
  const listings = writeCaches(cachedTimer, cachedFiles);
  const samples: number[][] = targets.map(() => []);
  const cachedSamples: number[][] = cachedFiles.map(() => []);
  // Round-robin, so every bundle meets the same machine noise; one unmeasured round warms the disk cache.
  for (let run = -1; run < options.runs; run++) {
    for (const [index, file] of files.entries()) {
      const took = importOnce(timer, file);
      if (run >= 0) samples[index]?.push(took);
      if (index >= cachedFiles.length) continue;
      const tookCached = cachedImportOnce(cachedTimer, file);
      if (run >= 0) cachedSamples[index]?.push(tookCached);
    }
  }
  const caches = cachedFiles.map((file, index): CompileCacheFigures => {
    const dir = join(dirname(file), CACHE_DIR_NAME);
    // Read-only as shipped: the imports must have read it without writing (root ignores the mode, so check).
    if (cacheListing(dir) !== listings[index]) throw new Error(`an import wrote into the read-only compile cache beside ${file}`);
    return {
      importMs: median(cachedSamples[index] ?? []),
      samples: cachedSamples[index] ?? [],
      bytes: cacheBytes(dir),
      subdirectory: readdirSync(dir).join(' '),
      ...pick(cacheUse({ timer: cachedTimer, url: pathToFileURL(file).href, cacheDir: dir, env: CHILD_ENV })),
    };
  });
  const figures = targets.map((target, index) => ({
    name: target.name,
    bytes: built[index]!.bytes.atImport,
    totalBytes: built[index]!.bytes.total,
    byOrigin: built[index]!.bytes.byOrigin.slice(0, 15),
    importMs: median(samples[index] ?? []),
    samples: samples[index] ?? [],
    ...(caches[index] ? { compileCache: caches[index] } : {}),
  }));
  const [floor, ...rest] = figures;
  const [classic, mini] = rest.splice(-2, 2) as [BundleFigures, BundleFigures];
  return { floor: floor as BundleFigures, bundles: rest, contracts: { classic, mini }, runs: options.runs };
}
