/**
 * Stands in for `asn1.js` in every function bundle (infra/bundling.ts
 * `SIGNING_ONLY_MODULES`). The Encryption SDK loads asn1.js (and the bn.js
 * copy it carries) only to write and read the PEM keys and DER signatures of
 * the ECDSA-signing algorithm suites; safe-pathway seals and opens with the
 * key-committing suite without signature only
 * (functions/adapters/crypto/report-keys.ts `SUITE`). The SDK's modules
 * still call `define` when they load, so that answers; anything that would
 * encode, decode or compute with it throws, so a signing suite is refused
 * (encrypting with one, or opening a signed message) rather than half-run.
 */
/* global module */
'use strict';

const REFUSED =
  'asn1.js is not bundled: it serves only the Encryption SDK’s ECDSA-signing algorithm suites, which safe-pathway does not use (infra/signing-refused.cjs)';

class SigningSuiteRefusedError extends Error {
  /** Also thrown by ./bn-stand-in.cjs, with its own message, for the curve arithmetic of those suites. */
  constructor(message = REFUSED) {
    super(message);
    this.name = 'SigningSuiteRefusedError';
  }
}

function refuse() {
  throw new SigningSuiteRefusedError();
}

const entity = Object.freeze({ encode: refuse, decode: refuse });

module.exports = {
  define: () => entity,
  bignum: { BN: refuse },
  SigningSuiteRefusedError,
};
