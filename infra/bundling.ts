/**
 * The CDK functions construct's bundling (`BUNDLING` in
 * infra/constructs/functions.ts), translated to esbuild's own build options,
 * so the cold-start bench builds exactly the bundle CDK ships.
 *
 * The AWS SDK is bundled, not external (the construct's choice, which the
 * bench supports): nodejs24.x ships an SDK v3, but at a version AWS picks and
 * changes without notice; bundling runs the versions the tests ran, and in
 * the bench an external SDK made imports slower, not faster (hundreds of
 * files resolved and compiled instead of one). The cold-start floor bundle
 * is built with the same options.
 */
import type { BuildOptions } from 'esbuild';
import { BUNDLING } from './constructs/functions';

/** What the construct sets in every function's environment that changes load time. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/**
 * @example
 * await build({ ...lambdaEsbuildOptions(), entryPoints: ['functions/submit-report/handler.ts'], outfile: 'out/index.mjs' });
 */
export function lambdaEsbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: BUNDLING.format === 'esm' ? 'esm' : 'cjs',
    target: BUNDLING.target,
    mainFields: [...BUNDLING.mainFields],
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    external: [...BUNDLING.externalModules],
    banner: { js: BUNDLING.banner },
    logLevel: 'warning',
  };
}
