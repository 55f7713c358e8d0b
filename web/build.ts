/**
 * Builds the web form's static assets into web/dist/assets: GOV.UK Frontend's
 * CSS and JavaScript from the npm package, our stylesheet, and our two
 * scripts compiled with esbuild. S3 + CloudFront serve this folder in AWS;
 * the local force API serves it at /assets.
 *
 * GOV.UK's typeface (GDS Transport) is licensed for GOV.UK services only, so
 * the CSS is rewritten to use Arial, as the Design System advises for
 * services off GOV.UK.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const WEB_DIST = resolve(import.meta.dirname, 'dist');
export const ASSETS_DIR = join(WEB_DIST, 'assets');

function govukDist(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
}

/** GOV.UK Frontend's CSS without its licensed typeface. */
export function withoutGovukTypeface(css: string): string {
  return css.replace(/@font-face\{[^}]*\}/g, '').replace(/GDS Transport,/g, '').replace(/font-family:GDS Transport([;}])/g, 'font-family:arial,sans-serif$1');
}

/**
 * @example
 * await buildWebAssets();   // → web/dist/assets
 */
export async function buildWebAssets(outDir: string = ASSETS_DIR): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const govuk = govukDist();
  writeFileSync(join(outDir, 'govuk-frontend.min.css'), withoutGovukTypeface(readFileSync(join(govuk, 'govuk-frontend.min.css'), 'utf8')));
  copyFileSync(join(govuk, 'govuk-frontend.min.js'), join(outDir, 'govuk-frontend.min.js'));
  copyFileSync(join(import.meta.dirname, 'assets', 'site.css'), join(outDir, 'site.css'));
  await build({
    entryPoints: [join(import.meta.dirname, 'assets', 'init.ts'), join(import.meta.dirname, 'assets', 'enhance.ts')],
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    // GOV.UK Frontend is loaded from the same folder at run time (the package's own minified module), not bundled again.
    plugins: [
      {
        name: 'govuk-frontend-beside',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^govuk-frontend$/ }, () => ({ path: './govuk-frontend.min.js', external: true }));
        },
      },
    ],
    logLevel: 'warning',
  });
  return outDir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // eslint-disable-next-line no-console -- a command-line entry point talking to a person
  console.log(`web assets built in ${await buildWebAssets(process.argv[2] ? resolve(process.argv[2]) : ASSETS_DIR)}`);
}
