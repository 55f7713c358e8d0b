/**
 * infra/bn-stand-in.cjs answers exactly as the real bn.js (the copy the
 * Encryption SDK's serialize package loads) for every use the SDK makes of
 * it: a content length written as 8 big-endian bytes and read back (throwing
 * at 2^53 and above, as the SDK relies on), and the curve set-up ecc_decode
 * runs at load. Anything else it refuses by name rather than guessing.
 */
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

interface BnLike {
  toArray(endian?: string, length?: number): number[];
  toNumber(): number;
  bitLength(): number;
  eq(other: BnLike): boolean;
  add(other: BnLike): BnLike;
  mod(other: BnLike): BnLike;
  div(other: BnLike): BnLike;
  pow(other: BnLike): BnLike;
  toRed(context: unknown): BnLike;
}
type BnClass = (new (number: number | string | number[], base?: number | string, endian?: string) => BnLike) & { mont(p: BnLike): unknown };

// The bn.js and Maximum the SDK itself loads (through @aws-crypto/serialize, which decrypt-node depends on).
const requireFromSdk = createRequire(createRequire(import.meta.url).resolve('@aws-crypto/decrypt-node'));
const requireFromSerialize = createRequire(requireFromSdk.resolve('@aws-crypto/serialize'));
const RealBN = requireFromSerialize('bn.js') as BnClass;
const { Maximum, FRAME_LENGTH } = requireFromSdk('@aws-crypto/serialize') as { Maximum: Record<string, number>; FRAME_LENGTH: number };
const StandIn = createRequire(import.meta.url)('../../../infra/bn-stand-in.cjs') as BnClass;

/** What a call returns, or the fact that it threw (bn.js asserts; the SDK only needs the throw). */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch {
    return 'throws';
  }
}

const EDGES = [
  0,
  1,
  255,
  256,
  2 ** 26 - 1,
  2 ** 26,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 52 - 1,
  2 ** 52,
  2 ** 53 - 1,
  FRAME_LENGTH,
  Maximum.FRAME_SIZE!,
  Maximum.BYTES_PER_AES_GCM_NONCE!,
  Maximum.BYTES_PER_MESSAGE!,
];

const beBytes = (value: bigint) => Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(8 * (7 - i))) & 0xffn));

describe('the bn.js stand-in in every bundle', () => {
  it('writes a content length as 8 big-endian bytes exactly as bn.js does, at the edges', () => {
    for (const value of EDGES) expect([value, new StandIn(value).toArray('be', 8)]).toEqual([value, new RealBN(value).toArray('be', 8)]);
  });

  it('reads 8 big-endian bytes back to the same number, and throws where bn.js throws (2^53 and above)', () => {
    const values = [...EDGES.map(BigInt), 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];
    for (const value of values) {
      const bytes = beBytes(value);
      expect([value, outcome(() => new StandIn(bytes, 16, 'be').toNumber())]).toEqual([value, outcome(() => new RealBN(bytes, 16, 'be').toNumber())]);
    }
    expect(() => new StandIn(beBytes(2n ** 53n), 16, 'be').toNumber()).toThrow(/53 bits/);
  });

  it('agrees with bn.js on any safe integer and any 8 bytes', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (value) => {
        expect(new StandIn(value).toArray('be', 8)).toEqual(new RealBN(value).toArray('be', 8));
        expect(new StandIn(value).toArray()).toEqual(new RealBN(value).toArray());
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 9 }), (bytes) => {
        const array = [...bytes];
        expect(outcome(() => new StandIn(array, 16, 'be').toNumber())).toEqual(outcome(() => new RealBN(array, 16, 'be').toNumber()));
        expect(outcome(() => new StandIn(array).toArray('be', 8))).toEqual(outcome(() => new RealBN(array).toArray('be', 8)));
        // ecc_encode's y-parity of a public key.
        expect(new StandIn(array).mod(new StandIn(2)).toNumber()).toBe(new RealBN(array).mod(new RealBN(2)).toNumber());
      }),
    );
  });

  it('refuses numbers bn.js refuses or would mangle: 2^53 and above, negative, fractional', () => {
    expect(outcome(() => new StandIn(2 ** 53))).toEqual(outcome(() => new RealBN(2 ** 53)));
    expect(() => new StandIn(-1)).toThrow(expect.objectContaining({ name: 'BnSubsetError' }));
    expect(() => new StandIn(1.5)).toThrow(expect.objectContaining({ name: 'BnSubsetError' }));
  });

  it('computes the P-256 and P-384 set-up ecc_decode runs when the SDK loads, as bn.js does', () => {
    const primes = [
      'FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF',
      'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF',
    ];
    for (const hex of primes) {
      const setUp = (BN: BnClass) => {
        const p = new BN(hex, 16);
        return { fits: p.mod(new BN(4)).eq(new BN(3)), redPow: p.add(new BN(1)).div(new BN(4)).toArray(), bitLength: p.bitLength(), mont: typeof BN.mont(p) };
      };
      expect(setUp(StandIn)).toEqual(setUp(RealBN));
    }
  });

  it('refuses the curve arithmetic of the ECDSA-signing suites, and anything outside its subset, by name', () => {
    const p = new StandIn('FFFF', 16);
    expect(() => p.pow(new StandIn(3))).toThrow(expect.objectContaining({ name: 'SigningSuiteRefusedError', message: expect.stringMatching(/ECDSA-signing/) }));
    expect(() => p.toRed(StandIn.mont(p))).toThrow(expect.objectContaining({ name: 'SigningSuiteRefusedError' }));
    expect(() => p.toArray('le', 8)).toThrow(expect.objectContaining({ name: 'BnSubsetError' }));
    expect(() => new StandIn('123', 10)).toThrow(expect.objectContaining({ name: 'BnSubsetError' }));
    expect(() => new StandIn('-ff', 16)).toThrow(expect.objectContaining({ name: 'BnSubsetError' }));
    expect(() => new StandIn([1, 2], 16, 'le')).toThrow(expect.objectContaining({ name: 'BnSubsetError' }));
  });
});
