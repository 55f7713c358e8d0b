/**
 * The one way a force stack builds a Lambda function, shared by the HTTP
 * route functions (ForceFunctions) and the non-HTTP workers (ForceWorkers),
 * so bundling, runtime, logging, purpose tags, grants and alarms cannot drift
 * between them.
 */
import { Duration, RemovalPolicy, Stack, Stage, Tags } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join, resolve } from 'node:path';
import { TABLE_DESIGN } from '../../schemas/table-design';
import { BUNDLE_ENTRY_FILE, BUNDLING, bundleFunction } from '../bundling';
import { type Purpose, PURPOSE_TAG } from '../purpose';
import type { RouteAccess, TableAction } from '../routes';
import type { ForceAlarms } from './alarms';
import type { ForceKeys } from './keys';

/** The repository root: handler entries are relative to it. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** Function logs are operational (ids, codes, reasons), so three months is enough to investigate an incident. */
export const FUNCTION_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/** Powertools metrics namespace shared by every force; the force is a dimension, never a namespace. */
export const METRICS_NAMESPACE = 'SafePathway';

// Re-exported: tests and the bench read the shared bundling from the constructs too.
export { BUNDLING };

const READ_ACTIONS: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

/** What every function of a force shares. */
export interface ForceFunctionContext {
  forceCode: string;
  keys: ForceKeys;
  table: dynamodb.ITable;
  alarms: ForceAlarms;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  retentionDaysReport: number;
  /** Days the protected-immigration section is kept: its removal date is set at intake from this. */
  retentionDaysProtected?: number;
  /** Days each class of the report body is kept: the body is sealed in one part per distinct value. */
  retentionDaysClasses?: Partial<Record<string, number>>;
  /** Receipt-channel messages: days kept, by data class of the text (force config). */
  retentionDaysMessages?: { account: number; staffMessage: number };
}

export interface ForceFunctionSpec {
  /** Construct id stem: the function is `<id>`, its role `<id>Role`, its log group `<id>Logs`. */
  id: string;
  /** Powertools service name and alarm name. */
  serviceName: string;
  description: string;
  /** Entry file relative to the repository root. */
  entry: string;
  /** Exported handler name in the entry; defaults to `handler`. */
  handler?: string;
  purpose: Purpose;
  access: RouteAccess;
  memorySize?: number;
  timeoutSeconds?: number;
  /**
   * Whether the function gets the report data environment (key ARNs, table,
   * receipt secret ARN, retention). Functions that never touch report data
   * (the enforcement dispatcher) must not even learn where it lives.
   */
  dataEnvironment: boolean;
  /** Extra environment of this function. */
  environment?: Record<string, string>;
}

export interface ForceFunctionParts {
  fn: lambda.Function;
  role: iam.Role;
}

/**
 * Builds one function of a force: its own role tagged with its purpose, its
 * own log group, its asset bundled at synth by the local esbuild with code
 * splitting (infra/bundling.ts; nodejs24.x, arm64), the Powertools
 * environment, exactly the grants its access declares, and error and
 * throttle alarms.
 *
 * @example
 * const { fn, role } = buildForceFunction(this, context, {
 *   id: 'SubmitReport', serviceName: 'submit-report', description: 'POST /reports',
 *   entry: 'functions/submit-report/handler.ts', purpose: 'safeguarding', access, dataEnvironment: true,
 * });
 */
export function buildForceFunction(scope: Construct, context: ForceFunctionContext, spec: ForceFunctionSpec): ForceFunctionParts {
  const role = new iam.Role(scope, `${spec.id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `safe-pathway ${context.forceCode} ${spec.serviceName} (${spec.purpose})`,
  });
  const logGroup = new logs.LogGroup(scope, `${spec.id}Logs`, {
    retention: FUNCTION_LOG_RETENTION,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  logGroup.grantWrite(role);

  // Source maps go to <cdk.out>/sourcemaps/<entry>/, kept with the synthesised app, never in the function.
  const outdir = Stage.of(scope)?.outdir;
  const bundle = bundleFunction(spec.entry, outdir ? join(outdir, 'sourcemaps', spec.entry.replace(/\.ts$/, '')) : undefined);
  const fn = new lambda.Function(scope, spec.id, {
    description: `safe-pathway ${context.forceCode}: ${spec.description}`,
    code: lambda.Code.fromAsset(bundle.assetDir),
    handler: `${BUNDLE_ENTRY_FILE.replace(/\.mjs$/, '')}.${spec.handler ?? 'handler'}`,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: spec.memorySize ?? 256,
    timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    environment: {
      KEY_SOURCE: 'kms',
      ...(spec.dataEnvironment
        ? {
            REPORT_KEY_ARN: context.keys.reportKey.keyArn,
            SAFEGUARDING_KEY_ARN: context.keys.safeguardingKey.keyArn,
            // Only where the role may read it: a function that cannot read the secret should not know where it is.
            ...(spec.access.receiptSecret ? { RECEIPT_SECRET_ARN: context.keys.receiptSecret.secretArn } : {}),
            TABLE_NAME: context.table.tableName,
            RETENTION_DAYS_REPORT: String(context.retentionDaysReport),
            ...(context.retentionDaysProtected ? { RETENTION_DAYS_PROTECTED: String(context.retentionDaysProtected) } : {}),
            ...(context.retentionDaysClasses ? { RETENTION_DAYS_CLASSES: JSON.stringify(context.retentionDaysClasses) } : {}),
            ...(context.retentionDaysMessages
              ? { RETENTION_DAYS_ACCOUNT: String(context.retentionDaysMessages.account), RETENTION_DAYS_STAFF_MESSAGE: String(context.retentionDaysMessages.staffMessage) }
              : {}),
          }
        : {}),
      FORCE_ID: context.forceCode,
      POWERTOOLS_SERVICE_NAME: spec.serviceName,
      POWERTOOLS_LOG_LEVEL: context.logLevel,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      // No NODE_OPTIONS=--enable-source-maps: parsing maps at import cost 13–14 % of a cold start; `npm run stack-trace` reads traces offline.
      ...spec.environment,
    },
  });
  Tags.of(fn).add(PURPOSE_TAG, spec.purpose);
  Tags.of(role).add(PURPOSE_TAG, spec.purpose);

  grantDeclaredAccess(spec.access, role, context);
  context.alarms.watchFunction(spec.serviceName, fn);
  return { fn, role };
}

/** Grants exactly what the access declares; nothing else reaches the role. */
function grantDeclaredAccess(access: RouteAccess, role: iam.IRole, context: ForceFunctionContext): void {
  const { region } = Stack.of(role);
  if (access.table.length > 0) {
    // Item actions on the table; Query also on the named indexes. No `index/*` wildcard.
    const indexArns = access.table.includes('dynamodb:Query')
      ? TABLE_DESIGN.indexes.map((index) => `${context.table.tableArn}/index/${index.name}`)
      : [];
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReportTableItems',
        actions: [...access.table],
        resources: [context.table.tableArn, ...indexArns],
      }),
    );
    // The table is encrypted with the report key; DynamoDB uses it on the caller's behalf only.
    const writes = access.table.some((action) => !READ_ACTIONS.includes(action));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TableEncryptionViaDynamoDb',
        actions: writes
          ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
          : ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [context.keys.reportKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
      }),
    );
  }
  if (access.reportKey.length > 0) context.keys.reportKey.grant(role, ...access.reportKey);
  const safeguardingEncrypt = access.safeguardingKey.filter((action) => action !== 'kms:Decrypt');
  if (safeguardingEncrypt.length > 0) context.keys.safeguardingKey.grant(role, ...safeguardingEncrypt);
  if (access.safeguardingKey.includes('kms:Decrypt')) context.keys.grantSafeguardingDecrypt(role);
  if (access.receiptSecret) context.keys.receiptSecret.grantRead(role);
  // The key policies let only allow-listed roles use a data key (infra/constructs/keys.ts): exactly those granted above.
  // The table and the receipt secret are sealed under the report key, so their readers use it too.
  if (access.table.length > 0 || access.reportKey.length > 0 || access.receiptSecret) context.keys.allowUse('report', role);
  if (access.safeguardingKey.length > 0) context.keys.allowUse('safeguarding', role);
}

/** `submit-report` → `SubmitReport`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
