/**
 * bn.js and readable-stream are not in any function bundle
 * (infra/bundling.ts `ENCRYPTION_SDK_STAND_INS`), and a bundle built the
 * stack's way still speaks the Encryption SDK's format with the unbundled SDK
 * (real bn.js and readable-stream, here in the test): each opens what the
 * other sealed, one frame or many, the report cipher's body and padded
 * protected section included (one frame each); and every damaged message fails in the bundle
 * with the same error as in the unbundled SDK, never opening and never hanging.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleFunction, filesReadAtImport, type BuiltBundle } from '../../../infra/bundling';
import { PROTECTED_PAD_BYTES } from '../../../functions/adapters/crypto/envelope-report-cipher';
import { FRAME_BYTES } from '../../../functions/adapters/crypto/report-keys';
import { ACCOUNT_MAX, ReportSubmissionSchema } from '../../../schemas/report';
import * as unbundled from '../../support/bundles/sdk-interop';
import { fullSubmission } from '../../support/reports';

/**
 * The SDK's default frame length. The messages below are sealed in it, so they span many frames, as parts
 * sealed before the report cipher set one frame per part (functions/adapters/crypto/report-keys.ts FRAME_BYTES) did.
 */
const FRAME = 4096;

const bundle = bundleFunction('test/support/bundles/sdk-interop.ts');
const load = async () => (await import(pathToFileURL(join(bundle.assetDir, 'index.mjs')).href)) as typeof unbundled;

const REPLACED = ['node_modules/bn.js/', 'node_modules/readable-stream/'];
const STAND_INS = ['infra/bn-stand-in.cjs', 'infra/node-stream.cjs'];

function inputsOf({ metafile }: BuiltBundle, files = Object.keys(metafile.outputs)): string[] {
  return files.flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
}

/** A reason a message did not open (or that it opened: then the test fails). */
async function failure(open: Promise<unknown>): Promise<string> {
  const settled = await Promise.race([
    open.then(
      () => 'OPENED',
      (error: Error) => `${error.name}: ${error.message}`,
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve('HUNG'), 2_000)),
  ]);
  return settled;
}

describe('bundles without bn.js and readable-stream', () => {
  it('carry neither, in any file, and read the stand-ins at import instead', () => {
    for (const entry of ['test/support/bundles/sdk-interop.ts', 'functions/queue-claim/handler.ts', 'functions/submit-report/handler.ts', 'functions/report-read/handler.ts', 'functions/message-post/handler.ts']) {
      const built = bundleFunction(entry);
      expect([entry, inputsOf(built).filter((input) => REPLACED.some((path) => input.includes(path)))]).toEqual([entry, []]);
      expect([entry, STAND_INS.filter((standIn) => inputsOf(built, filesReadAtImport(built.metafile)).includes(standIn))]).toEqual([entry, STAND_INS]);
    }
  }, 120_000);

  describe.each([0, 1, FRAME - 1, FRAME, FRAME + 1, 3 * FRAME + 5])('a %i-byte message', (size) => {
    const key = new Uint8Array(randomBytes(32));
    const plaintext = randomBytes(size);

    it('sealed by the unbundled SDK opens in the bundle', async () => {
      const sdk = await load();
      expect(Buffer.compare(await sdk.openMessage(key, await unbundled.sealMessage(key, plaintext)), plaintext)).toBe(0);
    });

    it('sealed in the bundle opens in the unbundled SDK', async () => {
      const sdk = await load();
      expect(Buffer.compare(await unbundled.openMessage(key, await sdk.sealMessage(key, plaintext)), plaintext)).toBe(0);
    });
  });

  describe('a report sealed as the intake seals it', () => {
    const parsed = ReportSubmissionSchema.parse(fullSubmission());
    const { immigration, ...rest } = parsed;
    // The longest account the contract allows: more than one default frame, sealed as one frame of FRAME_BYTES.
    const body = { ...rest, incident: { ...rest.incident, account: 'a'.repeat(ACCOUNT_MAX) } };
    const keys = { report: new Uint8Array(randomBytes(32)), safeguarding: new Uint8Array(randomBytes(32)) };
    const context = { forceId: 'example-north', reportId: 'r-interop' };

    it('holds parts larger than a default frame, each of which one frame of FRAME_BYTES holds whole', () => {
      expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(2 * FRAME);
      expect(PROTECTED_PAD_BYTES).toBeGreaterThan(FRAME);
      expect(FRAME_BYTES).toBeGreaterThanOrEqual(Math.max(PROTECTED_PAD_BYTES, Buffer.byteLength(JSON.stringify(body))));
    });

    it('opens in the bundle when the unbundled cipher sealed it', async () => {
      const sdk = await load();
      await expect(sdk.openReport(keys, await unbundled.sealReport(keys, body, immigration!, context), context)).resolves.toEqual({ body, immigration });
    });

    it('opens in the unbundled cipher when the bundle sealed it', async () => {
      const sdk = await load();
      await expect(unbundled.openReport(keys, await sdk.sealReport(keys, body, immigration!, context), context)).resolves.toEqual({ body, immigration });
    });
  });

  it('fails every truncation and every flipped bit of a many-framed message exactly as the unbundled SDK does', async () => {
    const sdk = await load();
    const key = new Uint8Array(randomBytes(32));
    const message = await unbundled.sealMessage(key, randomBytes(300), 64);
    const damaged = [
      ...Array.from({ length: message.byteLength }, (_, cut) => message.subarray(0, cut)),
      ...Array.from({ length: message.byteLength }, (_, at) => {
        const copy = Buffer.from(message);
        copy[at] = copy[at]! ^ 0x01;
        return copy;
      }),
    ];
    const inBundle: string[] = [];
    const outside: string[] = [];
    for (const bytes of damaged) {
      inBundle.push(await failure(sdk.openMessage(key, bytes)));
      outside.push(await failure(unbundled.openMessage(key, bytes)));
    }
    expect(inBundle.filter((reason) => reason === 'OPENED' || reason === 'HUNG')).toEqual([]);
    expect(inBundle).toEqual(outside);
    // A byte after the final frame is the one change that opens: the SDK ignores what follows an unsigned message, on both sides.
    const extended = Buffer.concat([message, Buffer.from([0])]);
    expect(await failure(sdk.openMessage(key, extended))).toBe(await failure(unbundled.openMessage(key, extended)));
  }, 120_000);

  it('pass a keyring’s failure to the caller when sealing, as the unbundled SDK does', async () => {
    const sdk = await load();
    const reason = await failure(sdk.sealWithRefusingKeyring());
    expect(reason).toMatch(/keyring refused/);
    expect(reason).toBe(await failure(unbundled.sealWithRefusingKeyring()));
  });
});
