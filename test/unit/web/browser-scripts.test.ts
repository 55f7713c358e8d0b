/**
 * The browser scripts (web/assets/*.ts) have their own tsconfig so DOM types
 * stay out of the Node code; this keeps them type-checked by `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

it('type-checks the browser scripts against the DOM', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', resolve(import.meta.dirname, '../../../web/assets/tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 60_000);
