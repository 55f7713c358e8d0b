/**
 * A compile cache shipped beside a bundle (bench/compile-cache.ts) risks
 * speed, never behaviour: the cold-start report says so, and these prove it
 * on the bench's floor bundle, built the stack's way and imported in fresh
 * Node processes. A cache that does not match the Node reading it is refused
 * and the bundle runs as it does without one.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR_NAME, CACHED_IMPORT_TIMER, cacheUse, makeReadOnly } from '../../../bench/compile-cache';
import { bundleFunction } from '../../../infra/bundling';

const ENV = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-2', TABLE_NAME: 'bench' };

// Each case bundles (once per file) and starts two or three Node processes: seconds on a loaded 2-core machine.
describe('a compile cache shipped beside a bundle', { timeout: 60_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'safe-pathway-compile-cache-'));
  const timer = join(work, 'timer.mjs');

  /** A copy of the floor's bundle in `name`, with a cache written beside it by a Node started with `flags`. */
  const bundleWithCache = (name: string, flags: string[] = []) => {
    const dir = join(work, name);
    cpSync(bundleFunction('bench/floor/put-item-handler.ts').assetDir, dir, { recursive: true });
    const url = pathToFileURL(join(dir, 'index.mjs')).href;
    const cacheDir = join(dir, CACHE_DIR_NAME);
    execFileSync(process.execPath, [...flags, timer, url, cacheDir, 'write'], { env: ENV });
    return { url, cacheDir, subdirectory: readdirSync(cacheDir)[0] as string };
  };

  beforeAll(() => writeFileSync(timer, CACHED_IMPORT_TIMER));

  it('gives every module its code when read-only and read from where the bundle was moved to', () => {
    const written = bundleWithCache('written');
    makeReadOnly(written.cacheDir);
    cpSync(join(work, 'written'), join(work, 'moved'), { recursive: true });
    const moved = join(work, 'moved');
    const use = cacheUse({ timer, url: pathToFileURL(join(moved, 'index.mjs')).href, cacheDir: join(moved, CACHE_DIR_NAME), env: ENV });
    expect(use.modules).toBeGreaterThan(1);
    expect(use).toMatchObject({ accepted: use.modules, exports: ['handler'] });
  });

  it('is refused by Node when its bytes are damaged, and the bundle still exports its handler', () => {
    const damaged = bundleWithCache('damaged');
    const dir = join(damaged.cacheDir, damaged.subdirectory);
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      for (let at = Math.floor(bytes.length / 2); at < Math.min(bytes.length, Math.floor(bytes.length / 2) + 64); at++) bytes[at] = (bytes[at] as number) ^ 0xff;
      writeFileSync(join(dir, file), bytes);
    }
    const use = cacheUse({ timer, url: damaged.url, cacheDir: damaged.cacheDir, env: ENV });
    expect(use.modules).toBeGreaterThan(1);
    expect(use).toMatchObject({ accepted: 0, exports: ['handler'] });
  });

  it('is kept apart and refused by V8 when written under other V8 flags, and the bundle still exports its handler', () => {
    const plain = bundleWithCache('plain');
    const other = bundleWithCache('other-flags', ['--expose-gc']);
    expect(other.subdirectory).not.toBe(plain.subdirectory);
    // Named as the Node without the flag looks for it: V8's own check must refuse it.
    renameSync(join(other.cacheDir, other.subdirectory), join(other.cacheDir, plain.subdirectory));
    const use = cacheUse({ timer, url: other.url, cacheDir: other.cacheDir, env: ENV });
    expect(use.modules).toBeGreaterThan(1);
    expect(use).toMatchObject({ accepted: 0, exports: ['handler'] });
  });
});
