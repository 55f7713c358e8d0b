/**
 * Stands in for `readable-stream` v3 in every function bundle
 * (infra/bundling.ts `ENCRYPTION_SDK_STAND_INS`): Node's own `node:stream`,
 * which the runtime has loaded already, instead of 37 KB of readable-stream
 * read at every cold start. readable-stream v3 is Node 10's stream code for
 * old Nodes and browsers, and has its own switch to Node's module
 * (`READABLE_STREAM=disable`).
 *
 * Its users in a bundle take `Transform`, `PassThrough`, `pipeline` and
 * `finished` (the Encryption SDK) and `Duplex`, `Readable`, `Writable`
 * (duplexify). One of those behaves differently on Node and is adapted here:
 * readable-stream's `pipeline` treats the callback as optional, Node's throws
 * ERR_INVALID_ARG_TYPE without one, and encrypt-node calls
 * `pipeline(encryptStream, signatureStream)` with none. Node's other
 * differences (streams destroy themselves once done, `finished` waits for
 * `close`) are held to the SDK's behaviour by
 * test/unit/adapters/sdk-stand-ins.test.ts: every truncation and every bit
 * flip of a many-framed message fails in a bundle exactly as in the
 * unbundled SDK, and both open each other's messages.
 */
/* global module, require */
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS stand-in for a CommonJS package
const stream = require('node:stream');

const noop = () => {};

/** readable-stream v3's `pipeline`: the last argument is the callback only when it is a function. */
function pipeline(...streams) {
  if (typeof streams[streams.length - 1] === 'function') return stream.pipeline(...streams);
  return stream.pipeline(...streams, noop);
}

module.exports = { ...stream, Stream: stream, pipeline };
