/**
 * Writes docs/performance.md from one bench run: the table, the machine,
 * what each figure measures, why a missed target is missed, and how to
 * reproduce.
 */
import type { BenchResults } from './bench-results';
import { compileCacheSection } from './report-compile-cache';
import { intakeP50Section } from './report-intake';
import { intakeP99Section } from './report-tail';
import type { BenchRow } from './stats';

export interface ReportInput {
  results: BenchResults;
  table: BenchRow[];
  machine: Record<string, string>;
  minutes: number;
  sizes: Record<string, number>;
  /** The run's raw figures, relative to the repository root. */
  rawFile?: string;
  /** A smoke run (BENCH_QUICK=1): small sizes, said so at the top. */
  quick?: boolean;
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

/** The transaction's item types in order, repeated types counted once: `report, …, 11 × retention`. */
function itemTypes(types: string[]): string {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts].map(([type, count]) => (count > 1 ? `${count} × ${type}` : type)).join(', ');
}

/** The keyed handler's Node CPU split by stage, measured in the intake's interleaved loop (older runs lack it). */
function intakeStages(intake: BenchResults['intake']): string {
  const stages = intake.stages;
  if (!stages) return '';
  const sealing =
    intake.messagesPerReport === undefined
      ? ''
      : ` The stored report holds ${intake.messagesPerReport} Encryption SDK messages (one per body part,
the protected section, the queue's needs hint, each referral target); one sealed part alone (its report key
made and one message: the needs hint) costs ${stages.oneSealedPart.cpuMs.toFixed(2)} ms of CPU (p50 ${stages.oneSealedPart.p50.toFixed(2)} ms). The bench's force keeps
every data class for one period, so its body is one part; a force with more periods seals one message more per part
(demoshire's four body parts: three more).`;
  const ownWork = `the intake's own work without the write (\`acceptorFor\` in functions/submit-report/intake.ts with a writer that stores nothing:
the keyed fingerprint, risk, the referral plan, every Encryption SDK message of the report, the receipt)
${stages.acceptWithoutWrite.cpuMs.toFixed(2)} ms (p50 ${stages.acceptWithoutWrite.p50.toFixed(2)} ms)`;
  if (!stages.shell || !stages.acceptWithWrite) {
    const rest = intake.cpuMs.withKey - intake.cpuMs.bareTransaction - stages.acceptWithoutWrite.cpuMs - stages.contract.cpuMs;
    return `
Where the keyed handler's CPU goes, each stage timed in the same loop:
its one write, taken as much as the bare transaction (${intake.cpuMs.bareTransaction.toFixed(2)} ms); ${ownWork}; the contract (JSON.parse and the zod schema)
${stages.contract.cpuMs.toFixed(2)} ms; the rest, ${rest.toFixed(2)} ms, is not measured apart by this run.${sealing}`;
  }
  const write = stages.acceptWithWrite.cpuMs - stages.acceptWithoutWrite.cpuMs;
  const rest = intake.cpuMs.withKey - stages.shell.cpuMs - stages.acceptWithWrite.cpuMs;
  return `
Where the keyed handler's CPU goes, each stage timed in the same loop:
the middy shell with the contract, around a handler that answers at once (\`submitReportShell\` in the handler)
${stages.shell.cpuMs.toFixed(2)} ms, of which the contract alone (JSON.parse and the zod schema) ${stages.contract.cpuMs.toFixed(2)} ms;
the intake's accept with its write ${stages.acceptWithWrite.cpuMs.toFixed(2)} ms (p50 ${stages.acceptWithWrite.p50.toFixed(2)} ms), of which ${ownWork},
so the write costs the handler ${write.toFixed(2)} ms against ${intake.cpuMs.bareTransaction.toFixed(2)} ms for the bare transaction; ${
    rest >= 0.05
      ? `${rest.toFixed(2)} ms is left over (the handler's own lines, and the garbage collection that falls in one stage or another)`
      : `the stages add up to the handler's CPU within ${Math.abs(rest).toFixed(2)} ms (each stage pays for whatever garbage collection falls in it)`
  }.${sealing}`;
}

/** What the same contract costs a bundle on classic zod and on zod/mini, measured by the cold-start bench (older runs lack it). */
function zodMini(cold: BenchResults['cold']): string {
  const contracts = cold.contracts;
  if (!contracts) return '';
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const saved = contracts.classic.bytes - contracts.mini.bytes;
  const over = cold.bundles.filter((bundle) => bundle.bytes > 500 * 1024);
  const under = over.filter((bundle) => bundle.bytes - saved <= 500 * 1024);
  const savedMs = contracts.classic.importMs - contracts.mini.importMs;
  const importsMet = cold.bundles.filter((bundle) => bundle.importMs - savedMs <= 1.5 * cold.floor.importMs).length;
  return `. Measured: one contract with the kinds of checks ours uses, bundled and imported like the routes
(bench/floor/contract-zod-*.ts), reads ${kb(contracts.classic.bytes)} on classic zod and imports in ${f1(contracts.classic.importMs)} ms,
and ${kb(contracts.mini.bytes)} on \`zod/mini\` in ${f1(contracts.mini.importMs)} ms: ≈ ${kb(saved)} and ${f1(savedMs)} ms less per bundle, which would bring
${under.length} of the ${over.length} bundles now over 500 KB under it${under.length && under.length < over.length ? ` (${under.map((bundle) => bundle.name).join(', ')})` : ''}, and ${importsMet} of the ${cold.bundles.length} imports within 1.5× the floor`;
}

/**
 * @example
 * writeFileSync('docs/performance.md', performanceReport({ results, table, machine, minutes, sizes }));
 */
export function performanceReport({ results, table, machine, minutes, sizes, rawFile, quick }: ReportInput): string {
  const { cold, intake, kms, queue, throughput } = results;
  const status = cold.bundles.find((bundle) => bundle.name === 'report-status');
  const keyless = cold.bundles.filter((bundle) => ['queue-list', 'report-outcome', 'report-lease', 'report-reassign', 'audit-trail'].includes(bundle.name));
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const overSize = cold.bundles.filter((bundle) => bundle.bytes > 500 * 1024);
  const overImport = cold.bundles.filter((bundle) => bundle.importMs > 1.5 * cold.floor.importMs);
  const cores = Number((machine.CPU ?? '').match(/\((\d+) logical/)?.[1] ?? 2);
  // The load when the run began: at its end the bench's own load generator, server and DynamoDB Local are in it.
  const load = Number((machine['Load average (1, 5, 15 min) at the start'] ?? '0').split(',')[0]);
  const loaded = load > cores * 0.75;
  const origins = (bundle: (typeof cold.bundles)[number]) => bundle.byOrigin.slice(0, 8).map((origin) => `\`${origin.origin}\` ${kb(origin.bytes)}`).join(', ');
  const top = throughput.levels.at(-1);
  return `# Performance

Every figure is a ratio against a floor measured side by side **in the same
run**, on the machine below. Nothing here is a test: \`npm test\` never times
anything. This file is written by \`npm run bench\` (last run took
${f1(minutes)} minutes); the "why" sections are kept with the generator
(\`bench/report.ts\`), so re-running refreshes the figures in place.

${quick ? `**This is a smoke run (\`BENCH_QUICK=1\`: the small sizes listed under "Reproduce")**, published because a full run did not fit the time on a machine this loaded; medians of so few samples are indicative only.\n\n` : ''}${markdownTable(table)}
${loaded ? `\n**These figures were taken on a loaded ${cores}-core machine**: other work was using the cores when the run began (load average ${machine['Load average (1, 5, 15 min) at the start'] ?? '?'} at the start, ${machine['Load average (1, 5, 15 min) at the end'] ?? '?'} at the end). Ratios are measured side by side, so they carry more than the absolute times, but the p99 figures in particular carry that noise.\n` : ''}
Raw figures of this run: ${rawFile ? `\`${rawFile}\`` : 'not written'}; \`npm run bench -- --compare <that file>\` runs the bench again and prints every figure's ratio between the two runs.

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
stack, zod contract, risk, every Encryption SDK message of the report started
at once, one conditional \`TransactWriteItems\` of ${intake.transactionItems.length} items: ${itemTypes(intake.transactionItems)})
invoked in-process with API Gateway v2 events, against two floors issued bare
to the same DynamoDB Local: a \`PutItem\` of a copy of the report item it
stores (${intake.reportItemBytes} bytes), and one conditional \`TransactWriteItems\` of copies of exactly the
items the handler writes. ${intake.requests.toLocaleString('en-GB')} requests of each kind, interleaved one by
one ${intake.tail ? 'in an order shuffled each round' : 'with rotating order'} after a warm-up, so all share the JVM's garbage
collection and the machine's noise. Node CPU per request (user + system,
\`process.cpuUsage\` around each call; DynamoDB Local is another process):
keyed handler ${intake.cpuMs.withKey.toFixed(2)} ms, unkeyed ${intake.cpuMs.withoutKey.toFixed(2)} ms, bare transaction
${intake.cpuMs.bareTransaction.toFixed(2)} ms, bare PutItem ${intake.cpuMs.barePut.toFixed(2)} ms.${intakeStages(intake)}

**Cold start.** Each route in \`infra/routes.ts\` is bundled exactly as the
stack bundles it (\`infra/bundling.ts\`: esbuild, minified ESM with code
splitting, target node24, \`mainFields\` module,main, \`createRequire\`
banner, AWS SDK bundled, source maps written outside the asset and never
loaded) and \`index.mjs\` is imported in a fresh Node ${process.version} process with the
environment Lambda gives it (no \`NODE_OPTIONS\`); median of ${cold.runs} round-robin
runs per bundle. The size is what that import reads: \`index.mjs\` and the
chunks it imports statically; chunks imported on demand (the web form's pages
and locales, loaded only by a form post) are named in the figure but not
counted. The floor is a handler that only imports \`@aws-sdk/client-dynamodb\`
and does a \`PutItem\` (\`bench/floor/put-item-handler.ts\`), built and loaded
the same way (${kb(cold.floor.bytes)}, ${f1(cold.floor.importMs)} ms).

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
${kms.perReport.toFixed(2)} per report: one report key under each force key, every
sealed part wrapped by it (what they are: "KMS calls per report" below).
Nothing is decrypted on intake.

**Throughput.** autocannon at ${throughput.levels.map((level) => level.connections).join(', ')} connections, ${throughput.rounds} × ${throughput.seconds} s per side
alternating at each level (after 3 s of unmeasured warm-up each), \`POST /reports\`
with a full report and a fresh \`Idempotency-Key\` per request, against the
local system (\`startLocalSystem\`: one force API process serving the real
handlers, DynamoDB Local). The floor is \`bench/floor/put-item-server.ts\`: a
bare Node HTTP server, one process, that reads the body and does one
\`PutItem\` of an item the report's size to the same DynamoDB Local. CPU per
submission is read from \`/proc\` for the serving Node process and for
DynamoDB Local's JVM (\`bench/process-cpu.ts\`), divided by the 2xx answers.

| connections | system/s | p50 / p99 | API CPU/submission | API cores busy | DynamoDB Local CPU/submission | its cores busy | floor/s | floor p50 / p99 | floor server / DynamoDB Local CPU per request | non-2xx, errors |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${throughput.levels
  .map(
    ({ connections, system, floor }) =>
      `| ${connections} | ${system.requestsPerSecond.toFixed(0)} | ${system.p50} / ${system.p99} ms | ${system.serverCpuMsPerRequest.toFixed(2)} ms | ${system.serverCores.toFixed(2)} | ${system.storeCpuMsPerRequest.toFixed(2)} ms | ${system.storeCores.toFixed(2)} | ${floor.requestsPerSecond.toFixed(0)} | ${floor.p50} / ${floor.p99} ms | ${floor.serverCpuMsPerRequest.toFixed(2)} / ${floor.storeCpuMsPerRequest.toFixed(2)} ms | ${system.non2xx + floor.non2xx}, ${system.errors + floor.errors} |`,
  )
  .join('\n')}

## Targets missed, why, and what would meet them

${intakeP50Section(intake)}

${intakeP99Section(intake)}

**Bundles ≤ 500 KB and imports ≤ 1.5× the floor — ${overSize.length === 0 && overImport.length === 0 ? 'met for every bundle' : `missed by ${[...new Set([...overSize, ...overImport].map((bundle) => bundle.name))].join(', ')}`}.**
Import time grows with the bytes a cold start reads (V8 compiles every module
it loads). What this change took out of the import path, each measured:

- the Encryption SDK's split packages instead of \`@aws-crypto/client-node\`
  (which also loads the RSA keyring, the caching materials manager and the
  branch key store's hierarchy);
- the web form's pages, steps and locales (≈ 68 KB) out of \`submit-report\`
  and \`report-status\`, and the receipt pages, journey code and locales
  (≈ 570 KB: 1,238 → 667 KB at import) out of the six receipt-channel routes:
  a form post loads them from a chunk of their own
  (\`functions/middleware/lazy-form-posts.ts\`; \`test/unit/adapters/bundles.test.ts\`
  checks that no \`web/\` file is read at import by any API route a page posts to,
  and \`test/unit/adapters/channel-bundle.test.ts\` answers JSON from a channel
  bundle whose page chunks are deleted);
- \`--enable-source-maps\` off: the stack writes the maps beside the app
  (\`cdk.out/sourcemaps/\`), not into the function, and \`npm run stack-trace\`
  reads a trace from the logs back to the TypeScript (docs/deploy.md);
- esbuild code splitting, built by the stack's own asset step
  (\`infra/bundling.ts\`), so on-demand code is never compiled at import;
- Powertools idempotency and its persistence layer are gone from the intake.
- \`node:http\` taken with \`require\`, not an ES module import (infra/node-http.cjs):
  Node 24's ES module facade for it reads its lazy \`WebSocket\` getters and so
  loads all of undici, and \`@middy/util\` imports \`STATUS_CODES\` that way at the
  top of every route. Measured by hand on 2 December 2026 (25 fresh imports each,
  median, the same bundles with and without): submit-report 275 → 247 ms,
  queue-list 293 → 256 ms, the floor (which never read it at import) unchanged;
  test/unit/adapters/node-http-stand-in.test.ts proves a route loads no undici at import.

Earlier: zod imported as a namespace (not all of zod in every bundle),
\`report-status\` on the receipt runtime alone (${status ? `${kb(status.bytes)}, ${(status.importMs / cold.floor.importMs).toFixed(2)}× the floor` : 'see the table'}),
and no Encryption SDK in the routes whose role holds no key (${keyless.length ? keyless.map((bundle) => `${bundle.name} ${kb(bundle.bytes)}`).join(', ') : 'see the table'}).

${
  overSize.length === 0 && overImport.length === 0
    ? ''
    : `What stands in the way, by the bytes each over-target bundle reads at import (\`bench/bundle-bytes.ts\` prints the full list):

${[...new Set([...overSize, ...overImport])].map((bundle) => `- **${bundle.name}** (${kb(bundle.bytes)}, ${(bundle.importMs / cold.floor.importMs).toFixed(2)}×): ${origins(bundle)}.`).join('\n')}

Why these bytes cannot simply go: the AWS SDK's core (\`@smithy/core\`,
\`@aws-sdk/core\`, the credential chain) is in the floor too, and is
**bundled** on purpose (marking \`@aws-sdk/*\` external made imports slower
here: hundreds of files resolved and compiled instead of one, and it would run
an SDK version we never tested); zod is the contract every request is checked
against. In the routes that encrypt or decrypt, \`asn1.js\` and the \`bn.js\`
copy it carries (≈ 68 KB) are no longer bundled: the Encryption SDK needs them
only for the ECDSA-signing suites we never use, and every bundle carries a
stand-in that refuses those suites instead (infra/signing-refused.cjs,
proved by test/unit/adapters/signing-refused.test.ts on a bundle built the
stack's way). Nor are \`bn.js\` (44 KB) and \`readable-stream\` (37 KB): every
bundle reads a BigInt stand-in doing exactly what the SDK asks of bn.js
(content lengths as 8 big-endian bytes; infra/bn-stand-in.cjs) and Node's own
\`node:stream\` (infra/node-stream.cjs), proved by
test/unit/adapters/sdk-stand-ins.test.ts (a bundle and the unbundled SDK open
each other's messages, and fail every damaged one alike). The KMS
client is what the key sources call. What is left over 500 KB in the routes
that hold a key is, in the main, zod (99 KB, of which its JSON Schema
generator, ≈ 18 KB, is referenced by every classic schema and so cannot be
tree-shaken) and the Encryption SDK's own code (material management,
serialisation, encrypt and decrypt, ≈ 60 KB). What would meet the target:
the contract on \`zod/mini\` (tree-shakable; every schema rewritten off the
classic API, and the OpenAPI document generated another way, since
zod-to-openapi extends the classic one)${zodMini(cold)}; and, for import time, provisioned
concurrency for \`submit-report\`, which takes the cold start off the
victim's path whatever the size. Non-Latin locale chunks, loaded on demand,
would be about half their size with esbuild's \`charset: 'utf8'\` (it writes
\`\\uXXXX\` escapes by default); not done, as it makes V8 hold those sources
as two-byte strings, which nobody has measured here yet.`
}
${compileCacheSection(cold) ? `\n${compileCacheSection(cold)}\n` : ''}
**KMS calls per report — ${kms.perReport <= 2 ? 'met' : '**missed**'}: ${kms.perReport.toFixed(2)} with the bench's report.**
An intake makes one \`GenerateDataKey\` per force key it seals under, not per
message (functions/adapters/crypto/report-keys.ts): one under the report key
and one under the safeguarding key, each giving that report's 256-bit report
key. Every sealed part is still its own Encryption SDK message with its own
random data key, wrapped by a raw AES keyring whose wrapping key is the report
key: each part of the body (one part per distinct retention period of the
force's data classes, functions/domain/retention/parts.ts; demoshire has four),
the queue entry's support-needs hint and each consented referral's sealed target
under the report's report key, the protected section under its safeguarding
report key. The KMS-wrapped report key is framed with every part, so deleting a
part's message still destroys the only copy of its data key. Both calls start
in one \`Promise.all\`, so with KMS the intake waits for one round of two calls.
A read costs one \`Decrypt\` per report and key per invocation (the opened keys are
held by the request and dropped when it is answered); \`GET /queue\` one per entry
shown (the hint). Proved call by call in test/unit/adapters/crypto/kms-keyrings.test.ts.

**Throughput — reported, no target.** ${top ? `At ${top.connections} connections the local system serves ${top.system.requestsPerSecond.toFixed(0)} submissions/s (${(top.system.requestsPerSecond / top.floor.requestsPerSecond).toFixed(2)}× the bare-PutItem server): the API process spends ${top.system.serverCpuMsPerRequest.toFixed(1)} ms of CPU per submission and is ${top.system.serverCores.toFixed(2)} of a core busy, DynamoDB Local ${top.system.storeCpuMsPerRequest.toFixed(1)} ms per submission (${top.system.storeCores.toFixed(2)} cores). ` : ''}On two cores
shared by the load generator, one Node process serving every force route and
DynamoDB Local's JVM, the rate is set by CPU: whichever of the two is nearer a
full core (the table above) is the limit, and added connections only queue
(latency grows, the rate does not).${top && top.system.serverCores + top.system.storeCores < 1.2 ? ` In this run neither was near a full core (${top.system.serverCores.toFixed(2)} and ${top.system.storeCores.toFixed(2)} cores busy at ${top.connections} connections): the cores were taken by other work on the machine (see the load average), so these rates measure that load more than the system; the CPU per submission is the figure that carries over.` : ''} In AWS each Lambda instance serves one
request at a time and the table scales with its partitions, so this ratio
says little about production.

**Queue claim-next ≤ 1.2×** — see the table: the queue partition is ordered
by its sort key (priority, then age), so the claim's \`Query\` reads the head
of the partition and the latency does not grow with the queue's length; the
ratio is the noise of DynamoDB Local between two partitions.

## Profiles

- Cold start: \`node --cpu-prof\` of importing the submit-report bundle:
  compilation of the bundle and loading Node built-ins dominate; no
  module-level work of ours shows up (adapters are built on first request).
- Intake: \`node --cpu-prof --import tsx\` over 1,500 keyed handler calls
  against DynamoDB Local (taken by hand on 2 December 2026, after the
  synchronous data keys, on a loaded machine; not re-taken by the bench).
  Most samples are idle, waiting for DynamoDB Local. Of the rest, the
  largest entry is the socket write of the transaction (\`writev\`, ≈ 3.4 ms
  a call in the kernel's loopback, which the bare transaction pays alike),
  then garbage collection (≈ 0.9 ms a call), the AWS SDK's base64 and JSON
  serialisation of the items and its SigV4 signing, Node's checks of the
  Buffer keys the Encryption SDK's HKDF and the signer pass to
  \`createHmac\` (\`getKeyObjectSlots\`), the random fill of data keys and
  GCM. Of our own work, what is left is mostly the Encryption SDK's stream
  pipeline (\`readable-stream\`, \`duplexify\`, \`node:events\`): it has no
  encrypt without streams.

## Reproduce

\`\`\`sh
npm ci
npm run bench                 # ≈ ${Math.ceil(minutes)} min on 2 cores; prints the table, rewrites docs/performance.md,
                              # writes bench/results/<time>.json (raw figures)
npm run bench -- --compare bench/results/<earlier>.json                    # run, then ratios against an earlier run
npm run bench -- --compare bench/results/<a>.json bench/results/<b>.json   # ratios between two runs, no run
npx tsx bench/bundle-bytes.ts functions/submit-report/handler.ts           # what a bundle reads at import, by package
BENCH_QUICK=1 npm run bench   # small sizes, prints only (a smoke run)
\`\`\`

Sizes of this run: ${Object.entries(sizes)
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ')}. Needs Java 17+ (DynamoDB Local). Close other work: every
figure shares two cores with DynamoDB Local's JVM.
`;
}
