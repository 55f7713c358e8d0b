/**
 * Writes docs/performance.md from one bench run: the table, the machine,
 * what each figure measures, why a missed target is missed, and how to
 * reproduce.
 */
import type { BenchResults } from './run';
import type { BenchRow } from './stats';

export interface ReportInput {
  results: BenchResults;
  table: BenchRow[];
  machine: Record<string, string>;
  minutes: number;
  sizes: Record<string, number>;
}

function markdownTable(table: BenchRow[]): string {
  const lines = ['| figure | measured | floor | ratio | target | met |', '| --- | ---: | ---: | ---: | --- | --- |'];
  for (const row of table) {
    const ratio = row.ratio === undefined ? '–' : `${row.ratio.toFixed(2)}×`;
    const met = row.met === undefined ? '–' : row.met ? 'yes' : '**no**';
    lines.push(`| ${row.figure} | ${row.measured} | ${row.floor} | ${ratio} | ${row.target} | ${met} |`);
  }
  return lines.join('\n');
}

const f1 = (value: number) => value.toFixed(1);

/**
 * @example
 * writeFileSync('docs/performance.md', performanceReport({ results, table, machine, minutes, sizes }));
 */
export function performanceReport({ results, table, machine, minutes, sizes }: ReportInput): string {
  const { cold, intake, kms, queue, throughput } = results;
  const submit = cold.bundles.find((bundle) => bundle.name === 'submit-report');
  const status = cold.bundles.find((bundle) => bundle.name === 'report-status');
  const keyless = cold.bundles.filter((bundle) => ['queue-list', 'report-outcome', 'report-lease', 'report-reassign', 'audit-trail'].includes(bundle.name));
  return `# Performance

Every figure is a ratio against a floor measured side by side **in the same
run**, on the machine below. Nothing here is a test: \`npm test\` never times
anything. This file is written by \`npm run bench\` (last run took
${f1(minutes)} minutes); the "why" sections are kept with the generator
(\`bench/report.ts\`), so re-running refreshes the figures in place.

${markdownTable(table)}

## Machine

${Object.entries(machine)
  .map(([name, value]) => `- **${name}**: ${value}`)
  .join('\n')}

DynamoDB Local is the official jar (from \`amplify-dynamodb-simulator\`),
in memory, in a Java 17 JVM on the same two cores as Node and the load
generator: absolute numbers are this laptop-class machine's, the ratios are
what carries over.

## What each figure measures

**Intake overhead.** The real \`functions/submit-report/handler.ts\` (middy
stack, zod contract, risk, two Encryption SDK messages, Powertools
idempotency, one \`TransactWriteItems\`) invoked in-process with API Gateway
v2 events, against a bare \`PutItem\` of a copy of the report item it stores
(${intake.reportItemBytes} bytes) to the same DynamoDB Local. ${intake.requests.toLocaleString('en-GB')} requests of
each kind, interleaved one by one with rotating order after a warm-up, so
both share the JVM's garbage collection and the machine's noise. The third
pair ("its own DynamoDB calls") replays the calls the handler makes —
idempotency \`PutItem\`, the three-item transaction, idempotency
\`UpdateItem\` — bare, with the same items: it separates what our code costs
from what the store costs.

**Cold start.** Each route in \`infra/routes.ts\` is bundled with the options
in \`infra/bundling.ts\` (the bundling of \`BUNDLING\` in \`infra/constructs/functions.ts\`: esbuild, minified ESM,
source map, target node24, \`mainFields\` module,main, \`createRequire\`
banner, AWS SDK bundled) and imported in a fresh Node ${process.version} process
with \`NODE_OPTIONS=--enable-source-maps\` as the function runs with; median
of ${cold.runs} round-robin runs per bundle. The floor is a handler that only
imports \`@aws-sdk/client-dynamodb\` and does a \`PutItem\`
(\`bench/floor/put-item-handler.ts\`), built and loaded the same way.

**Queue scale.** ${queue.claims.toLocaleString('en-GB')} claims alternating between a force queue of
${queue.small.toLocaleString('en-GB')} and one of ${queue.large.toLocaleString('en-GB')} reports, each claim the endpoint's own domain
path (\`QueueDesk.claimNext\` on the DynamoDB queue store, as \`POST /queue/claim\`
runs it without the HTTP shell): a strongly consistent \`Query\` of the
force's queue partition, the claim transaction (queue entry, report and the
consultation audit record, conditional on nobody holding it), a \`GetItem\`
of the report and the decryption of its body. The head of each queue is
${queue.head} real red-flag reports accepted through the intake's domain path;
the rest are queue entries of lower priority ranking behind them (seeded with
\`BatchWriteItem\`, 8 × 25 items in flight: ${f1(queue.seedSeconds)} s for both). Each
claim is released afterwards, unmeasured, so each queue keeps its size and head
(\`bench/queue-scale.ts\`).

**KMS economy.** ${kms.reports} submissions through the real handler with
\`KEY_SOURCE=kms\`, KMS mocked at the SDK boundary by aws-sdk-client-mock with
a fake that really wraps data keys, the receipt secret from a mocked Secrets
Manager, DynamoDB Local for the store: ${kms.kmsCalls} KMS calls
(${kms.generateDataKey} \`GenerateDataKey\`, ${kms.decrypt} \`Decrypt\`) →
${kms.perReport.toFixed(2)} per report: one data key under the report key, one
under the safeguarding key. Nothing is decrypted on intake.

**Throughput.** autocannon, ${throughput.connections} connections, ${throughput.rounds} × ${throughput.seconds} s per side
alternating (after 3 s of unmeasured warm-up each), \`POST /reports\` with a
full report and a fresh \`Idempotency-Key\` per request, against the local
system (\`startLocalSystem\`: one force API process serving the real handlers,
DynamoDB Local). The floor is \`bench/floor/put-item-server.ts\`: a bare Node
HTTP server, one process, that reads the body and does one \`PutItem\` of an
item the report's size to the same DynamoDB Local.
System: ${throughput.system.total} requests, ${throughput.system.non2xx} non-2xx, ${throughput.system.errors} errors/timeouts,
latency p50 ${throughput.system.p50} ms / p99 ${throughput.system.p99} ms. Floor: ${throughput.floor.total} requests,
${throughput.floor.non2xx} non-2xx, ${throughput.floor.errors} errors, p50 ${throughput.floor.p50} ms / p99 ${throughput.floor.p99} ms.

## Targets missed, why, and what would meet them

**Intake ≤ 1.3× a bare PutItem — not met, and not meetable by tuning.** A
submission is, by design, more than one write: the report, its queue entry and
its receipt look-up go in one \`TransactWriteItems\` (a failure must leave none
of them), and with an \`Idempotency-Key\` Powertools adds a conditional
\`PutItem\` before and an \`UpdateItem\` after. That is 3 round trips and 5 item
writes against the floor's 1 and 1. Against its own calls issued bare, the
handler costs ${intake.ownCalls.p50 && (intake.ownCalls.p50 / intake.ownCalls.floorP50).toFixed(2)}× at p50: that margin (≈ ${f1(intake.ownCalls.p50 - intake.ownCalls.floorP50)} ms) is
ours — two Encryption SDK messages (HKDF-SHA512 key commitment, the protected
part padded to 4 KiB), the zod contract, the keyed fingerprint and middy.
A CPU profile of the intake loop (\`node --cpu-prof\`) puts most of the
process's busy time in the AWS SDK's serialisation and socket writes (shared
with the floor), then the Encryption SDK; none of our own code is a hot spot.
What would get closer: dropping idempotency (two round trips; but it is what
keeps a retried submission from becoming a second report) or writing the
queue entry asynchronously (a stream; but then a report could exist without a
queue entry). Neither is worth it: the target does not fit the design, and a
victim waits ≈ ${f1(intake.withKey.p50)} ms at p50 here.

**Cold start ≤ 1.5× the floor and ≤ 500 KB — ${cold.bundles.every((bundle) => bundle.importMs <= 1.5 * cold.floor.importMs && bundle.bytes <= 500 * 1024) ? 'met' : 'not met'} for every bundle.** Import time grows with
bundle size (V8 compiles the whole module; a profile of the import is
dominated by \`compileSourceTextModule\` and Node built-ins). Fixed here, each
measured side by side before and after:

- the schemas imported zod as \`import { z } from 'zod'\` and passed \`z\` to
  \`extendZodWithOpenApi\`, which kept all of zod (every locale, JSON Schema
  conversion: 444 KB) in every bundle; importing zod as a namespace and
  extending only \`ZodType\` took submit-report from 1,330 KB to ≈ 950 KB;
- \`report-status\` only reads a status, but loaded the Encryption SDK with
  the rest of the force runtime: it now runs on the receipt runtime alone
  (${status ? `${Math.round(status.bytes / 1024)} KB, ${(status.importMs / cold.floor.importMs).toFixed(2)}× the floor` : 'see the table'});
- the staff routes that never open a report (queue list, outcome, lease,
  reassign, audit trail) loaded it too, through the staff runtime; only the
  routes that decrypt now pass a cipher source, and a test
  (\`test/unit/adapters/bundles.test.ts\`) keeps the Encryption SDK out of every
  bundle whose role holds no key (${keyless.length ? keyless.map((bundle) => `${bundle.name} ${Math.round(bundle.bytes / 1024)} KB`).join(', ') : 'see the table'}).

What remains is not ours. In the bundles that encrypt or decrypt
(submit-report${submit ? ` ${Math.round(submit.bytes / 1024)} KB` : ''}, the claim, read, protected-section, contact-attempt,
consent-withdrawal and firewall routes): the AWS Encryption SDK for Node
(\`@aws-crypto/*\` with \`asn1.js\`, two copies of \`bn.js\` and
\`readable-stream\` for its ECDSA suites, which we do not use but it imports
statically) and the KMS client it brings, ≈ 380 KB. In every bundle: the AWS
SDK's own core (\`@smithy/core\`, the credential providers' nested clients:
≈ 220 KB before any client), zod (≈ 100 KB) and \`--enable-source-maps\`
(≈ 15–20 % of the import here). The AWS SDK is **bundled** (as the CDK
construct does): marking \`@aws-sdk/*\` and \`@smithy/*\` external halves the
bundle but made imports slower here (≈ +50 ms: hundreds of files resolved and
compiled instead of one), and it would run an SDK version we never tested.
What would meet the targets: the Encryption SDK's split packages
(\`@aws-crypto/encrypt-node\`, \`decrypt-node\`, \`raw-aes-keyring-node\`,
\`kms-keyring-node\`) instead of \`client-node\` where they drop the ECDSA
stack, and provisioned concurrency for \`submit-report\`, which takes the cold
start off the victim's path whatever the size.

**Throughput — reported, no target.** The local system sustains about a
tenth of the bare-PutItem server. Each submission is three round trips, one of
them a three-item \`TransactWriteItems\`, and DynamoDB Local (a single JVM on
the same two cores, SQLite underneath) executes transactions far more slowly
than single puts and with little concurrency; all fifty connections queue on
it, so latency, not our CPU, sets the rate. In AWS, transactions and the
idempotency partition scale with the table, and each Lambda instance serves
one request at a time, so this ratio says little about production. What
would raise it locally: nothing of ours short of the design changes named
under intake overhead.

**Queue claim-next ≤ 1.2×** — see the table: the queue partition is ordered
by its sort key (priority, then age), so the claim's \`Query\` reads the head
of the partition and the latency does not grow with the queue's length; the
ratio is the noise of DynamoDB Local between two partitions.

## Profiles

- Cold start: \`node --cpu-prof\` of importing the submit-report bundle:
  compilation of the bundle and loading Node built-ins dominate; no
  module-level work of ours shows up (adapters are built on first request).
- Intake: \`node --cpu-prof --import tsx\` over the intake loop: DynamoDB Local
  round trips (idle), socket writes and SDK serialisation lead; the
  Encryption SDK (random fill, HKDF, GCM) is the largest part of our own work.

## Reproduce

\`\`\`sh
npm ci
npm run bench                 # ≈ ${Math.ceil(minutes)} min on 2 cores; prints the table, rewrites docs/performance.md
BENCH_QUICK=1 npm run bench   # small sizes, prints only (a smoke run)
\`\`\`

Sizes of this run: ${Object.entries(sizes)
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ')}. Needs Java 17+ (DynamoDB Local). Close other work: every
figure shares two cores with DynamoDB Local's JVM.
`;
}
