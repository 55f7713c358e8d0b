/**
 * Builds the web form's static assets into web/dist/assets: GOV.UK Frontend's
 * CSS and JavaScript from the npm package, our stylesheet, and our two
 * scripts compiled with esbuild. S3 + CloudFront serve this folder in AWS;
 * the local force API serves it at /assets.
 *
 * GOV.UK's typeface (GDS Transport) is licensed for GOV.UK services only, so
 * the CSS is rewritten to use Arial, as the Design System advises for
 * services off GOV.UK, with self-hosted Noto fonts in front for the scripts
 * Arial may lack (Arabic, Urdu and Farsi in Naskh; Bengali; Gurmukhi). Each
 * covers only its script's characters (`unicode-range`), so a page downloads
 * a font only when it shows that script, and never from a third party.
 *
 * GOV.UK Frontend has no right-to-left styles: rtlcss mirrors the compiled
 * CSS (and ours) into `*.rtl.css` here, at build time; right-to-left pages
 * link those instead. No hand-edited copy of GOV.UK CSS exists.
 */
import { build } from 'esbuild';
import rtlcss from 'rtlcss';
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

/** The self-hosted fonts: npm package, family, and the one subset of it a page may need. */
export const SCRIPT_FONTS = [
  { pkg: '@fontsource/noto-naskh-arabic', family: 'Noto Naskh Arabic', subset: 'arabic' },
  { pkg: '@fontsource/noto-sans-bengali', family: 'Noto Sans Bengali', subset: 'bengali' },
  { pkg: '@fontsource/noto-sans-gurmukhi', family: 'Noto Sans Gurmukhi', subset: 'gurmukhi' },
] as const;

/** The font stack of every page: the script fonts first (each limited to its script), then Arial. */
export const FONT_STACK = `${SCRIPT_FONTS.map((font) => `"${font.family}"`).join(',')},arial,sans-serif`;

/** GOV.UK Frontend's CSS without its licensed typeface, in our font stack. */
export function withoutGovukTypeface(css: string): string {
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/GDS Transport,arial,sans-serif/g, FONT_STACK)
    .replace(/GDS Transport,/g, '')
    .replace(/font-family:GDS Transport([;}])/g, `font-family:${FONT_STACK}$1`);
}

/** Mirrors a stylesheet for right-to-left pages (left ↔ right, margins, floats, borders, positions). */
export function mirrored(css: string): string {
  return rtlcss.process(css);
}

/**
 * Copies the regular and bold font files of each script's subset into `fonts/`
 * and returns their `@font-face` rules, taken from the package's own CSS with
 * its `unicode-range`.
 */
function scriptFonts(outDir: string): string {
  const require = createRequire(import.meta.url);
  mkdirSync(join(outDir, 'fonts'), { recursive: true });
  const rules: string[] = [];
  for (const font of SCRIPT_FONTS) {
    const dir = dirname(require.resolve(`${font.pkg}/package.json`));
    for (const weight of [400, 700]) {
      const css = readFileSync(join(dir, `${weight}.css`), 'utf8');
      const rule = css.split('@font-face').find((block) => block.includes(`-${font.subset}-${weight}-normal.woff2`));
      const file = `${font.pkg.split('/')[1]}-${font.subset}-${weight}-normal.woff2`;
      const range = rule?.match(/unicode-range:\s*([^;]+);/)?.[1];
      if (!range) throw new Error(`no ${font.subset} ${weight} subset in ${font.pkg}`);
      copyFileSync(join(dir, 'files', file), join(outDir, 'fonts', file));
      rules.push(`@font-face{font-family:"${font.family}";font-style:normal;font-weight:${weight};font-display:swap;src:url(fonts/${file}) format("woff2");unicode-range:${range}}`);
    }
  }
  return `/* Self-hosted Noto fonts (SIL Open Font Licence), from ${SCRIPT_FONTS.map((font) => font.pkg).join(', ')}. */\n${rules.join('\n')}\n`;
}

/**
 * @example
 * await buildWebAssets();   // → web/dist/assets
 */
export async function buildWebAssets(outDir: string = ASSETS_DIR): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const govuk = govukDist();
  const govukCss = withoutGovukTypeface(readFileSync(join(govuk, 'govuk-frontend.min.css'), 'utf8'));
  writeFileSync(join(outDir, 'govuk-frontend.min.css'), govukCss);
  writeFileSync(join(outDir, 'govuk-frontend.rtl.min.css'), mirrored(govukCss));
  copyFileSync(join(govuk, 'govuk-frontend.min.js'), join(outDir, 'govuk-frontend.min.js'));
  const siteCss = readFileSync(join(import.meta.dirname, 'assets', 'site.css'), 'utf8');
  writeFileSync(join(outDir, 'site.css'), siteCss);
  writeFileSync(join(outDir, 'site.rtl.css'), mirrored(siteCss));
  writeFileSync(join(outDir, 'fonts.css'), scriptFonts(outDir));
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
