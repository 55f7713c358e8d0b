/**
 * A function carries the AWS Encryption SDK only if its role may use a key:
 * the others (status look-up, queue list, outcome, lease, reassign, web
 * form) are built on runtimes without a cipher (the audit trail now opens
 * sealed staff text, so it carries the SDK and its key grants), which keeps their
 * bundles and cold starts small (docs/performance.md). Built with exactly the
 * esbuild options CDK uses (infra/bundling.ts), without writing anything.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lambdaEsbuildOptions } from '../../../infra/bundling';
import { ROUTES } from '../../../infra/routes';

async function bundledPackages(entry: string): Promise<Set<string>> {
  const result = await build({ ...lambdaEsbuildOptions(), entryPoints: [entry], outfile: 'out/index.mjs', write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
  const inputs = Object.keys(result.metafile.inputs);
  return new Set(inputs.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]).filter((name): name is string => name !== undefined));
}

describe('function bundles', () => {
  it('hold the Encryption SDK exactly where the route is granted a key', async () => {
    const entries = [...new Set(ROUTES.map((route) => route.entry))];
    const packages = new Map(await Promise.all(entries.map(async (entry) => [entry, await bundledPackages(entry)] as const)));
    for (const route of ROUTES) {
      const usesKeys = route.access.reportKey.length + route.access.safeguardingKey.length > 0;
      const hasSdk = packages.get(route.entry)!.has('@aws-crypto/client-node');
      expect([route.name, hasSdk]).toEqual([route.name, usesKeys]);
    }
    // Bundling every route (30 with the receipt channel's) takes minutes on a busy 2-core machine.
  }, 360_000);
});
