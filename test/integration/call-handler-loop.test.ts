/**
 * The full call-handler loop through the local system as a user meets it:
 * DynamoDB Local, each force's API behind the local JWT authorizer, the
 * development issuer, `npm run token`, and the README's curl loop.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadForceConfigs } from '../../infra/force-config';
import { ROUTES } from '../../infra/routes';
import { startLocalSystem, type LocalSystem, type RunningForce } from '../../scripts/local/system';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
let system: LocalSystem;
let north: RunningForce;
let south: RunningForce;

async function token(forceId: string, role: string, sub: string): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'scripts/token.ts', '--force', forceId, '--role', role, '--sub', sub], {
    cwd: ROOT,
    env: { ...process.env, LOCAL_KEYS_DIR: system.keyDir },
  });
  return stdout.trim();
}

async function api(force: RunningForce, method: string, path: string, bearer?: string, body?: unknown) {
  const response = await fetch(`${force.url}${path}`, {
    method,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The README's call-handler loop, pointed at this test's force. */
function readmeLoop(baseUrl: string): string {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const block = /```sh call-handler-loop\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README has no ```sh call-handler-loop block');
  return block.replaceAll('http://localhost:3000', baseUrl);
}

beforeAll(async () => {
  // The forces `npm start` serves, first on the README's port: the README's token command names the first.
  system = await startLocalSystem({
    forces: loadForceConfigs().map((force) => ({ forceId: force.code })),
    keyDir: mkdtempSync(join(tmpdir(), 'safe-pathway-loop-keys-')),
  });
  [north, south] = system.forces as [RunningForce, RunningForce];
}, 90_000);

afterAll(async () => {
  await system?.stop();
});

describe('call-handler loop', () => {
  it('runs the README loop: submit, token, queue, claim, read, refused contact, outcome, closed receipt', async () => {
    const { stdout } = await run('bash', ['-c', `set -euo pipefail\n${readmeLoop(north.url)}`], {
      cwd: ROOT,
      env: { ...process.env, LOCAL_KEYS_DIR: system.keyDir },
    });
    expect(stdout).toContain('"status":409');
    expect(stdout).toContain('devices-may-be-monitored');
    expect(stdout).not.toContain('Unauthorized');
    expect(stdout.trim().split('\n').at(-1)).toBe('{"status":"closed"}');
  }, 60_000);

  it('works step by step with a minted token, and the receipt look-up follows', async () => {
    const submitted = await api(north, 'POST', '/reports', undefined, {
      reporter: { type: 'victim' },
      incident: { kind: 'domestic-abuse', account: 'He hit me.' },
      risk: { answers: { strangulation: 'yes' } },
      safeContact: { channels: ['email'], email: 'safe@example.org', devicesMayBeMonitored: 'yes' },
    });
    const receipt = submitted.body.receipt as string;
    const handler = await token(north.forceId, 'call-handler', 'handler-2');
    const queue = await api(north, 'GET', '/queue', handler);
    expect(queue.status).toBe(200);
    expect(queue.body.entries[0]).toMatchObject({ priority: 3, grade: 'high', status: 'received', lease: null });
    const claimed = await api(north, 'POST', '/queue/claim', handler);
    expect(claimed.status).toBe(200);
    const reportId = claimed.body.report.reportId as string;
    expect((await api(north, 'GET', `/reports/${reportId}`, handler)).body.report.body.incident.account).toBe('He hit me.');
    const refused = await api(north, 'POST', `/reports/${reportId}/contact-attempts`, handler, { channel: 'email', result: 'message-sent' });
    expect(refused.status).toBe(409);
    const status = async () => (await api(north, 'POST', '/reports/status', undefined, { receipt })).body.status;
    expect(await status()).toBe('in-review');
    expect((await api(north, 'POST', `/reports/${reportId}/outcome`, handler, { outcome: 'unable-to-contact' })).status).toBe(200);
    expect(await status()).toBe('closed');
    const supervisor = await token(north.forceId, 'supervisor', 'supervisor-2');
    const trail = await api(north, 'GET', `/audit?reportId=${reportId}`, supervisor);
    expect(trail.body.records.map((record: { operation: string; action: string }) => `${record.action}:${record.operation}`)).toEqual([
      'consultation:claim',
      'consultation:read-report',
      'refusal:contact-attempt',
      'alteration:outcome',
    ]);
  });

  it('keeps a force-A token out of every force-B staff route, at the authorizer', async () => {
    const northSupervisor = await token(north.forceId, 'supervisor', 'north-supervisor');
    for (const route of ROUTES.filter((candidate) => candidate.auth !== 'public')) {
      const path = route.path.replace('{reportId}', '7d0b1c2e-1111-4222-8333-944455556666');
      const answer = await api(south, route.method, path, northSupervisor, route.method === 'POST' ? {} : undefined);
      // API Gateway's JWT authorizer on force B's pool refuses force A's issuer before any function runs.
      expect([route.name, answer.status]).toEqual([route.name, 401]);
    }
    expect((await api(south, 'GET', '/queue')).status).toBe(401);
    expect((await api(south, 'GET', '/queue', await token(south.forceId, 'call-handler', 'south-handler'))).status).toBe(200);
  });
});
