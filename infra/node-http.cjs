/**
 * Stands in for `node:http` wherever a bundled module imports it
 * (infra/bundling.ts `NODE_BUILTIN_STAND_INS`): it IS Node's `http` module,
 * taken with `require` instead of an ES module import. Node 24's `http`
 * exports `WebSocket`, `CloseEvent` and `MessageEvent` as lazy getters, and
 * the ES module facade Node builds for a built-in reads every export, so an
 * `import … from 'node:http'` loads all of undici (Node's fetch and
 * WebSocket), which nothing here uses. `@middy/util` imports
 * `STATUS_CODES` that way at the top of every route, and the AWS SDK's HTTP
 * handler imports `node:http` on the first request to an `http:` endpoint.
 * `require` returns the same module object without reading the getters.
 * test/unit/adapters/node-http-stand-in.test.ts proves a route's bundle
 * loads no undici at import, and that the SDK's HTTP path in a bundle still
 * talks to a real local HTTP server; test/unit/adapters/bundles.test.ts that
 * no function's files read at import take `http` by an ES module import.
 */
/* global module, require */
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- Node's own module, by require on purpose (above)
module.exports = require('http');
