/**
 * Stands in for `bn.js` (44 KB read at every cold start) in every function
 * bundle (infra/bundling.ts `ENCRYPTION_SDK_STAND_INS`), on BigInt. Every
 * bundled importer of bn.js and what it does with it:
 *
 * - @aws-crypto/serialize aad_factory: `new BN(contentLength).toArray('be', 8)`,
 *   a frame's content length as 8 big-endian bytes of the body AAD.
 * - @aws-crypto/serialize decode_body_header: `new BN([...8 bytes], 16, 'be').toNumber()`,
 *   a non-framed body's content length read back; it must THROW at 2^53 and
 *   above (the SDK relies on that rather than a rounded number).
 * - @aws-crypto/material-management ecc_decode, at module load: the P-256 and
 *   P-384 curve constants from hex, `mod`, `eq`, `add`, `div`, `bitLength`
 *   and `BN.mont(p)`. Decoding a compressed point (opening a message of an
 *   ECDSA-signing suite) then needs `pow`, `mul`, `sub` and Montgomery
 *   `toRed`/`redPow`/`fromRed`: those refuse with SigningSuiteRefusedError,
 *   as asn1.js's stand-in does (./signing-refused.cjs), because safe-pathway
 *   never uses a signing suite.
 * - @aws-crypto/material-management ecc_encode (signing suites only):
 *   `new BN([...bytes]).mod(new BN(2)).toNumber()`, within the subset.
 *
 * Only non-negative integers are held. Any input outside that subset (a
 * negative or fractional number, a base other than 16 for text, little-endian
 * bytes) throws BnSubsetError instead of guessing; the exact answers are
 * compared with the real bn.js in test/unit/adapters/bn-stand-in.test.ts.
 */
/* global module, require */
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS stand-in for a CommonJS package
const { SigningSuiteRefusedError } = require('./signing-refused.cjs');

class BnSubsetError extends Error {
  constructor(what) {
    super(`bn.js stand-in (infra/bn-stand-in.cjs) does not implement ${what}: only what the Encryption SDK's unsigned suites need`);
    this.name = 'BnSubsetError';
  }
}

const SIGNING_ONLY =
  'bn.js curve arithmetic is not bundled: it serves only the Encryption SDK’s ECDSA-signing algorithm suites, which safe-pathway does not use (infra/bn-stand-in.cjs)';

function refuseSigning() {
  throw new SigningSuiteRefusedError(SIGNING_ONLY);
}

/** bn.js's own assertion errors, with its messages (the SDK's callers only see that they throw). */
function assert(condition, message) {
  if (!condition) throw new Error(message || 'Assertion failed');
}

function fromBytes(bytes) {
  let value = 0n;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (!Number.isInteger(byte) || byte < 0 || byte > 255) throw new BnSubsetError('an array whose items are not bytes');
    value = (value << 8n) | BigInt(byte);
  }
  return value;
}

function toValue(number, base, endian) {
  if (base === 'le' || base === 'be') {
    endian = base;
    base = 10;
  }
  if (endian !== undefined && endian !== 'be') throw new BnSubsetError(`endian ${String(endian)}`);
  if (typeof number === 'number') {
    if (!Number.isInteger(number) || number < 0) throw new BnSubsetError('a negative or fractional number');
    // bn.js asserts the same bound.
    assert(number < 2 ** 53);
    return BigInt(number);
  }
  if (typeof number === 'bigint') {
    if (number < 0n) throw new BnSubsetError('a negative number');
    return number;
  }
  if (typeof number === 'string') {
    if (base !== 16 && base !== 'hex') throw new BnSubsetError(`text in base ${String(base)}`);
    const digits = number.replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw new BnSubsetError('hex text with a sign or other characters');
    return digits === '' ? 0n : BigInt(`0x${digits}`);
  }
  if (number !== null && typeof number === 'object' && typeof number.length === 'number') return fromBytes(number);
  throw new BnSubsetError(`a ${typeof number}`);
}

class BN {
  #value;

  constructor(number, base, endian) {
    this.#value = toValue(number ?? 0, base, endian);
  }

  /** A content length is at most 2^53 - 1; like bn.js, larger values throw rather than round. */
  toNumber() {
    assert(this.#value < 2n ** 53n, 'Number can only safely store up to 53 bits');
    return Number(this.#value);
  }

  byteLength() {
    return Math.ceil(this.bitLength() / 8);
  }

  bitLength() {
    return this.#value === 0n ? 0 : this.#value.toString(2).length;
  }

  toArray(endian, length) {
    if (endian !== undefined && endian !== 'be') throw new BnSubsetError(`endian ${String(endian)}`);
    const byteLength = this.byteLength();
    const size = length || Math.max(1, byteLength);
    assert(byteLength <= size, 'byte array longer than desired length');
    const out = new Array(size).fill(0);
    let rest = this.#value;
    for (let i = size - 1; i >= 0 && rest > 0n; i--) {
      out[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    return out;
  }

  eq(other) {
    return this.#value === BN.#of(other);
  }

  add(other) {
    return new BN(this.#value + BN.#of(other));
  }

  mod(other) {
    return new BN(this.#value % BN.#divisor(other));
  }

  div(other) {
    return new BN(this.#value / BN.#divisor(other));
  }

  toString(base) {
    if (base !== 16 && base !== 'hex') throw new BnSubsetError(`text in base ${String(base)}`);
    return this.#value.toString(16);
  }

  /** ecc_decode builds its Montgomery context at load; only using it (signing suites) is refused. */
  static mont(modulus) {
    return Object.freeze({ refused: 'montgomery', modulus });
  }

  static isBN(value) {
    return value instanceof BN;
  }

  static #of(other) {
    if (!(other instanceof BN)) throw new BnSubsetError('an operand that is not a BN');
    return other.#value;
  }

  static #divisor(other) {
    const value = BN.#of(other);
    if (value === 0n) throw new BnSubsetError('division by zero');
    return value;
  }
}

// What decoding a compressed ECDSA point computes (ecc_decode's `decode`).
for (const name of ['pow', 'mul', 'sub', 'toRed', 'redPow', 'fromRed']) {
  BN.prototype[name] = refuseSigning;
}

BN.BN = BN;
BN.BnSubsetError = BnSubsetError;

module.exports = BN;
