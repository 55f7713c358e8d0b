/**
 * asn1.js is not in any function bundle (infra/bundling.ts
 * `SIGNING_ONLY_MODULES`): a bundle built the stack's way still seals and
 * opens reports, and refuses an ECDSA-signing suite with a clear error,
 * whether asked to sign or to open a signed message, rather than half-running it.
 */
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleFunction } from '../../../infra/bundling';
import { ReportSubmissionSchema } from '../../../schemas/report';
import type { handler as Handler } from '../../support/bundles/sealing-handler';
import { fullSubmission } from '../../support/reports';

describe('bundles without the signing suites’ asn1.js', () => {
  const bundle = bundleFunction('test/support/bundles/sealing-handler.ts');
  const load = async () => ((await import(pathToFileURL(join(bundle.assetDir, 'index.mjs')).href)) as { handler: typeof Handler }).handler;

  it('carry no byte of asn1.js, and the stand-in instead', () => {
    const inputs = Object.values(bundle.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(inputs.filter((input) => input.includes('node_modules/asn1.js/'))).toEqual([]);
    expect(inputs).toContain('infra/signing-refused.cjs');
  });

  it('still seal and open a report (body parts and protected section) inside the bundle', async () => {
    const { immigration, ...body } = ReportSubmissionSchema.parse(fullSubmission());
    const handler = await load();
    await expect(handler({ action: 'round-trip', body, immigration: immigration as NonNullable<typeof immigration> })).resolves.toEqual({ body, immigration });
  });

  it('refuse to seal with an ECDSA-signing suite, with an error that says why', async () => {
    const handler = await load();
    await expect(handler({ action: 'seal-signed' })).rejects.toMatchObject({ name: 'SigningSuiteRefusedError', message: expect.stringMatching(/ECDSA-signing/) });
  });

  it('refuse to open a signed message (made by the full SDK) instead of returning its plaintext', async () => {
    const key = new Uint8Array(randomBytes(32));
    const keyring = new RawAesKeyringNode({ keyName: 'k', keyNamespace: 'test', unencryptedMasterKey: new Uint8Array(key), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
    const { encrypt } = buildEncrypt({ commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT });
    const { result } = await encrypt(keyring, 'signed plaintext', { suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 });
    const handler = await load();
    await expect(handler({ action: 'open-signed', key: Buffer.from(key).toString('base64'), message: result.toString('base64') })).rejects.toMatchObject({ name: 'SigningSuiteRefusedError' });
  });
});
