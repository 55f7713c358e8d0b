/**
 * `npm run retention -- --force <code>`: prints what a force keeps, for how
 * long, and how each class leaves — the table a data protection officer reads
 * (infra/retention-table.ts), generated from the force config.
 * `npm run retention -- --docs` rewrites the generated section of
 * docs/data-model.md (a unit test checks it is current).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FORCES_DIR, loadForceConfig, loadForceConfigs } from '../infra/force-config';
import { DATA_MODEL_DOC, retentionMarkdown, withRetentionSection } from '../infra/retention-table';

const { values } = parseArgs({ options: { force: { type: 'string' }, docs: { type: 'boolean' } } });
if (values.docs) {
  writeFileSync(DATA_MODEL_DOC, withRetentionSection(readFileSync(DATA_MODEL_DOC, 'utf8')));
  console.log(`wrote ${DATA_MODEL_DOC}`);
} else if (!values.force || !/^[a-z0-9-]{2,32}$/.test(values.force)) {
  console.error(`usage: npm run retention -- --force <code>   (forces: ${loadForceConfigs().map((force) => force.code).join(', ')})`);
  process.exit(2);
} else {
  console.log(retentionMarkdown(loadForceConfig(join(FORCES_DIR, `${values.force}.json`))));
}
