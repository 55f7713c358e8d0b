/**
 * Hostile transport against the RUNNING local system: each request a socket
 * can send that once killed a force's API (malformed percent-encoding, a
 * lying Content-Length, an absurd chunk size, CONNECT), sent raw, then a
 * normal request that must still succeed. Every answer the bridge writes
 * itself carries `no-store` and the security headers.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useLocalForce } from './support';

const local = useLocalForce({ forceId: 'transport-north' });

interface RawAnswer {
  /** 0 when the server closed without answering. */
  status: number;
  headers: Record<string, string>;
  raw: string;
}

/** Writes `chunks` to a fresh socket (ending it when `end`), and reads whatever comes back until close or `waitMs`. */
function raw(chunks: string[], options: { end?: boolean; waitMs?: number } = {}): Promise<RawAnswer> {
  const { port, hostname } = new URL(local.force.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    const finish = () => {
      socket.destroy();
      const [head = ''] = received.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, raw: received });
    };
    const timer = setTimeout(finish, options.waitMs ?? 3_000);
    socket.on('data', (data) => (received += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      finish();
    });
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (options.end) socket.end();
    });
  });
}

const request = (line: string, headers: string[] = []) => [`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`];

/** A normal request after each hostile one: the force's API must still be there. */
async function stillServing(): Promise<void> {
  const answer = await fetch(`${local.force.url}/form`, { signal: AbortSignal.timeout(10_000) });
  expect(answer.status).toBe(200);
  expect(await answer.text()).toContain('<form');
}

function expectBridgeHeaders(answer: RawAnswer): void {
  expect(answer.headers['cache-control']).toContain('no-store');
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
  expect(answer.headers['x-frame-options']).toBe('DENY');
  expect(answer.headers['referrer-policy']).toBe('no-referrer');
}

describe('hostile transport: the local system survives anything a socket can send', () => {
  it.each([
    ['GET /reports/% HTTP/1.1'],
    ['GET /reports/%C0%AE%C0%AE HTTP/1.1'],
    ['POST /reports/%E0%A4%A/lease HTTP/1.1'],
    ['GET /assets/% HTTP/1.1'],
  ])('answers malformed percent-encoding (%s) with 400 and the security headers, and keeps serving', async (line) => {
    const answer = await raw(request(line, ['Content-Length: 0']));
    expect(answer.status).toBe(400);
    expectBridgeHeaders(answer);
    await stillServing();
  });

  it('gives a lying Content-Length (5000 declared, 40 sent, then closed) no answer, and keeps serving', async () => {
    const answer = await raw(
      [`POST /reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n${'{"a":"'.padEnd(40, 'x')}`],
      { end: true },
    );
    expect(answer.status).toBe(0);
    await stillServing();
  });

  it('refuses an absurd chunk size without crashing, and keeps serving', async () => {
    const answer = await raw(
      ['POST /reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n{"a":1}\r\n'],
    );
    expect([0, 400]).toContain(answer.status);
    if (answer.status === 400) expectBridgeHeaders(answer);
    await stillServing();
  });

  it('survives an upload aborted in the middle of a chunked body, and keeps serving', async () => {
    const answer = await raw(
      ['POST /reports/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"receipt":"12'],
      { end: true },
    );
    expect(answer.status).toBe(0);
    await stillServing();
  });

  it.each([['\u0001'], ['\u001b[31m'], ['\u007f']])('answers control characters in Idempotency-Key (%j) with a 400 problem document naming the headers', async (control) => {
    const body = '{}';
    const answer = await raw([
      `POST /reports HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nIdempotency-Key: key-${control}-0000000000\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    ]);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(answer.raw.split('\r\n\r\n')[1] ?? '{}') as { status?: number; errors?: { path: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.errors?.[0]?.path).toBe('headers');
    expectBridgeHeaders(answer);
    await stillServing();
  });

  it('answers CONNECT with 501 and the security headers, and keeps serving', async () => {
    const answer = await raw(['CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n']);
    expect(answer.status).toBe(501);
    expectBridgeHeaders(answer);
    await stillServing();
  });

  it.each([['TRACE /reports HTTP/1.1'], ['PROPFIND /reports HTTP/1.1'], ['DELETE /form HTTP/1.1']])(
    'answers a method no route uses (%s) with 501 and the security headers',
    async (line) => {
      const answer = await raw(request(line));
      expect(answer.status).toBe(501);
      expectBridgeHeaders(answer);
      await stillServing();
    },
  );

  it('answers a known method on a path that only takes another with 405 and Allow', async () => {
    const answer = await raw(request('GET /reports HTTP/1.1'));
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toContain('POST');
    expectBridgeHeaders(answer);
  });

  it('answers OPTIONS with 204, no-store and the security headers', async () => {
    const answer = await raw(request('OPTIONS /reports HTTP/1.1', ['Origin: http://elsewhere.invalid', 'Access-Control-Request-Method: POST']));
    expect(answer.status).toBe(204);
    expectBridgeHeaders(answer);
  });

  it('answers its own 404 with no-store and the security headers', async () => {
    const answer = await raw(request('GET /nowhere HTTP/1.1'));
    expect(answer.status).toBe(404);
    expectBridgeHeaders(answer);
    await stillServing();
  });
});
