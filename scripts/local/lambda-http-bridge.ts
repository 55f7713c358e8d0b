/**
 * A local stand-in for API Gateway HTTP APIs: turns each HTTP request into a
 * payload-v2 event and invokes the SAME handler code that Lambda runs.
 *
 * It must survive anything a socket can send, as API Gateway does: malformed
 * percent-encoding answers 400, methods no route uses answer 501 (405 when the
 * path exists under another method), an aborted or lying upload gets no answer
 * and costs nothing, and no request can throw out of the request listener.
 * Every answer the bridge writes itself carries `no-store` and the security
 * headers the handlers' middleware sets.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

/** A Lambda handler as middy exports it. */
export type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2 | undefined | void>;

/** One route: `path` may hold `{name}` parameters, as in an HTTP API route key. */
export interface BridgeRoute {
  method: string;
  path: string;
  handler: HttpLambda;
  /** Runs before the handler, e.g. to verify a JWT as the API's authorizer would; returns authorizer claims or throws. */
  authorize?: (request: IncomingMessage) => Promise<Record<string, unknown>>;
}

/** API Gateway HTTP APIs refuse payloads over 10 MB before any Lambda runs. */
export const API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

/** The headers of every answer the bridge writes itself (the handlers set their own through safeHeaders()). */
export const BRIDGE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store, max-age=0',
  Pragma: 'no-cache',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Raised when a path segment is not valid percent-encoding: the request answers 400, never a crash. */
class MalformedPathError extends Error {
  constructor() {
    super('malformed percent-encoding in the path');
    this.name = 'MalformedPathError';
  }
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new MalformedPathError();
  }
}

/** How long an idle keep-alive socket stays open: longer than clients keep theirs (an Application Load Balancer keeps 60 s by default). */
const IDLE_KEEP_ALIVE_MS = 65_000;

const TEXT_TYPES = /^(application\/(json|x-www-form-urlencoded|problem\+json|xml)|text\/)/i;

function match(route: BridgeRoute, method: string, path: string): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  const want = route.path.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? '';
    const value = got[i] ?? '';
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (!value) return undefined;
      params[segment.slice(1, -1)] = decodeSegment(value);
    } else if (segment !== value) return undefined;
  }
  return params;
}

/** A Lambda context as the runtime would pass it, with a real remaining-time clock. */
export function lambdaContext(functionName = 'local', timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > API_GATEWAY_MAX_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...BRIDGE_HEADERS, ...headers });
  response.end(body);
}

export interface BridgeOptions {
  routes: BridgeRoute[];
  /** Origins allowed by CORS, as the HTTP API's CORS configuration would. */
  corsOrigins?: string[];
  /** The function timeout the handlers see through the context. */
  timeoutMs?: number;
  /** Static files served under a path prefix, as S3 + CloudFront serve the web form's assets (and the console) in AWS. */
  staticFiles?: StaticFiles | StaticFiles[];
}

export interface StaticFiles {
  prefix: string;
  dir: string;
  /** Headers added to every file (the console's CSP, for one). */
  headers?: Record<string, string>;
  /** The file answered for the prefix itself (e.g. `index.html`); a request for the prefix without its slash is redirected. */
  index?: string;
}

const STATIC_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};

/** Serves one file under `staticFiles.dir`; answers false when the path is not one of them. */
async function serveStatic(files: StaticFiles, path: string, response: ServerResponse): Promise<boolean> {
  if (files.index && `${path}/` === files.prefix) {
    response.writeHead(302, { Location: files.prefix, 'Cache-Control': 'no-store' }).end();
    return true;
  }
  if (!path.startsWith(files.prefix)) return false;
  const rest = path.slice(files.prefix.length);
  const relative = normalize(decodeSegment(rest === '' && files.index ? files.index : rest));
  if (relative.startsWith('..') || relative.includes('\0')) return false;
  try {
    const body = await readFile(join(files.dir, relative));
    // no-store here too: a cached stylesheet is itself a trace of the visit.
    response.writeHead(200, { ...BRIDGE_HEADERS, 'Content-Type': STATIC_TYPES[extname(relative)] ?? 'application/octet-stream', ...files.headers });
    response.end(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * @example
 * const server = createLambdaHttpServer({ routes: [{ method: 'POST', path: '/reports', handler }] });
 * server.listen(3000);
 */
export function createLambdaHttpServer(options: BridgeOptions): Server {
  const { routes, corsOrigins = [], timeoutMs = 10_000, staticFiles } = options;
  const methods = new Set([...routes.map((route) => route.method), 'OPTIONS', ...(staticFiles ? ['GET'] : [])]);
  const server = createServer((request, response) => {
    // Nothing a request carries may escape as an exception: that would end the process, and the force with it.
    serve(request, response).catch((error: unknown) => {
      if (error instanceof MalformedPathError && !response.headersSent) {
        send(response, 400, JSON.stringify({ message: 'Bad Request' }), { Connection: 'close' });
        return;
      }
      // An aborted or broken upload: nobody is listening for an answer.
      response.destroy();
    });
  });
  // A request line or chunk the parser refuses (absurd chunk size, bad header): answer 400 if the socket is still open, then close it.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    // A client that closed mid-request (ECONNRESET, or EOF inside a chunk) is not waiting for an answer.
    const aborted = error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE';
    if (socket.writable && !aborted && !inFlight?.headersSent) {
      // A problem document like the handlers' own, naming what is wrong without repeating it.
      const where = /HEADER|TOKEN|VALUE/.test(error.code ?? '') ? 'headers' : /CHUNK|BODY|CONTENT_LENGTH/.test(error.code ?? '') ? 'body' : 'request';
      const body = JSON.stringify({
        type: 'https://safe-pathway.invalid/problems/malformed-request',
        title: 'The request is not well-formed HTTP',
        status: 400,
        errors: [{ path: where, message: 'must be well-formed HTTP/1.1 (no control characters in header names or values, valid chunk sizes)' }],
      });
      const head = Object.entries({ 'Content-Type': 'application/problem+json', ...BRIDGE_HEADERS, Connection: 'close', 'Content-Length': String(Buffer.byteLength(body)) })
        .map(([name, value]) => `${name}: ${value}`)
        .join('\r\n');
      socket.end(`HTTP/1.1 400 Bad Request\r\n${head}\r\n\r\n${body}`);
    }
    socket.destroy();
  });
  // CONNECT is not an HTTP API method: answer 501 rather than drop the socket.
  server.on('connect', (_request, socket) => {
    const head = Object.entries({ 'Content-Type': 'application/json', ...BRIDGE_HEADERS, Connection: 'close', 'Content-Length': '30' })
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 501 Not Implemented\r\n${head}\r\n\r\n{"message":"Not Implemented"}\n`);
  });
  // A lying Content-Length from a client that then waits is not held for minutes.
  server.requestTimeout = Math.max(timeoutMs * 2, 30_000);
  // Node closes an idle keep-alive socket after 5 s; a client with a keep-alive agent (browsers,
  // Playwright's request context) that sends on it at that instant gets ECONNRESET. Keep idle
  // sockets longer than a load balancer does by default (60 s), so clients close first.
  server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  return server;

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    request.on('error', () => response.destroy());
    response.on('error', () => response.destroy());
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      throw new MalformedPathError();
    }
    const method = (request.method ?? 'GET').toUpperCase();
    const origin = request.headers.origin;
    const cors: Record<string, string> =
      origin && corsOrigins.includes(origin)
        ? {
            'Access-Control-Allow-Origin': origin,
            'Access-Control-Allow-Headers': 'content-type,idempotency-key,authorization',
            'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
            Vary: 'Origin',
          }
        : {};
    if (method === 'OPTIONS') {
      response.writeHead(204, { ...BRIDGE_HEADERS, ...cors });
      response.end();
      return;
    }
    if (!methods.has(method)) {
      send(response, 501, JSON.stringify({ message: 'Not Implemented' }), cors);
      return;
    }
    if (method === 'GET') {
      for (const files of [staticFiles ?? []].flat()) if (await serveStatic(files, url.pathname, response)) return;
    }
    const found = routes
      .map((route) => ({ route, params: match(route, method, url.pathname) }))
      .find((candidate) => candidate.params !== undefined);
    if (!found) {
      const allowed = [...new Set(routes.filter((route) => match({ ...route, method }, method, url.pathname)).map((route) => route.method))];
      if (allowed.length > 0) send(response, 405, JSON.stringify({ message: 'Method Not Allowed' }), { ...cors, Allow: [...allowed, 'OPTIONS'].join(', ') });
      else send(response, 404, JSON.stringify({ message: 'Not Found' }), cors);
      return;
    }
    const raw = await readBody(request);
    if (raw === 'too-large') {
      send(response, 413, JSON.stringify({ message: 'Request Entity Too Large' }), cors);
      return;
    }
    let authorizer: Record<string, unknown> | undefined;
    if (found.route.authorize) {
      try {
        authorizer = await found.route.authorize(request);
      } catch {
        send(response, 401, JSON.stringify({ message: 'Unauthorized' }), cors);
        return;
      }
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    const contentType = headers['content-type'] ?? '';
    const isText = raw.byteLength === 0 || TEXT_TYPES.test(contentType);
    const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
    const routeKey = `${method} ${found.route.path}`;
    const now = new Date();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
      pathParameters: Object.keys(found.params ?? {}).length ? found.params : undefined,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp, userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(authorizer ? { authorizer: { jwt: { claims: authorizer, scopes: [] } } } : {}),
      } as APIGatewayProxyEventV2['requestContext'],
      body: raw.byteLength === 0 ? undefined : isText ? raw.toString('utf8') : raw.toString('base64'),
      isBase64Encoded: !isText,
    };
    try {
      const result = await found.route.handler(event, lambdaContext(routeKey.replace(/\W+/g, '-'), timeoutMs));
      const structured = typeof result === 'object' && result !== null && 'statusCode' in result ? result : undefined;
      const body = structured ? (structured.body ?? '') : JSON.stringify(result ?? null);
      const outHeaders: Record<string, string> = { ...cors };
      for (const [name, value] of Object.entries(structured?.headers ?? {})) outHeaders[name] = String(value);
      response.writeHead(structured?.statusCode ?? 200, outHeaders);
      response.end(structured?.isBase64Encoded ? Buffer.from(body, 'base64') : body);
    } catch {
      // As API Gateway does when a function fails: no details leave.
      send(response, 500, JSON.stringify({ message: 'Internal Server Error' }), cors);
    }
  }
}
