/**
 * A function carries the AWS Encryption SDK only if its role may use a key:
 * the others (status look-up, queue list, outcome, lease, reassign, web
 * form) are built on runtimes without a cipher (the audit trail opens sealed
 * staff text, so it carries the SDK and its key grants), which keeps their
 * bundles and cold starts small (docs/performance.md). And the API's own
 * functions read no web-form code or locales at import: a form post loads
 * them from a chunk of their own (the report form's and the status look-up's,
 * and the receipt channel pages'). Built with exactly the esbuild options the
 * stack uses (infra/bundling.ts), without writing anything.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { filesReadAtImport, lambdaEsbuildOptions } from '../../../infra/bundling';
import { ROUTES } from '../../../infra/routes';

const metafiles = new Map<string, Promise<Metafile>>();

/** Each entry built once per file: the tests below read the same bundles. */
function metafileOf(entry: string): Promise<Metafile> {
  let metafile = metafiles.get(entry);
  if (!metafile) {
    metafile = build({ ...lambdaEsbuildOptions(), entryPoints: [entry], outdir: 'out', write: false, sourcemap: false, logLevel: 'silent' }).then((result) => result.metafile!);
    metafiles.set(entry, metafile);
  }
  return metafile;
}

function packagesOf(inputs: Iterable<string>): Set<string> {
  return new Set([...inputs].map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]).filter((name): name is string => name !== undefined));
}

/** The source files whose code is in the output files a cold start reads. */
function inputsReadAtImport(metafile: Metafile): Set<string> {
  return new Set(filesReadAtImport(metafile).flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {})));
}

/** The routes the report form and the status look-up post to (functions/middleware/form-posts.ts). */
const POSTED_BY_THE_FORM = ['functions/submit-report/handler.ts', 'functions/report-status/handler.ts'];
/** The receipt channel's routes, which the "Check on or update your report" pages post to (functions/middleware/channel-posts.ts). */
const POSTED_BY_THE_CHANNEL_PAGES = ['report-thread', 'thread-reply', 'report-pause', 'safe-contact-change', 'consent-change', 'receipt-rotation'].map((name) => `functions/${name}/handler.ts`);

/** The source files in the output files loaded later: by a dynamic import() of a file read at import, and what those import in turn. */
function inputsLoadedLater(metafile: Metafile): string[] {
  const atImport = new Set(filesReadAtImport(metafile));
  const later = new Set<string>();
  const visit = (file: string) => {
    if (later.has(file) || atImport.has(file)) return;
    later.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (!imported.external) visit(imported.path);
  };
  for (const file of atImport) for (const imported of metafile.outputs[file]?.imports ?? []) if (imported.kind === 'dynamic-import') visit(imported.path);
  return [...later].flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
}

describe('function bundles', () => {
  it('hold the Encryption SDK exactly where the route is granted a key', async () => {
    const entries = [...new Set(ROUTES.map((route) => route.entry))];
    const packages = new Map(await Promise.all(entries.map(async (entry) => [entry, packagesOf(Object.keys((await metafileOf(entry)).inputs))] as const)));
    for (const route of ROUTES) {
      const usesKeys = route.access.reportKey.length + route.access.safeguardingKey.length > 0;
      const hasSdk = packages.get(route.entry)!.has('@aws-crypto/material-management-node');
      expect([route.name, hasSdk]).toEqual([route.name, usesKeys]);
    }
    // Bundling every route (30 with the receipt channel's) takes minutes on a busy 2-core machine.
  }, 360_000);

  // web/i18n.ts: a cold start reads English at most; each other language is loaded by the first page in it.
  it('read no locale but English at import in any function; every other language is a chunk of its own, loaded by the first page in it', async () => {
    const entries = [...new Set(ROUTES.map((route) => route.entry))];
    for (const entry of entries) {
      const metafile = await metafileOf(entry);
      const locales = [...inputsReadAtImport(metafile)].filter((file) => file.startsWith('web/locales/'));
      expect([entry, locales.filter((file) => file !== 'web/locales/en.json')]).toEqual([entry, []]);
      for (const [file, output] of Object.entries(metafile.outputs)) {
        const inputs = Object.keys(output.inputs);
        const other = inputs.filter((input) => input.startsWith('web/locales/') && input !== 'web/locales/en.json');
        if (other.length) expect([entry, file, inputs]).toEqual([entry, file, other.slice(0, 1)]);
      }
    }
    // The web form reads English up front: every page falls back to it and its failure page is in it.
    expect([...inputsReadAtImport(await metafileOf('functions/web-form/handler.ts'))]).toContain('web/locales/en.json');
  }, 360_000);

  // infra/node-http.cjs: an ES module import of Node's http makes Node 24 load undici at import.
  it('take Node’s http module at import by require in every function, never by an ES module import', async () => {
    const entries = [...new Set(ROUTES.map((route) => route.entry))];
    for (const entry of entries) {
      const metafile = await metafileOf(entry);
      const imports = filesReadAtImport(metafile).flatMap((file) => metafile.outputs[file]?.imports ?? []);
      const esmHttp = imports.filter((imported) => imported.external && imported.kind === 'import-statement' && ['http', 'node:http'].includes(imported.path));
      expect([entry, esmHttp]).toEqual([entry, []]);
    }
  }, 360_000);

  it('carry the split Encryption SDK packages, never client-node with its unused RSA keyring and caching manager', async () => {
    const packages = packagesOf(Object.keys((await metafileOf('functions/submit-report/handler.ts')).inputs));
    expect(packages.has('@aws-crypto/encrypt-node')).toBe(true);
    for (const unused of ['@aws-crypto/client-node', '@aws-crypto/raw-rsa-keyring-node', '@aws-crypto/caching-materials-manager-node']) {
      expect([unused, packages.has(unused)]).toEqual([unused, false]);
    }
  }, 60_000);

  it('read no web-form code or locales at import in the API functions the pages post to; a form post loads them as a chunk', async () => {
    // Every public route but the web form's own is an API route a page posts to: the report, the status look-up, the receipt channel's.
    const apiEntries = [...new Set(ROUTES.filter((route) => route.auth === 'public' && route.entry !== 'functions/web-form/handler.ts').map((route) => route.entry))];
    expect(apiEntries).toEqual(expect.arrayContaining([...POSTED_BY_THE_FORM, ...POSTED_BY_THE_CHANNEL_PAGES]));
    for (const entry of apiEntries) {
      const metafile = await metafileOf(entry);
      const atImport = [...inputsReadAtImport(metafile)];
      expect([entry, atImport.filter((file) => file.startsWith('web/'))]).toEqual([entry, []]);
      // The pages are still there, for form posts: in a chunk an imported file loads with a dynamic import().
      const formModule = POSTED_BY_THE_CHANNEL_PAGES.includes(entry) ? 'functions/middleware/channel-posts.ts' : 'functions/middleware/form-posts.ts';
      const loadedLater = inputsLoadedLater(metafile);
      expect([entry, loadedLater.includes(formModule)]).toEqual([entry, true]);
      expect([entry, loadedLater.some((file) => file.startsWith('web/locales/'))]).toEqual([entry, true]);
    }
  }, 120_000);
});
