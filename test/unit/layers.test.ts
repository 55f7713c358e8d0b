/**
 * The layer rules of `npm run lint` (.dependency-cruiser.mjs), run through
 * dependency-cruiser's Node API on small trees written to a temporary folder:
 * each wrong-way import is refused with the name of the rule it breaks, and a
 * tree that keeps to the layers passes.
 */
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CONFIG_FILE = resolve(import.meta.dirname, '../../.dependency-cruiser.mjs');
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Writes `files` (path → source) to a fresh folder and cruises it with the project's rules. */
async function violationsOf(files: Record<string, string>): Promise<{ rule: string; from: string; to: string }[]> {
  const { default: config } = (await import(pathToFileURL(CONFIG_FILE).href)) as { default: IConfiguration };
  const folder = mkdtempSync(join(tmpdir(), 'safe-pathway-layers-'));
  folders.push(folder);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), source);
  }
  const { tsConfig: _projectTsConfig, ...options } = config.options ?? {};
  const result = await cruise(['.'], { ...options, validate: true, ruleSet: { forbidden: config.forbidden ?? [] }, baseDir: folder }, { extensions: ['.ts', '.js'] });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((violation) => ({ rule: violation.rule.name, from: violation.from, to: violation.to }));
}

const leaf = 'export const value = 1;\nexport type Value = number;\n';

describe('layer rules', () => {
  it.each([
    ['schemas-import-nothing-of-ours', 'schemas/a.ts', 'functions/domain/b.ts', "import { value } from '../functions/domain/b';\nexport const a = value;\n"],
    ['schemas-import-nothing-of-ours', 'schemas/a.ts', 'infra/purpose.ts', "import { value } from '../infra/purpose';\nexport const a = value;\n"],
    ['domain-imports-only-schemas', 'functions/domain/a.ts', 'infra/routes.ts', "import type { Value } from '../../infra/routes';\nexport const a: Value = 1;\n"],
    ['domain-imports-only-schemas', 'functions/domain/a.ts', 'functions/adapters/store.ts', "import { value } from '../adapters/store';\nexport const a = value;\n"],
    ['adapters-import-domain-and-schemas', 'functions/adapters/a.ts', 'functions/middleware/problems.ts', "import { value } from '../middleware/problems';\nexport const a = value;\n"],
    ['middleware-imports-domain-schemas-and-web', 'functions/middleware/a.ts', 'functions/adapters/idempotency.ts', "import { value } from '../adapters/idempotency';\nexport const a = value;\n"],
    ['wiring-imported-only-by-handlers', 'functions/adapters/a.ts', 'functions/wiring/runtime.ts', "import { value } from '../wiring/runtime';\nexport const a = value;\n"],
    ['wiring-composes-adapters', 'functions/wiring/a.ts', 'functions/submit-report/handler.ts', "import { value } from '../submit-report/handler';\nexport const a = value;\n"],
    ['web-imports-schemas-and-domain-types', 'web/a.ts', 'functions/middleware/problems.ts', "import { value } from '../functions/middleware/problems';\nexport const a = value;\n"],
    ['web-imports-domain-types-only', 'web/a.ts', 'functions/domain/receipt.ts', "import { value } from '../functions/domain/receipt';\nexport const a = value;\n"],
    ['infra-imports-schemas-not-functions', 'infra/a.ts', 'functions/adapters/table-design.ts', "import { value } from '../functions/adapters/table-design';\nexport const a = value;\n"],
    ['handlers-imported-only-by-handlers', 'infra/a.ts', 'functions/submit-report/handler.ts', "import { value } from '../functions/submit-report/handler';\nexport const a = value;\n"],
    ['console-imports-schemas-types-only', 'console/src/a.ts', 'schemas/report.ts', "import { value } from '../../schemas/report';\nexport const a = value;\n"],
  ])('refuses with %s: %s importing %s', async (rule, from, to, source) => {
    const violations = await violationsOf({ [from]: source, [to]: leaf });
    expect(violations).toContainEqual({ rule, from, to });
  });

  it('refuses two modules that import each other, even by types only, as no-cycle', async () => {
    const violations = await violationsOf({
      'functions/domain/report.ts': "import type { Referral } from './referrals/outbox';\nexport interface Report { referrals: Referral[] }\n",
      'functions/domain/referrals/outbox.ts': "import type { Report } from '../report';\nexport interface Referral { report: Report }\n",
    });
    expect(violations.map((violation) => violation.rule)).toContain('no-cycle');
  });

  it('refuses a loop between folders that no single rule names, as no-cycle', async () => {
    const violations = await violationsOf({
      'bench/run.ts': "import { report } from './report';\nexport const results = { report };\n",
      'bench/report.ts': "import { results } from './run';\nexport const report = () => results;\n",
    });
    expect(violations.length).toBeGreaterThan(0);
    expect(new Set(violations.map((violation) => violation.rule))).toEqual(new Set(['no-cycle']));
  });

  it('passes a tree that keeps to the layers', async () => {
    const violations = await violationsOf({
      'schemas/report.ts': leaf,
      'functions/domain/report.ts': "import { value } from '../../schemas/report';\nexport const report = value;\n",
      'functions/adapters/store.ts': "import { report } from '../domain/report';\nexport const store = report;\n",
      'functions/middleware/form-posts.ts': "import { page } from '../../web/pages';\nexport const posts = page;\n",
      'functions/wiring/runtime.ts': "import { store } from '../adapters/store';\nimport { posts } from '../middleware/form-posts';\nexport const runtime = store + posts;\n",
      'functions/submit-report/handler.ts': "import { runtime } from '../wiring/runtime';\nexport const handler = runtime;\n",
      'web/pages.ts': "import type { Value } from '../functions/domain/types';\nimport { value } from '../schemas/report';\nexport const page: Value = value;\n",
      'functions/domain/types.ts': leaf,
      'infra/store.ts': "import { value } from '../schemas/report';\nimport { siteValue } from '../web/site';\nexport const table = value + siteValue;\n",
      'web/site.ts': 'export const siteValue = 1;\n',
      'console/src/api.ts': "import type { Value } from '../../schemas/report';\nexport const api: Value = 1;\n",
      'test/unit/handler.test.ts': "import { handler } from '../../functions/submit-report/handler';\nimport { runtime } from '../../functions/wiring/runtime';\nexport const both = handler + runtime;\n",
    });
    expect(violations).toEqual([]);
  });
});
