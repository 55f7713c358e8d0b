/**
 * Staff-side test helpers: API Gateway events carrying a bearer token signed
 * by the force's issuer (the local development issuer, a real HTTP server
 * serving the JWKS the functions fetch) and the claims API Gateway's JWT
 * authorizer would pass (string-valued), a force with a trusted issuer, and
 * reports submitted through the real intake handler.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import type { StaffRole } from '../../functions/domain/access/staff-access';
import type { ReportSubmissionInput } from '../../schemas/report';
import { INDICATOR_CODES, type IndicatorCode } from '../../schemas/risk-indicators';
import { RED_FLAG_RULES } from '../../functions/domain/risk/assess';
import { ensureIssuerKey, issuerUrl, startDevIssuer, type DevIssuer } from '../../scripts/local/dev-issuer';
import { setUpForce, type ForceFixture } from './force-fixture';
import { httpEvent, lambdaContext, minimalSubmission } from './reports';

export type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

export interface StaffForce extends ForceFixture {
  issuer: string;
  audience: string;
}

let devIssuer: Promise<{ issuer: DevIssuer; keyDir: string }> | undefined;
/** Signing keys by issuer URL: a token claiming another issuer is signed with an intruder's key. */
const signingKeys = new Map<string, { key: KeyObject; kid: string }>();
const intruder = { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, kid: 'intruder' };

/** One development issuer per test process (a real local HTTP server serving each force's JWKS), started on first use. */
function testIssuer(): Promise<{ issuer: DevIssuer; keyDir: string }> {
  devIssuer ??= (async () => {
    const keyDir = mkdtempSync(join(tmpdir(), 'safe-pathway-issuer-'));
    const issuer = await startDevIssuer({ keyDir });
    issuer.server.unref();
    return { issuer, keyDir };
  })();
  return devIssuer;
}

/**
 * The issuer a force's staff functions trust: the development issuer's URL
 * for the force, with its signing key registered for {@link staffEvent}.
 */
export async function issuerFor(forceId: string): Promise<{ issuer: string; audience: string }> {
  const { issuer: server, keyDir } = await testIssuer();
  const { privateJwk } = await ensureIssuerKey(keyDir, forceId);
  const issuer = issuerUrl(server.baseUrl, forceId);
  signingKeys.set(issuer, { key: createPrivateKey({ key: privateJwk as never, format: 'jwk' }), kid: privateJwk.kid as string });
  return { issuer, audience: `client-${forceId}` };
}

/** A force whose staff functions trust the development issuer's `<base>/<forceId>`. */
export async function setUpStaffForce(overrides: Record<string, string> = {}): Promise<StaffForce> {
  const probe = await setUpForce(overrides);
  const { issuer, audience } = await issuerFor(probe.forceId);
  Object.assign(process.env, { TOKEN_ISSUER: issuer, TOKEN_AUDIENCE: audience });
  resetStaffRuntime();
  return { ...probe, issuer, audience, env: { ...probe.env, TOKEN_ISSUER: issuer, TOKEN_AUDIENCE: audience } };
}

/**
 * A compact RS256 token carrying the claims (API Gateway's string form turned
 * back into the token's types), signed by the key of the issuer it names, or
 * by an intruder's key for an issuer no test force has.
 */
export function signedToken(claims: Record<string, unknown>, signer = signingKeys.get(String(claims.iss)) ?? intruder): string {
  const payload: Record<string, unknown> = { ...claims };
  const groups = claims['cognito:groups'];
  if (typeof groups === 'string') {
    payload['cognito:groups'] = groups.includes('"') ? (JSON.parse(groups) as string[]) : groups.replace(/^\[|\]$/g, '').split(/\s+/).filter(Boolean);
  }
  for (const name of ['iat', 'exp', 'auth_time']) if (typeof payload[name] === 'string') payload[name] = Number(payload[name]);
  payload.jti ??= randomUUID();
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', kid: signer.kid, typ: 'JWT' })}.${encode(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), signer.key).toString('base64url')}`;
}

/** A token for the claims signed by someone who is not the force's issuer (same key id, wrong key): a forgery. */
export function forgedToken(claims: Record<string, unknown>): string {
  const genuine = signingKeys.get(String(claims.iss));
  return signedToken(claims, { key: intruder.key, kid: genuine?.kid ?? intruder.kid });
}

/** Puts the claims on the event as API Gateway would, and their signed token in the Authorization header. */
export function withStaffToken<E extends APIGatewayProxyEventV2>(event: E, claims: Record<string, string>): E {
  event.headers = { ...event.headers, authorization: `Bearer ${signedToken(claims)}` };
  (event.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims, scopes: [] } };
  return event;
}

export interface ClaimOptions {
  issuer: string;
  audience: string;
  roles: StaffRole[] | string[];
  sub: string;
  tokenUse?: string;
}

/** Claims as API Gateway's JWT authorizer hands them to Lambda: strings, arrays as `[a b]`. */
export function claimsFor(options: ClaimOptions): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: options.sub,
    iss: options.issuer,
    client_id: options.audience,
    token_use: options.tokenUse ?? 'access',
    'cognito:groups': `[${options.roles.join(' ')}]`,
    username: options.sub,
    iat: String(now),
    exp: String(now + 3600),
  };
}

/** A staff event for `force`, signed in as `sub` with `roles`. */
export function asStaff(force: StaffForce, roles: StaffRole[], sub: string): Record<string, string> {
  return claimsFor({ issuer: force.issuer, audience: force.audience, roles, sub });
}

export function staffEvent(
  method: string,
  path: string,
  options: { claims?: Record<string, string>; body?: unknown; query?: Record<string, string>; pathParameters?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const event = httpEvent(method, path, options.body === undefined ? {} : { body: JSON.stringify(options.body) });
  if (options.body === undefined) delete event.headers['content-type'];
  if (options.claims) event.headers.authorization = `Bearer ${signedToken(options.claims)}`;
  const id = /^\/reports\/([^/]+)/.exec(path)?.[1];
  return {
    ...event,
    ...(options.query ? { queryStringParameters: options.query, rawQueryString: new URLSearchParams(options.query).toString() } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : id ? { pathParameters: { reportId: id } } : {}),
    requestContext: {
      ...event.requestContext,
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: [] } } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

/** A parsed JSON answer: tests reach into it freely and assert on what they find. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions, not typing, check response shapes here
type JsonBody = Record<string, any>;

/** Calls a handler and parses its JSON answer. */
export async function call(handler: Handler, event: APIGatewayProxyEventV2, options: { timeoutMs?: number } = {}) {
  const result = (await handler(event, lambdaContext('test', options.timeoutMs))) as APIGatewayProxyStructuredResultV2;
  const text = result.body ?? '';
  return { status: result.statusCode ?? 200, headers: result.headers ?? {}, text, body: (text ? JSON.parse(text) : undefined) as JsonBody };
}

export async function loadHandler(name: string): Promise<Handler> {
  return ((await import(`../../functions/${name}/handler.ts`)) as { handler: Handler }).handler;
}

const RED_FLAG_CODES = new Set(RED_FLAG_RULES.flatMap((rule) => rule.when));
const ORDINARY = INDICATOR_CODES.filter((code) => !RED_FLAG_CODES.has(code));
const yesTo = (codes: readonly IndicatorCode[]) => Object.fromEntries(codes.map((code) => [code, 'yes' as const]));

/** A submission graded `grade` (red flag = strangulation). */
export function submissionGraded(grade: 'red-flag' | 'high' | 'medium' | 'standard', base: ReportSubmissionInput = minimalSubmission()): ReportSubmissionInput {
  const answers =
    grade === 'red-flag' ? { strangulation: 'yes' as const } : grade === 'high' ? yesTo(ORDINARY.slice(0, 14)) : grade === 'medium' ? yesTo(ORDINARY.slice(0, 10)) : yesTo(ORDINARY.slice(0, 1));
  return { ...base, risk: { answers } };
}

/** Submits through the real intake handler; returns the receipt. */
export async function submit(submission: ReportSubmissionInput): Promise<string> {
  const submitHandler = await loadHandler('submit-report');
  const result = await call(submitHandler, httpEvent('POST', '/reports', { body: JSON.stringify(submission) }));
  if (result.status !== 201) throw new Error(`submission answered ${result.status}`);
  return result.body.receipt as string;
}

/** Submits through the real intake handler; returns the receipt and the report id behind it. */
export async function submitReport(force: ForceFixture, submission: ReportSubmissionInput): Promise<{ receipt: string; reportId: string }> {
  const receipt = await submit(submission);
  return { receipt, reportId: await reportIdOf(force, receipt) };
}

/**
 * Closes whatever earlier cases left in the queue (outcome `duplicate-report`, as a supervisor), so each case
 * sees only its own reports.
 *
 * @example
 * beforeEach(() => drainQueue({ list: h['queue-list']!, outcome: h['report-outcome']! }, supervisor()));
 */
export async function drainQueue(handlers: { list: Handler; outcome: Handler }, supervisor: Record<string, string>): Promise<void> {
  for (;;) {
    const listed = await call(handlers.list, staffEvent('GET', '/queue', { claims: supervisor, query: { state: 'all', limit: '100' } }));
    const entries = listed.body.entries as { reportId: string }[];
    if (entries.length === 0) return;
    for (const entry of entries) {
      await call(handlers.outcome, staffEvent('POST', `/reports/${entry.reportId}/outcome`, { claims: supervisor, body: { outcome: 'duplicate-report' } }));
    }
  }
}

/** The report id behind a receipt (tests only: staff never see receipts). */
export async function reportIdOf(force: ForceFixture, receipt: string): Promise<string> {
  const { forceRuntime } = await import('../../functions/wiring/runtime');
  const runtime = await forceRuntime();
  const lookupKey = runtime.receipts.lookupKey(receipt as never);
  const item = await force.dynamo.document.send(
    new QueryCommand({ TableName: force.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.receipt(lookupKey).PK } }),
  );
  return item.Items?.[0]?.reportId as string;
}

/** Every audit record stored under a report, read straight from the table. */
export async function auditItemsOf(force: ForceFixture, reportId: string) {
  const result = await force.dynamo.document.send(
    new QueryCommand({
      TableName: force.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      ExpressionAttributeValues: { ':pk': keys.report(reportId).PK, ':audit': 'AUDIT#' },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

/** Audit records of a force that name no report (e.g. refusals on /queue), for today. */
export async function forceAuditItems(force: ForceFixture) {
  const result = await force.dynamo.document.send(
    new QueryCommand({
      TableName: force.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditOfForceDay(force.forceId, new Date().toISOString().slice(0, 10)) },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}
