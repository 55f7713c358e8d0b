/**
 * The cold-start paragraph on Node's module compile cache: what the imports
 * measured with a cache shipped beside each bundle (bench/compile-cache.ts)
 * do to the import target, what shipping one in Lambda would take, and what a
 * cache that does not match costs. Older runs lack the figures and get none.
 */
import type { ColdStartResult } from './cold-start';
import { median } from './stats';

const f1 = (value: number) => value.toFixed(1);
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const range = (values: number[], show: (value: number) => string) => `${show(Math.min(...values))}–${show(Math.max(...values))}`;

/** How the routes with a cache stand against 1.5× the floor with its cache. */
function verdict(within: number, routes: number, allFromCache: boolean): string {
  if (within === routes) return 'So a cache shipped with every function would meet the import target for every route.';
  const left = allFromCache
    ? ' What is left is not compilation (every module took its code from the cache) but what a cache does not take away: deserialising it, reading and linking the files, loading Node’s built-ins and running the bundles’ top-level code.'
    : '';
  if (within === 0) return `So the cache alone would not meet the import target for any route.${left}`;
  return `So the cache alone would meet the import target for ${within} of the ${routes} routes, not all.${left}`;
}

/**
 * @example
 * const paragraph = compileCacheSection(results.cold); // '' for a run without the figures
 */
export function compileCacheSection(cold: ColdStartResult): string {
  const floor = cold.floor.compileCache;
  const routes = cold.bundles.flatMap((bundle) => (bundle.compileCache ? [{ bundle, cache: bundle.compileCache }] : []));
  if (!floor || routes.length === 0) return '';
  const cached = routes.map(({ cache }) => cache.importMs);
  const uncached = routes.map(({ bundle }) => bundle.importMs);
  const ratios = cached.map((ms) => ms / floor.importMs);
  const saved = routes.map(({ bundle, cache }) => (100 * (bundle.importMs - cache.importMs)) / bundle.importMs);
  const within = routes.filter(({ cache }) => cache.importMs <= 1.5 * floor.importMs);
  const withinToday = routes.filter(({ cache }) => cache.importMs <= 1.5 * cold.floor.importMs);
  const accepted = [floor, ...routes.map(({ cache }) => cache)].reduce((sum, cache) => sum + cache.accepted, 0);
  const modules = [floor, ...routes.map(({ cache }) => cache)].reduce((sum, cache) => sum + cache.modules, 0);
  const change = (value: number) => (Math.round(value) >= 0 ? `${Math.round(value)}% shorter` : `${-Math.round(value)}% longer`);
  const names = within.length > 0 && within.length < routes.length ? ` (${within.map(({ bundle }) => bundle.name).join(', ')})` : '';
  return `**Imports with V8's code cache shipped beside the bundle — measured, reported, not a target.**
For the floor and each route, one process imported the bundle with Node's module compile cache on
(\`module.enableCompileCache({ directory, portable: true })\`, then \`module.flushCompileCache()\`), writing V8's
code cache into a directory beside the bundle (${kb(floor.bytes)} for the floor, ${range(
    routes.map(({ cache }) => cache.bytes),
    kb,
  )} for the routes); the directory was then made read-only,
as \`/var/task\` is, and ${cold.runs} fresh processes per bundle, in the same round-robin as the imports above, imported the bundle
reading it, timed from before the cache is enabled (\`bench/compile-cache.ts\`). Nothing in the directories changed while they
were read (checked, as root ignores the mode), and in one unmeasured import per bundle ${accepted} of the ${modules} modules compiled took their code from the cache.
With it the floor imports in ${f1(floor.importMs)} ms (${f1(cold.floor.importMs)} without), the routes in ${range(cached, f1)} ms, median ${f1(median(cached))}
(without: ${range(uncached, f1)} ms, median ${f1(median(uncached))}): each route's import ${change(median(saved))} at the median, from ${change(Math.min(...saved))} to ${change(Math.max(...saved))}.
Against the floor with its cache, ${within.length} of the ${routes.length} routes are within 1.5× (${range(ratios, (value) => `${value.toFixed(2)}×`)}, median
${median(ratios).toFixed(2)}×)${names}; against the floor without one, ${withinToday.length}. ${verdict(within.length, routes.length, accepted === modules)}

Not shipped; what it would take in Lambda. Node reads the cache only from a subdirectory named by its own version, CPU
architecture, V8's cache tag and the user id it runs as (\`${floor.subdirectory}\` in this run); V8's tag
changes with V8's flags (\`--expose-gc\`, which published copies of Lambda's Node bootstrap pass, gives another), and a
process that finds no subdirectory of its own name in a read-only directory runs without the cache (\`enableCompileCache\`
returns FAILED, it does not throw; checked by hand as another user). So the stack would have to write it, after the esbuild
step of \`infra/bundling.ts\`, with the exact Node release nodejs24.x runs, on arm64 (the functions' architecture; this
machine is x64), under the runtime's V8 flags, and name it for the user id Lambda runs functions as, which AWS does not
document; and the runtime's Node release changes with AWS's runtime updates unless each function's runtime version is
pinned (runtime management, manual mode), each update then needing the cache rebuilt. The cache must be portable (the asset
is built elsewhere than \`/var/task\`; without \`portable\` a moved bundle misses every module, checked by hand) and made
readable by all (Node writes its files 600), and the function started with \`NODE_COMPILE_CACHE\` and
\`NODE_COMPILE_CACHE_PORTABLE=1\` in its environment, or from an entry that enables the cache before importing the bundle.
It adds the cache's bytes to every asset. The risk is to speed, never to behaviour: a cache that does not match is not
used and the import compiles as it does today. test/unit/bench/compile-cache.test.ts imports the floor's bundle with a cache
whose bytes are flipped (Node's checksum refuses it) and with one written under other V8 flags (V8 refuses it): each time
the bundle runs and exports its handler, no module taking its code from the cache. Nothing tells a deployed function its
cache was refused but a cold start back at today's figure.`;
}
