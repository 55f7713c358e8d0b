/**
 * `npm run bench:retention`: the retention worker's bench part on its own
 * (bench/retention.ts) against a fresh DynamoDB Local; prints the figures and
 * refreshes its section of docs/performance.md. BENCH_RETENTION_ITEMS sets the
 * items due of each kind (300); BENCH_QUICK=1 uses 20 and leaves the file unchanged.
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
  // The machine's load while the bench runs (the 1-minute load average, every 5 s), said with the figures.
  const loads: number[] = [loadavg()[0] ?? 0];
  const sampler = setInterval(() => loads.push(loadavg()[0] ?? 0), 5_000);
  const items = Number(process.env.BENCH_RETENTION_ITEMS ?? (QUICK ? 20 : 300));
  const result = await measureRetention({ document, tableName, items }).finally(() => clearInterval(sampler));
  loads.push(loadavg()[0] ?? 0);
  console.log(result);
  if (!QUICK) {
    const file = resolve(import.meta.dirname, '..', 'docs', 'performance.md');
    // Said with the figure: on a shared machine the absolute rate says more about the load than the worker.
    const machine = `${cpus()[0]?.model ?? 'this machine'} (${cpus().length} logical CPUs), 1-minute load average between ${Math.min(...loads).toFixed(1)} and ${Math.max(...loads).toFixed(1)} during the run`;
    writeFileSync(file, withRetentionSection(readFileSync(file, 'utf8'), result, machine));
    console.log(`wrote ${file}`);
  }
  client.destroy();
} finally {
  await db.stop();
}
