/**
 * What the retention tests share over a firewall force (firewall-fixture.ts):
 * the worker's sweep on an injected clock, the report item as stored, and a
 * consistent scan of the whole table to look for any trace left behind.
 */
import { GetCommand, type GetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { scanTable } from './scan';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { sweepRetention } from '../../functions/domain/retention/sweep';
import { retentionRuntime } from '../../functions/wiring/retention-runtime';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import type { FirewallFixture } from './firewall-fixture';
import { claimsFor, loadHandler, type Handler } from './staff';

export const DAY = 86_400_000;
export const MINUTE = 60_000;

/**
 * @example
 * const { sweep, reportItem, scanAll } = retentionTools(() => fixture, () => new Date(clockMs));
 * await sweep();
 */
export function retentionTools(fixture: () => FirewallFixture, now: () => Date) {
  const table = () => ({ document: fixture().force.dynamo.document, TableName: fixture().force.tableName });
  /** One run of the retention worker at the injected time, with `remainingMs` (a minute unless told). */
  const sweep = (options: { remainingMs?: () => number } = {}) => sweepRetention(retentionRuntime(process.env, { now }), { remainingMs: options.remainingMs ?? (() => 60_000) });
  return {
    sweep,
    /** Two runs of the worker at once, as two scheduled invocations may overlap; the failures of both added up. */
    racingSweeps: async () => {
      const runs = await Promise.all([sweep(), sweep()]);
      return { runs, failed: runs.reduce((sum, run) => sum + run.failed, 0) };
    },
    /** The report item as stored (strongly consistent); undefined at run time once the worker removed it. */
    reportItem: async (reportId: string): Promise<NonNullable<GetCommandOutput['Item']>> =>
      (await table().document.send(new GetCommand({ TableName: table().TableName, Key: keys.report(reportId), ConsistentRead: true }))).Item!,
    /** Every item of the table (page by page). */
    scanAll: () => scanTable(table().document, table().TableName),
  };
}

/**
 * The hooks of a retention test file: the force set up once (`setUp` keeps
 * it where the tests read it) with the named staff handlers loaded into `h`,
 * its webhook receiver closed at the end, and the staff runtime on the
 * injected clock before each test.
 *
 * @example
 * useRetentionForce({ setUp: async () => (fixture = await setUpFirewallForce()), handlers: ['report-read'], h, now: clock });
 */
export function useRetentionForce(options: { setUp: () => Promise<FirewallFixture>; handlers: readonly string[]; h: Record<string, Handler>; now: () => Date }): void {
  let fixture: FirewallFixture | undefined;
  beforeAll(async () => {
    fixture = await options.setUp();
    for (const name of options.handlers) options.h[name] = await loadHandler(name);
  });
  afterAll(async () => fixture?.receiver.close());
  beforeEach(() => resetStaffRuntime({ now: options.now }));
}

/** One retention test file's world: its force (set in its hooks), the injected clock, its loaded handlers, and the tools on them. */
export interface RetentionWorld extends ReturnType<typeof retentionTools> {
  fixture: FirewallFixture;
  clockMs: number;
  readonly clock: () => Date;
  readonly h: Record<string, Handler>;
  /** A staff token's claims for this force's issuer. */
  claims(role: 'supervisor' | 'call-handler', sub: string): ReturnType<typeof claimsFor>;
}

/**
 * @example
 * const world = retentionWorld();
 * useRetentionForce({ setUp: async () => (world.fixture = await setUpFirewallForce()), handlers: ['report-read'], h: world.h, now: world.clock });
 * world.clockMs = t0 + 61 * DAY;
 * await world.sweep();
 */
export function retentionWorld(): RetentionWorld {
  const world = { clockMs: 0, h: {} } as RetentionWorld;
  const clock = () => new Date(world.clockMs);
  const claims = (role: 'supervisor' | 'call-handler', sub: string) => claimsFor({ issuer: world.fixture.issuer, audience: world.fixture.audience, roles: [role], sub });
  return Object.assign(world, { clock, claims }, retentionTools(() => world.fixture, clock));
}

/** Accepts `count` reports one second apart from `t0`, in order; their ids. */
export async function acceptSeveral(count: number, t0: number, accept: (at: number) => Promise<string>): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await accept(t0 + i * 1000));
  return ids;
}

/** Every binary value of an item, at any depth (the body's parts are a map of binaries). */
export function binaries(value: unknown): Uint8Array[] {
  if (value instanceof Uint8Array) return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(binaries);
  return [];
}
