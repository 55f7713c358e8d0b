/**
 * The one shape of a route of a force API: its handler, who may call it, its
 * purpose, its throttle and exactly the data it may touch. Every route table
 * (infra/routes.ts and the tables it composes: staff, firewall, receipt
 * channel) is typed by it, so the CDK constructs and the local system read
 * one kind of entry whichever table it came from.
 */
import type { Purpose } from './purpose';

export type { Purpose } from './purpose';

/** Who may call a route: the public web form, or a signed-in member of a Cognito group. */
export type RouteAuth = 'public' | 'call-handler' | 'supervisor';

/**
 * Table actions a route may be granted. No Scan, no wildcard: every read is a
 * key look-up or a query. (Transactions are authorised as their item actions.)
 */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem';

/** Envelope-encryption actions on the report or safeguarding key (AWS Encryption SDK with KMS keyrings). */
export type KeyAction = 'kms:GenerateDataKey' | 'kms:Decrypt';

/** What a route's function may touch. Anything not listed is denied by omission. */
export interface RouteAccess {
  table: readonly TableAction[];
  reportKey: readonly KeyAction[];
  /** Only safeguarding-path routes may ever list `kms:Decrypt` here; the firewall enforces it for enforcement. */
  safeguardingKey: readonly KeyAction[];
  /** Read the receipt secret (keyed hash of receipts). */
  receiptSecret: boolean;
}

export interface RouteSpec {
  /** Function id, also the folder under functions/; names the function, log group, alarms and Powertools service. */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** Entry file, relative to the repository root; it exports `handler`. */
  entry: string;
  auth: RouteAuth;
  purpose: Purpose;
  /** Steady-state requests per second allowed on this route (API Gateway throttling), for the whole force. */
  rateLimit: number;
  burstLimit: number;
  access: RouteAccess;
  /**
   * The integration directory the function reads (ids, recipient types, areas, languages; no secrets), set as its
   * `INTEGRATIONS` environment by the stack: the intake matches consented referrals to the force's charities.
   */
  directory?: 'charities';
  /** Defaults: 256 MB, 10 s. */
  memorySize?: number;
  timeoutSeconds?: number;
}

/**
 * The API Gateway route key of a route, e.g. `POST /reports`.
 *
 * @example
 * routeKey({ method: 'POST', path: '/reports' }); // 'POST /reports'
 */
export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
