/**
 * Cold start: each route's handler bundled as the stack bundles it
 * (infra/bundling.ts: ESM chunks, source maps outside the asset), imported
 * in a fresh Node 24 process with the environment Lambda gives it, against
 * a floor bundle that only imports the DynamoDB client and does a PutItem,
 * built the same way. Size is what the import reads (the entry and its
 * static chunks); the chunks loaded later (the web form's) are counted apart.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_ENTRY_FILE, lambdaEsbuildOptions } from '../infra/bundling';
import { bundleBytes, type BundleBytes } from './bundle-bytes';
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

function importOnce(timer: string, file: string): number {
  const out = execFileSync(process.execPath, [timer, pathToFileURL(file).href], {
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
    encoding: 'utf8',
  });
  return Number(out);
}

/**
 * @example
 * const result = await measureColdStart({ runs: 25 });
 */
export async function measureColdStart(options: { runs: number }): Promise<ColdStartResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'safe-pathway-bundles-'));
  const timer = join(outDir, 'import-timer.mjs');
  writeFileSync(timer, IMPORT_TIMER);
  const targets = [
    { name: 'floor (DynamoDB client + PutItem)', entry: 'bench/floor/put-item-handler.ts' },
    ...ROUTES.map((route) => ({ name: route.name, entry: route.entry })),
    { name: 'contract on classic zod', entry: 'bench/floor/contract-zod-classic.ts' },
    { name: 'contract on zod/mini', entry: 'bench/floor/contract-zod-mini.ts' },
  ];
  const built: { file: string; bytes: BundleBytes }[] = [];
  for (const [index, target] of targets.entries()) built.push(await bundle(target.entry, outDir, `b${index}`));
  const files = built.map((one) => one.file);
  const samples: number[][] = targets.map(() => []);
  // Round-robin, so every bundle meets the same machine noise; one unmeasured round warms the disk cache.
  for (let run = -1; run < options.runs; run++) {
    for (const [index, file] of files.entries()) {
      const took = importOnce(timer, file);
      if (run >= 0) samples[index]?.push(took);
    }
  }
  const figures = targets.map((target, index) => ({
    name: target.name,
    bytes: built[index]!.bytes.atImport,
    totalBytes: built[index]!.bytes.total,
    byOrigin: built[index]!.bytes.byOrigin.slice(0, 15),
    importMs: median(samples[index] ?? []),
    samples: samples[index] ?? [],
  }));
  const [floor, ...rest] = figures;
  const [classic, mini] = rest.splice(-2, 2) as [BundleFigures, BundleFigures];
  return { floor: floor as BundleFigures, bundles: rest, contracts: { classic, mini }, runs: options.runs };
}
