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

/**
 * A layer rule: modules under `from` may import, of ours, only what `mayImport` matches.
 *
 * @param {string} name the rule's name, printed beside each offending import
 * @param {string} from a path pattern: the layer
 * @param {string} mayImport a path pattern: what the layer may import
 * @param {string} comment why, printed with the name
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function layer(name, from, mayImport, comment) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: OURS, pathNot: mayImport } };
}

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
    layer('schemas-import-nothing-of-ours', '^schemas/', '^schemas/', 'schemas/ is the leaf: contracts, enums, purposes and data classes import no other folder of ours.'),
    layer('domain-imports-only-schemas', '^functions/domain/', '^(schemas|functions/domain)/', 'functions/domain/ is pure: it may import schemas/ and itself, never adapters, middleware, wiring, handlers, web or infra.'),
    layer('adapters-import-domain-and-schemas', '^functions/adapters/', '^(schemas|functions/domain|functions/adapters)/', 'functions/adapters/ implements domain ports: it may import the domain and schemas/, never middleware, wiring, handlers, web or infra.'),
    layer('middleware-imports-domain-schemas-and-web', '^functions/middleware/', '^(schemas|web|functions/domain|functions/middleware)/', 'functions/middleware/ may import the domain, schemas/ and (for the form-post glue that answers a form post with a page) web/; never adapters, wiring, handlers or infra.'),
    layer('wiring-composes-adapters', '^functions/wiring/', '^(schemas|functions/(domain|adapters|middleware|wiring))/', 'functions/wiring/ composes adapters, domain, middleware and schemas/; it never imports handlers, web or infra.'),
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
    layer('web-imports-schemas-and-domain-types', '^web/', '^(schemas|web|functions/domain)/', 'web/ imports schemas/ and, as types only, functions/domain/; the form-post glue handlers use lives in functions/middleware/.'),
    {
      name: 'web-imports-domain-types-only',
      comment: 'web/ may take types from functions/domain/ (import type), never its code.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^functions/domain/', dependencyTypesNot: ['type-only'] },
    },
    layer('infra-imports-schemas-not-functions', '^infra/', '^(schemas|infra)/|^web/site\\.ts$|^console/(config|security)\\.ts$', 'infra/ (the CDK app and its route table) imports schemas/ and itself, never function code: handlers are bundled from their entry paths. It reads the configuration of what it deploys: a site (web/site.ts) and the console (console/config.ts, console/security.ts).'),
    {
      name: 'console-imports-schemas-types-only',
      comment:
        'The staff console runs in the browser: it takes only types from schemas/, never zod or contract code ' +
        '(the language table and the contact vocabulary, plain data with no imports, are the exceptions: the queue names each language in its own script, a report shows why a channel is refused in the API\'s words).',
      severity: 'error',
      from: { path: '^console/src/' },
      to: { path: '^schemas/', pathNot: '^schemas/(languages|contact)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    layer('console-imports-only-schemas', '^console/src/', '^(console|schemas)/', 'The staff console (console/src/) imports only schemas/ (as types) and the console folder.'),
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
