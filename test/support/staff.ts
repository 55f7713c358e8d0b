/**
 * Staff-side test helpers: API Gateway events carrying JWT authorizer claims
 * (string-valued, as API Gateway passes them), a force with a trusted issuer,
 * and reports submitted through the real intake handler.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { resetStaffRuntime } from '../../functions/adapters/staff-runtime';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import type { StaffRole } from '../../functions/domain/access/staff-access';
import type { ReportSubmissionInput } from '../../schemas/report';
import { INDICATOR_CODES, type IndicatorCode } from '../../schemas/risk-indicators';
import { RED_FLAG_RULES } from '../../functions/domain/risk/assess';
import { setUpForce, type ForceFixture } from './force-fixture';
import { httpEvent, lambdaContext, minimalSubmission } from './reports';

export type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

export interface StaffForce extends ForceFixture {
  issuer: string;
  audience: string;
}

/** A force whose staff functions trust `https://issuer.test/<forceId>`. */
export async function setUpStaffForce(overrides: Record<string, string> = {}): Promise<StaffForce> {
  const probe = await setUpForce(overrides);
  const issuer = `https://issuer.test/${probe.forceId}`;
  const audience = `client-${probe.forceId}`;
  Object.assign(process.env, { TOKEN_ISSUER: issuer, TOKEN_AUDIENCE: audience });
  resetStaffRuntime();
  return { ...probe, issuer, audience, env: { ...probe.env, TOKEN_ISSUER: issuer, TOKEN_AUDIENCE: audience } };
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
  const id = /^\/reports\/([^/]+)/.exec(path)?.[1];
  return {
    ...event,
    ...(options.query ? { queryStringParameters: options.query, rawQueryString: new URLSearchParams(options.query).toString() } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : id ? { pathParameters: { id } } : {}),
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

/** The report id behind a receipt (tests only: staff never see receipts). */
export async function reportIdOf(force: ForceFixture, receipt: string): Promise<string> {
  const { forceRuntime } = await import('../../functions/adapters/runtime');
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
