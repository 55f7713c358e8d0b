/**
 * The route list: the one place where an HTTP route, its handler, who may
 * call it, its purpose, its throttle and the data it may touch are declared.
 * The API and functions constructs build everything from this list, so a new
 * route (issue 4's queue and call-handler routes) is one entry here.
 */
import type { Purpose } from './purpose';

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

export interface RouteDefinition {
  /** Stable id: names the function, its log group, alarms and Powertools service. */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: `/${string}`;
  /** Handler file, relative to the repository root; it exports `handler`. */
  entry: string;
  auth: RouteAuth;
  purpose: Purpose;
  /** Steady-state requests per second and burst, per route, for the whole force. */
  throttle: { rateLimit: number; burstLimit: number };
  access: RouteAccess;
  /** Defaults: 256 MB, 10 s. */
  memorySize?: number;
  timeoutSeconds?: number;
}

/** Item actions a Powertools idempotency record needs (get, conditional put, update, delete on failure). */
const IDEMPOTENCY_ACTIONS: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

/**
 * The routes that exist. Order is irrelevant; ids and method+path must be unique.
 *
 * @example
 * const publicRoutes = ROUTES.filter((route) => route.auth === 'public');
 */
export const ROUTES: readonly RouteDefinition[] = [
  {
    id: 'submit-report',
    method: 'POST',
    path: '/reports',
    entry: 'functions/submit-report/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    throttle: { rateLimit: 20, burstLimit: 40 },
    access: {
      // Report, queue entry and receipt are one transaction of puts; idempotency adds get/update/delete.
      table: [...IDEMPOTENCY_ACTIONS, 'dynamodb:ConditionCheckItem'],
      reportKey: ['kms:GenerateDataKey'],
      // Seals the protected-immigration section; intake never needs to open it again.
      safeguardingKey: ['kms:GenerateDataKey'],
      receiptSecret: true,
    },
  },
  {
    id: 'report-status',
    method: 'POST',
    path: '/reports/status',
    entry: 'functions/report-status/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    // Low: the receipt is the only credential, so guessing must be slow (the handler also counts failures).
    throttle: { rateLimit: 5, burstLimit: 10 },
    access: {
      // Receipt look-up and report status read; failure counters are updated per client window.
      table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      reportKey: [],
      safeguardingKey: [],
      receiptSecret: true,
    },
  },
];

/** The API Gateway route key of a route, e.g. `POST /reports`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
