/**
 * How every Lambda function is bundled, in one place: the CDK constructs
 * (infra/constructs/force-function.ts) build each function's asset with it
 * at synth, on this machine, with the local esbuild (never Docker), and the
 * cold-start bench and bundle tests build exactly the same way.
 *
 * - ESM with code splitting: a route's rarely used code (the web form's pages
 *   and locales, reached by a dynamic `import()`) is a chunk of its own that
 *   a cold start never reads.
 * - Source maps are written OUTSIDE the asset (`<cdk.out>/sourcemaps/…`) and
 *   the bundle carries no `sourceMappingURL` and no `--enable-source-maps`:
 *   nothing about them costs anything at import. A stack trace from the logs
 *   is read with `npm run stack-trace` (docs/deploy.md).
 * - `asn1.js` (with the bn.js copy it carries) is replaced by
 *   infra/signing-refused.cjs ({@link SIGNING_ONLY_MODULES}): the Encryption
 *   SDK imports it statically but uses it only for the ECDSA-signing suites,
 *   which we never use; the stand-in refuses them with a clear error
 *   (test/unit/adapters/signing-refused.test.ts runs a bundled function).
 * - The Encryption SDK's two other import-time passengers are replaced too
 *   ({@link ENCRYPTION_SDK_STAND_INS}): `readable-stream` v3 by Node's own
 *   `node:stream` (infra/node-stream.cjs), and `bn.js` by
 *   infra/bn-stand-in.cjs, BigInt doing exactly the few things the SDK asks
 *   of it. test/unit/adapters/sdk-stand-ins.test.ts proves a bundle built
 *   this way and the unbundled SDK open each other's messages (one frame and
 *   many, and the padded protected section) and fail every damaged one alike.
 * - `node:http` is taken with `require`, not an ES module import
 *   ({@link NODE_BUILTIN_STAND_INS}): Node 24's ES module facade for it reads
 *   its lazy `WebSocket` getters and so loads all of undici at import
 *   (infra/node-http.cjs says more; test/unit/adapters/node-http-stand-in.test.ts).
 * - The AWS SDK is bundled, not external: nodejs24.x ships an SDK v3, but at
 *   a version AWS picks and changes without notice; bundling runs the
 *   versions the tests ran, and in the bench an external SDK made imports
 *   slower, not faster (hundreds of files resolved and compiled instead of one).
 */
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..');

/** The bundling of every function: minified ESM chunks, target node24, a `require` for bundled CommonJS. */
export const BUNDLING = {
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  splitting: true,
  /** Written beside the asset, never into it, and never linked from the code (see the module comment). */
  sourceMap: 'external',
  sourcesContent: false,
  // Bundle the AWS SDK too: the functions run with the versions they were tested with.
  externalModules: [],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const;

/**
 * Packages every bundle replaces with a stand-in that refuses to run: the
 * Encryption SDK reaches them only for the ECDSA-signing algorithm suites
 * (PEM signing keys, DER signatures), and every sealed part uses the suite
 * without signature (functions/adapters/crypto/report-keys.ts `SUITE`).
 * An esbuild `alias` rather than a plugin, because the stack bundles with
 * `buildSync`, which takes no plugins.
 */
export const SIGNING_ONLY_MODULES: Readonly<Record<string, string>> = {
  'asn1.js': resolve(REPO_ROOT, 'infra/signing-refused.cjs'),
};

/**
 * Modules the Encryption SDK reads at import that every bundle replaces
 * with a smaller equivalent (≈ 80 KB fewer read at every sealing route's cold start):
 *
 * - `readable-stream` (v3, a copy of Node 10's streams) → infra/node-stream.cjs,
 *   Node's own `node:stream` (a built-in: esbuild leaves it external) with
 *   readable-stream's optional `pipeline` callback, the one difference the
 *   SDK trips on. Its module comment says what else differs and what proves it.
 * - `bn.js` → infra/bn-stand-in.cjs: the SDK uses it to write and read a
 *   content length as 8 big-endian bytes, and at load to set up the ECDSA
 *   curves it decodes points on only for signing suites (refused, as
 *   asn1.js is). The stand-in's module comment lists every use.
 */
export const ENCRYPTION_SDK_STAND_INS: Readonly<Record<string, string>> = {
  'readable-stream': resolve(REPO_ROOT, 'infra/node-stream.cjs'),
  'bn.js': resolve(REPO_ROOT, 'infra/bn-stand-in.cjs'),
};

/**
 * Node built-ins every bundle takes with `require` instead of an ES module
 * import: `node:http` → infra/node-http.cjs (Node's own `http`; importing it
 * as an ES module loads undici, ≈ tens of ms of every cold start, for
 * `@middy/util`'s `STATUS_CODES`). The stand-in requires `http`, not
 * `node:http`, so the alias does not resolve it to itself.
 */
export const NODE_BUILTIN_STAND_INS: Readonly<Record<string, string>> = {
  'node:http': resolve(REPO_ROOT, 'infra/node-http.cjs'),
};

/** The Lambda handler file of every bundle: `index.mjs`, exporting the entry's handlers. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';

/**
 * esbuild options for one function; give `entryPoints` and `outdir`.
 *
 * @example
 * await build({ ...lambdaEsbuildOptions(), entryPoints: ['functions/submit-report/handler.ts'], outdir: 'out' });
 */
export function lambdaEsbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    mainFields: [...BUNDLING.mainFields],
    minify: BUNDLING.minify,
    splitting: BUNDLING.splitting,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    external: [...BUNDLING.externalModules],
    alias: { ...SIGNING_ONLY_MODULES, ...ENCRYPTION_SDK_STAND_INS, ...NODE_BUILTIN_STAND_INS },
    banner: { js: BUNDLING.banner },
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'warning',
  };
}

export interface BuiltBundle {
  /** The directory to ship: `index.mjs` and its chunks, no source maps. */
  assetDir: string;
  /** The directory holding the `.map` of every file in `assetDir`, at the same relative paths. */
  sourceMapDir: string;
  metafile: Metafile;
}

const built = new Map<string, BuiltBundle>();

/**
 * Bundles one entry (relative to the repository root) into a fresh asset
 * directory and its source maps into `sourceMapDir`. Built once per entry
 * and process: a multi-force app ships the same code to every force.
 *
 * @example
 * const { assetDir } = bundleFunction('functions/submit-report/handler.ts', 'cdk.out/sourcemaps/submit-report');
 */
export function bundleFunction(entry: string, sourceMapDir?: string): BuiltBundle {
  const key = `${entry}\u0000${sourceMapDir ?? ''}`;
  const cached = built.get(key);
  if (cached) return cached;
  const stem = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const assetDir = join(tmpdir(), 'safe-pathway-bundles', `${stem}-${process.pid}`);
  const mapDir = sourceMapDir ?? `${assetDir}.maps`;
  rmSync(assetDir, { recursive: true, force: true });
  const result = buildSync({ ...lambdaEsbuildOptions(), entryPoints: [resolve(REPO_ROOT, entry)], outdir: assetDir, write: false, absWorkingDir: REPO_ROOT });
  for (const file of result.outputFiles) {
    const path = relative(assetDir, file.path);
    mkdirSync(dirname(path.endsWith('.map') ? join(mapDir, path) : join(assetDir, path)), { recursive: true });
    if (!path.endsWith('.map')) {
      writeFileSync(join(assetDir, path), file.contents);
      continue;
    }
    // Sources named from the repository root, so the maps read the same wherever they are kept.
    const map = JSON.parse(file.text) as { sources: string[] };
    map.sources = map.sources.map((source) => relative(REPO_ROOT, resolve(dirname(file.path), source)));
    writeFileSync(join(mapDir, path), JSON.stringify(map));
  }
  const bundle = { assetDir, sourceMapDir: mapDir, metafile: result.metafile as Metafile };
  built.set(key, bundle);
  return bundle;
}

/**
 * The output files a cold start reads: the entry and every chunk it imports
 * statically, transitively (dynamic imports load only when they run).
 *
 * @example
 * const files = filesReadAtImport(bundle.metafile); // ['index.mjs', 'chunks/chunk-AB12.mjs']
 */
export function filesReadAtImport(metafile: Metafile): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((file) => file.endsWith(`/${BUNDLE_ENTRY_FILE}`) || file === BUNDLE_ENTRY_FILE);
  if (!entry) throw new Error('the bundle has no index.mjs');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return [...seen];
}
