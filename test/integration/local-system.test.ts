/**
 * The local system as a new user meets it: DynamoDB Local plus each force's
 * API serving the same handlers Lambda runs, and the README's curl example.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '../../scripts/local/system';

let system: LocalSystem;

/** The README's curl example, pointed at this test's port. */
function readmeCurl(baseUrl: string): string {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const block = /```sh submit-example\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README has no ```sh submit-example block');
  return block.replaceAll('http://localhost:3000', baseUrl);
}

beforeAll(async () => {
  system = await startLocalSystem({ forces: [{ forceId: 'example-north' }, { forceId: 'example-south' }] });
}, 90_000);

afterAll(async () => {
  await system?.stop();
});

describe('local system', () => {
  it('answers the README curl example with 201 and a receipt', () => {
    const [north] = system.forces;
    const output = execFileSync('bash', ['-c', `${readmeCurl(north?.url ?? '').trim()} -w '\\n%{http_code}'`], { encoding: 'utf8' });
    const [body, status] = output.trim().split('\n');
    expect(status).toBe('201');
    expect(JSON.parse(body ?? '{}').receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
  });

  it('keeps forces apart: a receipt from one force is unknown to another', async () => {
    const [north, south] = system.forces;
    const submitted = await fetch(`${north?.url}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        reporter: { type: 'victim' },
        incident: { kind: 'stalking-harassment', account: 'He follows me to work.' },
        safeContact: { channels: ['none'], devicesMayBeMonitored: 'dont-know' },
      }),
    });
    const { receipt } = (await submitted.json()) as { receipt: string };
    const lookUp = (url?: string) =>
      fetch(`${url}/reports/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) });
    expect((await lookUp(north?.url)).status).toBe(200);
    expect((await lookUp(south?.url)).status).toBe(404);
  });

  it('answers unknown routes with 404 and huge bodies with 413 before any handler runs', async () => {
    const [north] = system.forces;
    expect((await fetch(`${north?.url}/nowhere`)).status).toBe(404);
    const huge = await fetch(`${north?.url}/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(11 * 1024 * 1024) }).catch(
      () => undefined,
    );
    // The bridge may close the socket mid-upload; either way nothing is accepted.
    if (huge) expect(huge.status).toBe(413);
  });

  it('delivers the README example\'s consented referral to the local webhook receiver with a valid signature', async () => {
    const [north] = system.forces;
    // Idempotent: the README example (fixed Idempotency-Key) made its one report, and its referral, in the first test.
    execFileSync('bash', ['-c', readmeCurl(north?.url ?? '').trim()], { encoding: 'utf8' });
    const deadline = Date.now() + 20_000;
    let delivered;
    while (!delivered && Date.now() < deadline) {
      delivered = system.webhooks?.processed.find((delivery) => delivery.path === '/example-north/local-idva');
      if (!delivered) await new Promise((wait) => setTimeout(wait, 250));
    }
    // The receiver processes only deliveries whose signature it verified.
    expect(delivered?.body).toMatchObject({ contract: 'referral@v1', recipientType: 'idva', forceId: 'example-north' });
    expect(JSON.stringify(delivered?.body)).not.toContain('He pushed me');
    expect(system.webhooks?.requests.every((request) => request.verified)).toBe(true);
  }, 30_000);
});
