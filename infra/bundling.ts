/**
 * How every Lambda handler is bundled, as plain esbuild options: the one
 * place both the CDK functions construct and the cold-start bench read, so the
 * bench measures the bundle that ships.
 *
 * The CDK construct should spread {@link LAMBDA_BUNDLING} into its
 * `NodejsFunction` `bundling` props (its keys are the CDK spelling) and set
 * {@link LAMBDA_NODE_OPTIONS} in the function environment.
 *
 * The AWS SDK is bundled, not external: nodejs24.x ships an SDK v3, but at a
 * version AWS chooses and changes without notice; bundling runs the versions
 * the tests ran, and tree-shaking keeps only the clients a handler imports.
 * The cold-start floor bundle is built the same way, so the ratio is fair.
 */
import type { BuildOptions } from 'esbuild';

/** Gives bundled CommonJS dependencies a `require` inside an ESM bundle. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** The CDK `NodejsFunction` bundling props (without CDK types, so the bench needs no CDK import). */
export const LAMBDA_BUNDLING = {
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundle the AWS SDK too: the functions run with the versions they were tested with.
  externalModules: [] as string[],
  banner: ESM_REQUIRE_BANNER,
  // Never fall back to Docker: synth must run offline on a plain machine.
  forceDockerBundling: false,
} as const;

/** Stack traces point at the TypeScript sources through the bundled source map. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/**
 * The same bundling, as esbuild's own build options (what CDK passes to
 * esbuild for the props above).
 *
 * @example
 * await build({ ...lambdaEsbuildOptions(), entryPoints: ['functions/submit-report/handler.ts'], outfile: 'out/index.mjs' });
 */
export function lambdaEsbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: LAMBDA_BUNDLING.format,
    target: LAMBDA_BUNDLING.target,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    external: [...LAMBDA_BUNDLING.externalModules],
    banner: { js: LAMBDA_BUNDLING.banner },
    logLevel: 'warning',
  };
}
