/**
 * The local bridge keeps an idle keep-alive connection open longer than the
 * clients that reuse it: a browser or Playwright's request context sending on
 * a socket the server is closing at that instant would get ECONNRESET.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaHttpServer } from '../../../scripts/local/lambda-http-bridge';

const server = createLambdaHttpServer({ routes: [{ method: 'POST', path: '/form', handler: async () => ({ statusCode: 200, body: 'ok' }) }] });
let port: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(agent: Agent): Promise<{ status: number | undefined; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/form', method: 'POST', agent }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, socket: outgoing.socket }));
    });
    outgoing.on('error', reject);
    outgoing.end('a=1');
  });
}

describe('the local HTTP bridge', () => {
  it('keeps an idle keep-alive connection open past Node’s 5 s default, so a client reusing it is answered on the same socket', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await post(agent);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const second = await post(agent);
    agent.destroy();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.socket).toBe(first.socket);
  }, 20_000);
});
