import { STAFF_ROUTES } from './staff-routes';
import { CHANNEL_ROUTES } from './channel-routes';

/**
 * Every HTTP route of a force API, in one place: the CDK API and functions
 * constructs and the local system all build from this list, so they cannot
 * drift. A route declares its handler, who may call it, its purpose, its
 * throttle and exactly the data it may touch; a new route (issue 4's queue
 * and call-handler routes) is one entry here.
 */
import { FIREWALL_ROUTES } from './firewall-routes';
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
 * The routes that exist. Names and method+path must be unique.
 *
 * @example
 * const publicRoutes = ROUTES.filter((route) => route.auth === 'public');
 */
export const ROUTES: readonly RouteSpec[] = [
  {
    name: 'submit-report',
    method: 'POST',
    path: '/reports',
    entry: 'functions/submit-report/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    rateLimit: 20,
    burstLimit: 50,
    access: {
      // One transaction of conditional puts (report, key claim, queue entry, receipt, ledger, referrals): nothing else.
      table: ['dynamodb:PutItem'],
      reportKey: ['kms:GenerateDataKey'],
      // Seals the protected-immigration section; intake never needs to open it again.
      safeguardingKey: ['kms:GenerateDataKey'],
      receiptSecret: true,
    },
    directory: 'charities',
  },
  {
    name: 'report-status',
    method: 'POST',
    path: '/reports/status',
    entry: 'functions/report-status/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    // Low on purpose: receipt guessing is also throttled per caller in the handler.
    rateLimit: 5,
    burstLimit: 10,
    access: {
      // Receipt and report status look-ups; failure counters are updated per client window.
      table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      reportKey: [],
      safeguardingKey: [],
      receiptSecret: true,
    },
  },
  // The immigration firewall's routes (issue 5).
  ...FIREWALL_ROUTES,
  // The reference web form (web/): server-rendered steps, so it works with JavaScript off.
  // Both routes share one render-only function: no table, no keys, no receipt secret.
  {
    name: 'web-form',
    method: 'GET',
    path: '/form',
    entry: 'functions/web-form/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    rateLimit: 20,
    burstLimit: 50,
    access: { table: [], reportKey: [], safeguardingKey: [], receiptSecret: false },
  },
  {
    name: 'web-form-step',
    method: 'POST',
    path: '/form',
    entry: 'functions/web-form/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    rateLimit: 50,
    burstLimit: 100,
    access: { table: [], reportKey: [], safeguardingKey: [], receiptSecret: false },
  },
  // The call-handler queue API (issue 4): see infra/staff-routes.ts.
  ...STAFF_ROUTES,
  // The victim's receipt channel (issue 15): see infra/channel-routes.ts.
  ...CHANNEL_ROUTES,
];

/** The API Gateway route key of a route, e.g. `POST /reports`. */
export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
