/**
 * The local stand-in for each force's Cognito user pool as the console meets
 * it: a real OpenID Connect provider (`oidc-provider`) per force, mounted at
 * the force's issuer URL (`http://127.0.0.1:<port>/<forceId>`), with a few
 * seeded call handlers and a supervisor, authorisation code + PKCE for the
 * console (a public client, as Cognito's app client is), and access tokens
 * shaped like Cognito's (`token_use`, `client_id`, `cognito:groups`) signed
 * with the same key `npm run token` signs with — so the local JWT authorizer
 * (scripts/local/jwt-authorizer.ts) accepts both exactly as before.
 *
 * Accounts belong to one force: a user of another force is refused at that
 * force's sign-in page, as a different user pool would refuse them.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { ensureIssuerKey, issuerDir, issuerUrl, localAudience, type DevIssuer } from './dev-issuer';

type Role = 'call-handler' | 'supervisor';

/** A seeded member of a force's staff. */
export interface LocalStaffUser {
  forceId: string;
  username: string;
  password: string;
  roles: Role[];
  name: string;
}

export interface OidcForce {
  forceId: string;
  /** The console's address for this force: the redirect and post-sign-out URL, and the only origin CORS admits. */
  consoleUrl: string;
  /** Where the force API is: the resource (audience) its access tokens name. */
  apiUrl: string;
  /** Lifetime of this force's access and ID tokens, in seconds (an hour, as Cognito's, when omitted); the e2e tests shorten it to see expiry. */
  accessTokenSeconds?: number;
}

export interface OidcIssuer extends DevIssuer {
  users: LocalStaffUser[];
}

/** Access tokens last an hour, as the Cognito app client's (infra/constructs/identity.ts). */
const ACCESS_TOKEN_SECONDS = 3600;

const SEED: { username: string; roles: Role[]; name: string }[] = [
  { username: 'handler-1', roles: ['call-handler'], name: 'Call handler one' },
  { username: 'handler-2', roles: ['call-handler'], name: 'Call handler two' },
  { username: 'supervisor-1', roles: ['supervisor'], name: 'Supervisor one' },
];

/** Seeded users: the same usernames in every force, each with its own random password. */
function seedUsers(forceId: string): LocalStaffUser[] {
  return SEED.map((user) => ({ ...user, forceId, password: randomBytes(9).toString('base64url') }));
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Sign-in page headers: no script at all, framing refused, never cached; the form's redirects end at the console. */
function pageHeaders(consoleOrigin: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${consoleOrigin}; frame-ancestors 'none'; base-uri 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:arial,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.4}label{display:block;font-weight:bold;margin-top:1rem}input{font-size:1.1rem;padding:.3rem;width:100%;max-width:20rem;border:2px solid #0b0c0c}button{margin-top:1.5rem;font-size:1.1rem;padding:.5rem 1rem;background:#00703c;color:#fff;border:0}button:focus,input:focus{outline:3px solid #fd0;outline-offset:0}.error{color:#d4351c;font-weight:bold;border-left:5px solid #d4351c;padding-left:1rem}</style></head>
<body><main>${body}</main></body></html>`;
}

function loginPage(forceId: string, uid: string, error?: string): string {
  return page(
    `${error ? 'Error: ' : ''}Sign in – ${forceId} staff (local)`,
    `<h1>Sign in to ${escapeHtml(forceId)}</h1><p>Local stand-in for the force's staff sign-in (Cognito in AWS).</p>` +
      (error ? `<p class="error" role="alert" id="error">${escapeHtml(error)}</p>` : '') +
      `<form method="post" action="/${escapeHtml(forceId)}/interaction/${escapeHtml(uid)}/login" autocomplete="off">` +
      `<label for="username">Username</label><input id="username" name="username" required autocomplete="username">` +
      `<label for="password">Password</label><input id="password" name="password" type="password" required autocomplete="current-password">` +
      `<button type="submit">Sign in</button></form>`,
  );
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 4096) break;
  }
  return new URLSearchParams(body);
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function providerFor(force: OidcForce, baseUrl: string, users: LocalStaffUser[], keyDir: string): Promise<Provider> {
  const { privateJwk } = await ensureIssuerKey(keyDir, force.forceId);
  const byName = new Map(users.map((user) => [user.username, user]));
  const clientId = localAudience(force.forceId);
  const consoleOrigin = new URL(force.consoleUrl).origin;
  const tokenSeconds = force.accessTokenSeconds ?? ACCESS_TOKEN_SECONDS;
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [force.consoleUrl],
        post_logout_redirect_uris: [force.consoleUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [privateJwk as never] },
    // Where Cognito publishes a pool's keys (and where the local authorizer looks).
    routes: { jwks: '/.well-known/jwks.json' },
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin) => origin === consoleOrigin,
    ttl: { AccessToken: tokenSeconds, IdToken: tokenSeconds, Session: 12 * 3600, Grant: 12 * 3600, Interaction: 600, AuthorizationCode: 60 },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => force.apiUrl,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== force.apiUrl) throw new Error('unknown resource');
          return { scope: 'staff', audience: force.apiUrl, accessTokenFormat: 'jwt', accessTokenTTL: tokenSeconds, jwt: { sign: { alg: 'RS256' } } };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        // The console has already forgotten its tokens: end the session here without a second question.
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = page(
            'Signing out',
            `<h1>Sign out</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out of ${escapeHtml(force.forceId)}</button>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = page('Signed out', '<h1>You are signed out</h1>');
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/${force.forceId}/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const user = byName.get(id);
      if (!user) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: user.name, preferred_username: id }) };
    },
    // First-party console: the force's own staff are not asked to consent to their own tool.
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const existing = ctx.oidc.session?.grantIdFor(ctx.oidc.client.clientId);
      if (existing) {
        const grant = await ctx.oidc.provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new ctx.oidc.provider.Grant({ accountId, clientId: ctx.oidc.client.clientId });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(force.apiUrl, 'staff');
      await grant.save();
      return grant;
    },
    // Cognito-shaped access tokens: what API Gateway's authorizer and the handlers read.
    extraTokenClaims: (_ctx, token) => {
      if (token.kind !== 'AccessToken') return undefined;
      const user = byName.get(token.accountId ?? '');
      return { 'cognito:groups': user?.roles ?? [], token_use: 'access', username: token.accountId };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Sign-in error', `<h1>Sign-in error</h1><p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
  };
  const provider = new Provider(issuerUrl(baseUrl, force.forceId), configuration);
  return provider;
}

/** Our login interaction: username and password of THIS force's users only. */
async function handleInteraction(provider: Provider, force: OidcForce, users: LocalStaffUser[], path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const forceId = force.forceId;
  const PAGE_HEADERS = pageHeaders(new URL(force.consoleUrl).origin);
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
  if (!match) return void response.writeHead(404, PAGE_HEADERS).end(page('Not found', '<h1>Not found</h1>'));
  const uid = match[1] as string;
  try {
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (request.method === 'GET' && !match[2]) {
      response.writeHead(200, PAGE_HEADERS).end(loginPage(forceId, uid));
      return;
    }
    if (request.method !== 'POST' || !match[2]) return void response.writeHead(405, PAGE_HEADERS).end(page('Not allowed', '<h1>Not allowed</h1>'));
    const form = await readForm(request);
    const user = users.find((candidate) => candidate.username === (form.get('username') ?? '').trim());
    if (!user || !samePassword(form.get('password') ?? '', user.password)) {
      response.writeHead(401, PAGE_HEADERS).end(loginPage(forceId, uid, 'Incorrect username or password.'));
      return;
    }
    await provider.interactionFinished(request, response, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
  } catch {
    if (!response.headersSent) response.writeHead(400, PAGE_HEADERS).end(page('Sign-in expired', '<h1>This sign-in has expired</h1><p>Go back to the console and sign in again.</p>'));
  }
}

/**
 * Starts one OpenID Connect provider per force on one port, and records the
 * base URL for `npm run token` as the development issuer did.
 *
 * @example
 * const issuer = await startOidcIssuer({ keyDir: '.local/keys', port: 3099,
 *   forces: [{ forceId: 'exampleshire', consoleUrl: 'http://127.0.0.1:3000/console/', apiUrl: 'http://127.0.0.1:3000' }] });
 * issuer.users; // seeded handler-1, handler-2, supervisor-1 per force, with passwords
 */
export async function startOidcIssuer(options: { keyDir: string; port?: number; forces: OidcForce[] }): Promise<OidcIssuer> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready));
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const users: LocalStaffUser[] = [];
  const providers = new Map<string, { force: OidcForce; provider: Provider; callback: ReturnType<Provider['callback']>; users: LocalStaffUser[] }>();
  for (const force of options.forces) {
    const forceUsers = seedUsers(force.forceId);
    users.push(...forceUsers);
    const provider = await providerFor(force, baseUrl, forceUsers, options.keyDir);
    providers.set(force.forceId, { force, provider, callback: provider.callback(), users: forceUsers });
  }
  server.on('request', (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse) => {
    const url = request.url ?? '/';
    const match = /^\/([a-z0-9-]{2,32})(\/[^?]*)?(\?.*)?$/.exec(url);
    const entry = match ? providers.get(match[1] as string) : undefined;
    if (!match || !entry) return void response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Not Found"}');
    const path = match[2] ?? '/';
    // Mounted under the issuer's path, as oidc-provider's docs mount it: the provider sees the path without the prefix.
    request.originalUrl = url;
    request.url = `${path}${match[3] ?? ''}`;
    if (path.startsWith('/interaction/')) return void handleInteraction(entry.provider, entry.force, entry.users, path, request, response);
    entry.callback(request, response);
  });
  mkdirSync(issuerDir(options.keyDir), { recursive: true, mode: 0o700 });
  writeFileSync(join(issuerDir(options.keyDir), 'issuer.json'), JSON.stringify({ baseUrl }));
  return {
    baseUrl,
    server,
    users,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
