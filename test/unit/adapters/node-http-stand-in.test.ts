/**
 * Every bundle takes `node:http` with `require` (infra/node-http.cjs): an ES
 * module import of it makes Node 24 load undici, which nothing here uses, at
 * every cold start. A route built the stack's way loads no undici at import,
 * and the AWS SDK's HTTP path inside a bundle (its `import('node:http')`,
 * now the stand-in) still talks to a real local HTTP server.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_ENTRY_FILE, bundleFunction, lambdaEsbuildOptions } from '../../../infra/bundling';

const ROOT = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
const servers: Server[] = [];
afterAll(async () => {
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
});

/** The undici modules Node has loaded once `module` is imported, in a fresh process with the environment a function sees at import. */
function undiciLoadedBy(module: string): string[] {
  const probe = `await import(${JSON.stringify(module)}); process.stdout.write(JSON.stringify(process.moduleLoadList.filter((name) => name.includes('undici'))));`;
  const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-2', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', POWERTOOLS_SERVICE_NAME: 'test', TABLE_NAME: 'test' };
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { env, encoding: 'utf8' })) as string[];
}

describe('node:http in a bundle', () => {
  it('is Node’s own http module, taken by require', () => {
    const require = createRequire(import.meta.url);
    expect(require(resolve(ROOT, 'infra/node-http.cjs'))).toBe(require('node:http'));
  });

  it('loads undici when imported as an ES module (why the stand-in is there)', () => {
    expect(undiciLoadedBy('node:http')).not.toEqual([]);
  });

  it('leaves undici unloaded when a route built the stack’s way is imported', () => {
    const bundle = bundleFunction('functions/submit-report/handler.ts');
    expect(undiciLoadedBy(pathToFileURL(join(bundle.assetDir, BUNDLE_ENTRY_FILE)).href)).toEqual([]);
  }, 120_000);

  it('still carries the AWS SDK’s requests to an http: endpoint, a real local server answering', async () => {
    const requests: { method?: string; target?: string }[] = [];
    const server = createServer((request, response) => {
      requests.push({ method: request.method, target: String(request.headers['x-amz-target']) });
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ TableNames: ['stand-in'] }));
      });
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const dir = mkdtempSync(join(tmpdir(), 'node-http-stand-in-'));
    dirs.push(dir);
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
export const listTables = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }).send(new ListTablesCommand({}));`,
    );
    await build({ ...lambdaEsbuildOptions(), entryPoints: [entry], outdir: join(dir, 'out'), absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')], logLevel: 'silent' });
    const { listTables } = (await import(pathToFileURL(join(dir, 'out', BUNDLE_ENTRY_FILE)).href)) as { listTables: (endpoint: string) => Promise<{ TableNames?: string[] }> };
    const answer = await listTables(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect(answer.TableNames).toEqual(['stand-in']);
    expect(requests).toEqual([{ method: 'POST', target: 'DynamoDB_20120810.ListTables' }]);
  }, 120_000);
});
