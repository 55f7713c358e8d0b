/**
 * The README's receipt-channel loop, run as written (curl, `npm run token`)
 * against a fresh local system: the victim reports, a handler writes, the
 * victim reads and replies, pauses, the handler's call is refused, and the
 * rotated receipt answers like a wrong one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSystem, type LocalSystem, type RunningForce } from '../../scripts/local/system';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
let system: LocalSystem;
let force: RunningForce;

beforeAll(async () => {
  system = await startLocalSystem({ forces: [{ forceId: 'demoshire' }], keyDir: mkdtempSync(join(tmpdir(), 'safe-pathway-channel-readme-')) });
  force = system.forces[0] as RunningForce;
}, 90_000);

afterAll(async () => {
  await system?.stop();
});

describe('the README receipt-channel loop', () => {
  it('runs as written', async () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const block = /```sh receipt-channel-loop\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const { stdout } = await run('bash', ['-c', `set -euo pipefail\n${block!.replaceAll('http://localhost:3000', force.url)}`], {
      cwd: ROOT,
      env: { ...process.env, LOCAL_KEYS_DIR: system.keyDir },
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\{"messageId":"[0-9a-f-]{36}","at":"[^"]+"\}$/);
    expect(JSON.parse(lines[1]!).messages).toEqual([expect.objectContaining({ from: 'force', text: 'We have read your report. Reply here when it is safe.' })]);
    expect(JSON.parse(lines[3]!).entries[0]).toMatchObject({ unreadReply: true, victimLastLookedAt: expect.any(String) });
    expect(JSON.parse(lines[4]!).messages.map((message: { from: string }) => message.from)).toEqual(['force', 'victim']);
    expect(JSON.parse(lines[5]!).pausedUntil).toEqual(expect.any(String));
    expect(lines[6]).toContain('contact-paused');
    expect(JSON.parse(lines[7]!)).toMatchObject({ status: 404, title: 'No report matches that receipt' });
    expect(JSON.parse(lines[8]!).messages).toHaveLength(2);
  }, 120_000);
});
