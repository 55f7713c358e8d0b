/**
 * The functions ship without source maps on the import path; a trace from
 * their logs is read back offline with the maps the build wrote elsewhere.
 * Built with the stack's own bundling (infra/bundling.ts) and really thrown.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleFunction } from '../../../infra/bundling';
import { readableStackTrace } from '../../../scripts/stack-trace';

describe('stack traces of bundled functions', () => {
  it('ship no map in the asset, and read back to the TypeScript line with the map kept beside it', async () => {
    const mapDir = mkdtempSync(join(tmpdir(), 'safe-pathway-maps-'));
    const bundle = bundleFunction('test/support/bundles/throwing-handler.ts', mapDir);
    expect(readdirSync(bundle.assetDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(existsSync(join(mapDir, 'index.mjs.map'))).toBe(true);

    const module = (await import(pathToFileURL(join(bundle.assetDir, 'index.mjs')).href)) as { handler: (event: { fail: boolean }) => Promise<string> };
    const error = await module.handler({ fail: true }).catch((caught: unknown) => caught as Error);
    const trace = String((error as Error).stack);
    expect(trace).toMatch(/index\.mjs:\d+:\d+/);
    expect(trace).not.toContain('throwing-handler.ts');
    // As Lambda would print it.
    const lambdaTrace = trace.replaceAll(pathToFileURL(bundle.assetDir).href, 'file:///var/task').replaceAll(bundle.assetDir, 'file:///var/task');
    const readable = readableStackTrace(lambdaTrace, mapDir);
    expect(readable).toContain('test/support/bundles/throwing-handler.ts:3:');
    expect(readable).toContain('the handler failed on purpose');
  });
});
