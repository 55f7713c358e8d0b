/**
 * Signing in and out: OpenID Connect authorisation code with PKCE (S256),
 * a public client, as Cognito's hosted sign-in does it.
 *
 * The tokens live in this module's variables and nowhere else: no
 * localStorage, no cookie (the sign-in service's own session cookie is
 * HttpOnly on its own origin). Only the one-time PKCE verifier and `state`
 * cross the redirect, in sessionStorage, and are removed as soon as the
 * browser comes back. A reload therefore starts a new sign-in.
 *
 * The session ends when the access token expires, after `idleMinutes`
 * without a key press or click, on a 401 from the API, or on sign-out; each
 * time the page is emptied.
 */
import type { ConsoleConfig } from '../config';

export type Role = 'call-handler' | 'supervisor';

export interface Session {
  accessToken: string;
  idToken?: string;
  /** The staff id the API knows (token subject). */
  staffId: string;
  name: string;
  roles: Role[];
  expiresAt: number;
}

export type EndReason = 'signed-out' | 'idle' | 'expired' | 'refused';

const PENDING = 'safe-pathway-console.pending';
const ENDED = 'safe-pathway-console.ended';

let current: Session | undefined;
let expiryTimer = 0;
let idleTimer = 0;
let onEnd: (reason: EndReason) => void = () => undefined;

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** The payload of a JWT, unverified: for display and timers only — the API verifies every call. */
function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (char) => char.charCodeAt(0)))) as Record<string, unknown>;
}

/** The session in memory, if any. */
export function session(): Session | undefined {
  return current;
}

/** Called once with what to do when the session ends (empty the page, say why). */
export function whenSessionEnds(handler: (reason: EndReason) => void): void {
  onEnd = handler;
}

/**
 * Sends the browser to the sign-in service.
 *
 * @example
 * await startSignIn(config, { forceLogin: true, returnTo: '#/queue' });
 */
export async function startSignIn(config: ConsoleConfig, options: { forceLogin?: boolean; returnTo?: string } = {}): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: options.returnTo ?? '' }));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    ...(options.forceLogin ? { prompt: 'login' } : {}),
  }).toString();
  location.assign(url.href);
}

/** Raised when the browser came back from sign-in with an error or a mismatched state. */
export class SignInFailedError extends Error {
  constructor(readonly code: string) {
    super(`sign-in failed: ${code}`);
    this.name = 'SignInFailedError';
  }
}

/**
 * On the redirect back: exchanges the code (with the PKCE verifier) for
 * tokens, keeps them in memory, and removes every trace from the address bar
 * and sessionStorage. Answers the route to return to, or undefined when this
 * load is not a sign-in redirect.
 */
export async function completeSignIn(config: ConsoleConfig): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return undefined;
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', config.redirectUri);
  const { verifier, state, returnTo } = pending ? (JSON.parse(pending) as { verifier: string; state: string; returnTo: string }) : { verifier: '', state: '', returnTo: '' };
  if (params.has('error')) throw new SignInFailedError(/^[a-z_]{1,64}$/.test(params.get('error') ?? '') ? (params.get('error') as string) : 'error');
  if (!verifier || params.get('state') !== state) throw new SignInFailedError('state-mismatch');
  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: config.redirectUri, client_id: config.clientId, code_verifier: verifier }),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) throw new SignInFailedError('token-refused');
  const tokens = (await response.json()) as { access_token: string; id_token?: string };
  const claims = claimsOf(tokens.access_token);
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const idClaims = tokens.id_token ? claimsOf(tokens.id_token) : {};
  current = {
    accessToken: tokens.access_token,
    ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
    staffId: String(claims.sub ?? ''),
    name: String(idClaims.name ?? claims.username ?? claims.sub ?? ''),
    roles: groups.filter((group): group is Role => group === 'call-handler' || group === 'supervisor'),
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
  armTimers(config);
  return returnTo;
}

const ACTIVITY = ['keydown', 'pointerdown'] as const;
let idleMs = 15 * 60_000;

function restartIdle(): void {
  window.clearTimeout(idleTimer);
  idleTimer = window.setTimeout(() => endSession('idle'), idleMs);
}

function armTimers(config: ConsoleConfig): void {
  idleMs = config.idleMinutes * 60_000;
  expiryTimer = window.setTimeout(() => endSession('expired'), Math.max(0, (current?.expiresAt ?? 0) - Date.now()));
  restartIdle();
  for (const type of ACTIVITY) document.addEventListener(type, restartIdle, { capture: true });
}

/** Forgets the tokens and stops the timers; the caller empties the page. */
export function endSession(reason: EndReason): void {
  if (!current) return;
  current = undefined;
  window.clearTimeout(expiryTimer);
  window.clearTimeout(idleTimer);
  for (const type of ACTIVITY) document.removeEventListener(type, restartIdle, { capture: true });
  sessionStorage.setItem(ENDED, reason);
  onEnd(reason);
}

/** Why the last session ended (once), for the signed-out page. */
export function lastEndReason(): EndReason | undefined {
  const reason = sessionStorage.getItem(ENDED) as EndReason | null;
  sessionStorage.removeItem(ENDED);
  return reason ?? undefined;
}

/**
 * Signs out: forgets everything here, then ends the sign-in service's
 * session, which sends the browser back to the console's start page.
 */
export function signOut(config: ConsoleConfig): void {
  const idToken = current?.idToken;
  endSession('signed-out');
  const url = new URL(config.endSessionEndpoint);
  url.search = new URLSearchParams(
    config.signOut === 'cognito'
      ? { client_id: config.clientId, logout_uri: config.redirectUri }
      : { client_id: config.clientId, post_logout_redirect_uri: config.redirectUri, ...(idToken ? { id_token_hint: idToken } : {}) },
  ).toString();
  location.replace(url.href);
}
