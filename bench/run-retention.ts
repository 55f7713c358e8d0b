/**
 * `npm run bench:retention`: the retention worker's bench part on its own
 * (bench/retention.ts) against a fresh DynamoDB Local; prints the figures and
 * refreshes its section of docs/performance.md. BENCH_QUICK=1 uses fewer items
 * and leaves the file unchanged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { dynamoClients } from '../functions/adapters/dynamodb/client';
import { ensureTable } from '../scripts/local/create-table';
import { startDynamoDbLocal } from '../scripts/local/dynamodb-local';
import { measureRetention, withRetentionSection } from './retention';

const QUICK = process.env.BENCH_QUICK === '1';
const db = await startDynamoDbLocal({ startTimeoutMs: 180_000 });
try {
  const { document, client } = dynamoClients({ endpoint: db.endpoint });
  const tableName = 'safe-pathway-bench-retention';
  await ensureTable(client, tableName);
  const result = await measureRetention({ document, tableName, items: QUICK ? 200 : 2_000 });
  console.log(result);
  if (!QUICK) {
    const file = resolve(import.meta.dirname, '..', 'docs', 'performance.md');
    // Said with the figure: on a shared machine the absolute rate says more about the load than the worker.
    const machine = `${cpus()[0]?.model ?? 'this machine'} (${cpus().length} logical CPUs), load average ${loadavg()[0]?.toFixed(0)} at the end of the run`;
    writeFileSync(file, withRetentionSection(readFileSync(file, 'utf8'), result, machine));
    console.log(`wrote ${file}`);
  }
  client.destroy();
} finally {
  await db.stop();
}
