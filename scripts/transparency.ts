/**
 * `npm run transparency -- --force <code> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--json]`
 *
 * Prints the monthly transparency figures of one force, computed from its
 * stored reports and its audit trail's disclosure records. Runs with
 * safeguarding rights: it opens each report's protected section to count,
 * and prints counts only.
 *
 * Locally it reads the force's table in DynamoDB Local (`--endpoint`, or
 * DYNAMODB_ENDPOINT, default http://127.0.0.1:8000) with the keys under
 * .local/keys; in AWS, run it with the force's function environment set.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DynamoReportLedger } from '../functions/adapters/dynamodb/report-ledger';
import { auditedDisclosures } from '../functions/adapters/dynamodb/audit-store';
import { DynamoReferralOutbox } from '../functions/adapters/dynamodb/referral-outbox';
import { createForceRuntime } from '../functions/wiring/runtime';
import { formatFigures, transparencyFigures } from '../functions/domain/transparency/figures';
import { localForceEnv } from './local/system';

const { values } = parseArgs({
  options: {
    force: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    endpoint: { type: 'string' },
    'key-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const date = /^\d{4}-\d{2}-\d{2}$/;
if (!values.force || !values.from || !values.to || !date.test(values.from) || !date.test(values.to) || values.from >= values.to) {
  console.error('usage: npm run transparency -- --force <code> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--endpoint <url>] [--json]');
  process.exit(2);
}

const env =
  process.env.KEY_SOURCE === 'kms'
    ? process.env
    : {
        ...process.env,
        ...localForceEnv(
          values.force,
          values.endpoint ?? process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:8000',
          values['key-dir'] ?? resolve(import.meta.dirname, '../.local/keys'),
        ),
      };
const runtime = await createForceRuntime(env);
const { document } = runtime.dynamo;
const table = runtime.config.TABLE_NAME;
const figures = await transparencyFigures(
  {
    ledger: new DynamoReportLedger(document, table),
    reports: new DynamoReferralOutbox(document, table),
    cipher: runtime.cipher,
    disclosures: auditedDisclosures(document, table, { forceId: runtime.config.FORCE_ID, retentionDays: runtime.config.RETENTION_DAYS_AUDIT }),
  },
  { forceId: runtime.config.FORCE_ID, from: `${values.from}T00:00:00.000Z`, to: `${values.to}T00:00:00.000Z` },
);
if (values.json) console.log(JSON.stringify(figures, null, 2));
else {
  console.log(`Transparency figures for ${figures.forceId}, ${values.from} to ${values.to} (end exclusive)\n`);
  console.log(formatFigures(figures));
  console.log(`\nDisclosures of protected data to enforcement: ${figures.totals.protectedDisclosuresToEnforcement}`);
}
runtime.dynamo.client.destroy();
