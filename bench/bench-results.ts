/**
 * What one `npm run bench` measures (bench/run.ts), as the performance
 * report (bench/report.ts) reads it.
 */
import type { ClaimLatencyResult } from './claims';
import type { ColdStartResult } from './cold-start';
import type { IntakeResult } from './intake';
import type { KmsEconomyResult } from './kms-economy';
import type { QueueScaleResult } from './queue-scale';
import type { ThroughputResult } from './throughput';

/** @example const { cold, intake } = results satisfies BenchResults; */
export interface BenchResults {
  cold: ColdStartResult;
  intake: IntakeResult;
  kms: KmsEconomyResult;
  queue: QueueScaleResult;
  /** Claim p50/p99 at 1, 10 and 100 concurrent claimers (bench/claims.ts). */
  claims: ClaimLatencyResult;
  throughput: ThroughputResult;
}
