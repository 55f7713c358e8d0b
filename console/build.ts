/**
 * Builds the call-handler console into a folder of static files: the page,
 * GOV.UK Frontend's and MOJ Frontend's CSS (GOV.UK's licensed typeface
 * removed, as for the web form), our stylesheet and one esbuild bundle of
 * console/src. S3 + CloudFront serve the folder in AWS (infra/constructs/
 * console.ts); the local force API serves it at /console/. The folder has
 * no config.json: each deployment writes its own.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withoutGovukTypeface } from '../web/build';

export const CONSOLE_DIST = resolve(import.meta.dirname, 'dist');

function packageDir(name: string): string {
  return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
}

/**
 * @example
 * await buildConsole('.local/console/exampleshire'); // then write config.json beside it
 */
export async function buildConsole(outDir: string = CONSOLE_DIST): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const govuk = join(packageDir('govuk-frontend'), 'dist', 'govuk');
  writeFileSync(join(outDir, 'govuk-frontend.min.css'), withoutGovukTypeface(readFileSync(join(govuk, 'govuk-frontend.min.css'), 'utf8')));
  copyFileSync(join(packageDir('@ministryofjustice/frontend'), 'moj', 'moj-frontend.min.css'), join(outDir, 'moj-frontend.min.css'));
  copyFileSync(join(import.meta.dirname, 'static', 'index.html'), join(outDir, 'index.html'));
  copyFileSync(join(import.meta.dirname, 'static', 'console.css'), join(outDir, 'console.css'));
  await build({
    entryPoints: { console: join(import.meta.dirname, 'src', 'main.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outDir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // eslint-disable-next-line no-console -- a command-line entry point talking to a person
  console.log(`console built in ${await buildConsole(process.argv[2] ? resolve(process.argv[2]) : CONSOLE_DIST)}`);
}
