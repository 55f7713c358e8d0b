/**
 * The shape of a route table entry: who may call a route, for what purpose,
 * and exactly the table, key and secret actions its function is granted.
 * The route tables (infra/routes.ts and the tables it gathers) are lists of these.
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
