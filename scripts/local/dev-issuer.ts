/**
 * A development token issuer standing in for each force's Cognito user pool:
 * one RSA signing key and one issuer URL per force
 * (`http://127.0.0.1:<port>/<forceId>`), the JWKS served where Cognito
 * serves it (`<issuer>/.well-known/jwks.json`), and access tokens shaped
 * like Cognito's (`token_use`, `client_id`, `cognito:groups`).
 *
 * Keys live on disk (git-ignored) so `npm run token` can sign while
 * `npm start` serves the JWKS.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { StaffRole } from '../../functions/domain/access/staff-access';

const FORCE_ID = /^[a-z0-9-]{2,32}$/;
const ALG = 'RS256';

/** The folder under the local key directory that holds the issuer's keys and address. */
export function issuerDir(keyDir: string): string {
  return join(keyDir, 'issuer');
}

/** The local app client id of a force (the audience its API accepts). */
export function localAudience(forceId: string): string {
  return `safe-pathway-local-${forceId}`;
}

/** A force's issuer URL under the issuer's base URL. */
export function issuerUrl(baseUrl: string, forceId: string): string {
  return `${baseUrl}/${forceId}`;
}

/** The environment a force's staff functions get locally: the twin of what the CDK stack sets. */
export function devIssuerEnv(baseUrl: string, forceId: string): Record<string, string> {
  return { TOKEN_ISSUER: issuerUrl(baseUrl, forceId), TOKEN_AUDIENCE: localAudience(forceId) };
}

interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * The force's signing key, created on first use.
 *
 * @example
 * const { publicJwk } = await ensureIssuerKey('.local/keys', 'example-north');
 */
export async function ensureIssuerKey(keyDir: string, forceId: string): Promise<StoredKey> {
  if (!FORCE_ID.test(forceId)) throw new Error('force ids are 2–32 lower-case letters, digits or dashes');
  const dir = issuerDir(keyDir);
  const file = join(dir, `${forceId}.jwk.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 });
  const kid = randomUUID();
  const stored: StoredKey = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG, use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
  };
  // `wx`: two processes racing on first use keep the first key.
  try {
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
  } catch {
    return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  }
  return stored;
}

export interface MintOptions {
  keyDir: string;
  /** The running issuer's base URL; read from the key directory when omitted. */
  baseUrl?: string;
  forceId: string;
  role: StaffRole | StaffRole[];
  sub?: string;
  ttlSeconds?: number;
  /** Override the audience (tests of the authorizer). */
  audience?: string;
  now?: Date;
}

/** Raised when no development issuer has run yet with this key directory. */
export class IssuerNotStartedError extends Error {
  constructor(keyDir: string) {
    super(`no development issuer has started with keys in ${keyDir}: run \`npm start\` first`);
    this.name = 'IssuerNotStartedError';
  }
}

/** The base URL of the issuer last started with this key directory. */
export function runningIssuerBaseUrl(keyDir: string): string {
  const file = join(issuerDir(keyDir), 'issuer.json');
  if (!existsSync(file)) throw new IssuerNotStartedError(keyDir);
  return (JSON.parse(readFileSync(file, 'utf8')) as { baseUrl: string }).baseUrl;
}

/**
 * Signs a Cognito-shaped access token for a member of a force's staff.
 *
 * @example
 * const token = await mintStaffToken({ keyDir: '.local/keys', forceId: 'example-north', role: 'call-handler' });
 */
export async function mintStaffToken(options: MintOptions): Promise<string> {
  const baseUrl = options.baseUrl ?? runningIssuerBaseUrl(options.keyDir);
  const { privateJwk } = await ensureIssuerKey(options.keyDir, options.forceId);
  const key = await importJWK(privateJwk, ALG);
  const roles = Array.isArray(options.role) ? options.role : [options.role];
  const sub = options.sub ?? `local-${roles[0] ?? 'staff'}`;
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    'cognito:groups': roles,
    token_use: 'access',
    client_id: options.audience ?? localAudience(options.forceId),
    username: sub,
    scope: 'aws.cognito.signin.user.admin',
    auth_time: issuedAt,
  })
    .setProtectedHeader({ alg: ALG, kid: privateJwk.kid as string })
    .setIssuer(issuerUrl(baseUrl, options.forceId))
    .setSubject(sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? 3600))
    .setJti(randomUUID())
    .sign(key);
}

export interface DevIssuer {
  baseUrl: string;
  server: Server;
  stop(): Promise<void>;
}

/**
 * Serves each force's JWKS and OpenID discovery document, and records its
 * address in the key directory for `npm run token`.
 *
 * @example
 * const issuer = await startDevIssuer({ keyDir: '.local/keys', port: 3099 });
 * issuerUrl(issuer.baseUrl, 'example-north'); // http://127.0.0.1:3099/example-north
 */
export async function startDevIssuer(options: { keyDir: string; port?: number; forces?: string[] }): Promise<DevIssuer> {
  for (const forceId of options.forces ?? []) await ensureIssuerKey(options.keyDir, forceId);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const match = /^\/([a-z0-9-]{2,32})\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(path);
    const file = match ? join(issuerDir(options.keyDir), `${match[1]}.jwk.json`) : undefined;
    if (request.method !== 'GET' || !match || !file || !existsSync(file)) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    const { publicJwk } = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    const issuer = issuerUrl(baseUrl, match[1] as string);
    const body = match[2] === 'jwks.json' ? { keys: [publicJwk] } : { issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: [ALG] };
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready));
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  mkdirSync(issuerDir(options.keyDir), { recursive: true, mode: 0o700 });
  writeFileSync(join(issuerDir(options.keyDir), 'issuer.json'), JSON.stringify({ baseUrl }));
  return {
    baseUrl,
    server,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
