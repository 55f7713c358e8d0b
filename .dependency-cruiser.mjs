/**
 * The direction of imports between the layers, checked by `npm run lint` (dependency-cruiser).
 *
 *   schemas/ <- functions/domain/ <- functions/adapters/, functions/middleware/ <- functions/wiring/ <- handlers
 *   web/ -> schemas/ (and domain types);  infra/ -> schemas/;  console/src -> schemas/ types
 *
 * Each rule's name is what a failing `npm run lint` prints beside the offending import, so a
 * name says which way the import must not go. scripts/, test/ and bench/ sit on top and may
 * import anything. README.md's layout table and CONTRIBUTING.md describe the same picture.
 */

/** Handler folders: every folder under functions/ that is not one of the named layers. */
const HANDLERS = '^functions/(?!(domain|adapters|middleware|wiring)/)[^/]+/';
/** Where the layered code is: anything a rule below names as "ours". */
const OURS = '^(schemas|functions|web|infra|console|scripts|test|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Two modules import each other (directly or round a loop): move the shared declaration down a layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'schemas-import-nothing-of-ours',
      comment: 'schemas/ is the leaf: contracts, enums, purposes and data classes import no other folder of ours.',
      severity: 'error',
      from: { path: '^schemas/' },
      to: { path: OURS, pathNot: '^schemas/' },
    },
    {
      name: 'domain-imports-only-schemas',
      comment: 'functions/domain/ is pure: it may import schemas/ and itself, never adapters, middleware, wiring, handlers, web or infra.',
      severity: 'error',
      from: { path: '^functions/domain/' },
      to: { path: OURS, pathNot: '^(schemas|functions/domain)/' },
    },
    {
      name: 'adapters-import-domain-and-schemas',
      comment: 'functions/adapters/ implements domain ports: it may import the domain and schemas/, never middleware, wiring, handlers, web or infra.',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: OURS, pathNot: '^(schemas|functions/domain|functions/adapters)/' },
    },
    {
      name: 'middleware-imports-domain-schemas-and-web',
      comment:
        'functions/middleware/ may import the domain, schemas/ and (for the form-post glue that answers a form post with a page) web/; never adapters, wiring, handlers or infra.',
      severity: 'error',
      from: { path: '^functions/middleware/' },
      to: { path: OURS, pathNot: '^(schemas|web|functions/domain|functions/middleware)/' },
    },
    {
      name: 'wiring-composes-adapters',
      comment: 'functions/wiring/ composes adapters, domain, middleware and schemas/; it never imports handlers, web or infra.',
      severity: 'error',
      from: { path: '^functions/wiring/' },
      to: { path: OURS, pathNot: '^(schemas|functions/(domain|adapters|middleware|wiring))/' },
    },
    {
      name: 'wiring-imported-only-by-handlers',
      comment: 'functions/wiring/ is imported only by handlers, scripts, tests and benches.',
      severity: 'error',
      from: { path: OURS, pathNot: `${HANDLERS}|^functions/wiring/|^(scripts|test|bench)/` },
      to: { path: '^functions/wiring/' },
    },
    {
      name: 'handlers-imported-only-by-handlers',
      comment: 'A handler is an entry point: only other handlers (a shell), scripts, tests and benches import it.',
      severity: 'error',
      from: { path: OURS, pathNot: `${HANDLERS}|^(scripts|test|bench)/` },
      to: { path: HANDLERS },
    },
    {
      name: 'web-imports-schemas-and-domain-types',
      comment: 'web/ imports schemas/ and, as types only, functions/domain/; the form-post glue handlers use lives in functions/middleware/.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: OURS, pathNot: '^(schemas|web|functions/domain)/' },
    },
    {
      name: 'web-imports-domain-types-only',
      comment: 'web/ may take types from functions/domain/ (import type), never its code.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^functions/domain/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'infra-imports-schemas-not-functions',
      comment:
        'infra/ (the CDK app and its route table) imports schemas/ and itself, never function code: handlers are bundled from their entry paths. ' +
        'It reads the configuration of what it deploys: a site (web/site.ts) and the console (console/config.ts, console/security.ts).',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: OURS, pathNot: '^(schemas|infra)/|^web/site\\.ts$|^console/(config|security)\\.ts$' },
    },
    {
      name: 'console-imports-schemas-types-only',
      comment: 'The staff console runs in the browser: it takes only types from schemas/, never zod or contract code.',
      severity: 'error',
      from: { path: '^console/src/' },
      to: { path: '^schemas/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'console-imports-only-schemas',
      comment: 'The staff console (console/src/) imports only schemas/ (as types) and the console folder.',
      severity: 'error',
      from: { path: '^console/src/' },
      to: { path: OURS, pathNot: '^(console|schemas)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|dist|web/dist|\\.local|test-results|docs)/' },
    // `import type` counts: a type-only loop still ties two modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
