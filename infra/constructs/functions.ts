import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join, resolve } from 'node:path';
import { TABLE_DESIGN } from '../../functions/adapters/dynamodb/table-design';
import { PURPOSE_TAG } from '../purpose';
import type { RouteSpec, TableAction } from '../routes';
import type { ForceAlarms } from './alarms';
import type { ForceKeys } from './keys';

/** The repository root: handler entries in the route list are relative to it. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** Function logs are operational (ids, codes, reasons), so three months is enough to investigate an incident. */
export const FUNCTION_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/** Powertools metrics namespace shared by every force; the force is a dimension, never a namespace. */
export const METRICS_NAMESPACE = 'SafePathway';

/**
 * esbuild options for every handler: one minified ESM file with a source map.
 * The banner gives bundled CommonJS dependencies a `require` inside ESM.
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundle the AWS SDK too: the functions run with the versions they were tested with.
  externalModules: [],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  // Never fall back to Docker: synth must run offline on a plain machine.
  forceDockerBundling: false,
} as const;

const READ_ACTIONS: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

export interface ForceFunctionsProps {
  forceCode: string;
  routes: readonly RouteSpec[];
  keys: ForceKeys;
  table: dynamodb.ITable;
  alarms: ForceAlarms;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  retentionDaysReport: number;
}

/**
 * One NodejsFunction per route (nodejs24.x, arm64, local esbuild), each with
 * its own role tagged with the route's purpose, its own log group, exactly
 * the grants its route declares, and error and throttle alarms.
 *
 * @example
 * const functions = new ForceFunctions(stack, 'Functions', { forceCode, routes: ROUTES, keys, table, alarms, logLevel: 'INFO', retentionDaysReport: 365 });
 * functions.byRoute.get('submit-report');
 */
export class ForceFunctions extends Construct {
  /** Functions by route id. */
  readonly byRoute = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: ForceFunctionsProps) {
    super(scope, id);
    const { region } = Stack.of(this);
    for (const route of props.routes) {
      const name = pascalCase(route.name);
      const role = new iam.Role(this, `${name}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `safe-pathway ${props.forceCode} ${route.name} (${route.purpose})`,
      });
      const logGroup = new logs.LogGroup(this, `${name}Logs`, {
        retention: FUNCTION_LOG_RETENTION,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      logGroup.grantWrite(role);

      const fn = new NodejsFunction(this, name, {
        description: `safe-pathway ${props.forceCode}: ${route.method} ${route.path}`,
        entry: join(REPO_ROOT, route.entry),
        handler: 'handler',
        projectRoot: REPO_ROOT,
        depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: route.memorySize ?? 256,
        timeout: Duration.seconds(route.timeoutSeconds ?? 10),
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        bundling: { ...BUNDLING, mainFields: [...BUNDLING.mainFields], externalModules: [...BUNDLING.externalModules] },
        environment: {
          KEY_SOURCE: 'kms',
          REPORT_KEY_ARN: props.keys.reportKey.keyArn,
          SAFEGUARDING_KEY_ARN: props.keys.safeguardingKey.keyArn,
          RECEIPT_SECRET_ARN: props.keys.receiptSecret.secretArn,
          FORCE_ID: props.forceCode,
          TABLE_NAME: props.table.tableName,
          RETENTION_DAYS_REPORT: String(props.retentionDaysReport),
          POWERTOOLS_SERVICE_NAME: route.name,
          POWERTOOLS_LOG_LEVEL: props.logLevel,
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          // Stack traces point at the TypeScript sources through the bundled source map.
          NODE_OPTIONS: '--enable-source-maps',
          // Authenticated routes: the Cognito group the handler must find in the token's `cognito:groups`.
          ...(route.auth === 'public' ? {} : { ROUTE_AUTH_GROUP: route.auth }),
        },
      });
      Tags.of(fn).add(PURPOSE_TAG, route.purpose);
      Tags.of(role).add(PURPOSE_TAG, route.purpose);

      grantRouteAccess(route, role, props, region);
      props.alarms.watchFunction(route.name, fn);
      this.byRoute.set(route.name, fn);
    }
  }
}

/** Grants exactly what the route declares; nothing else reaches the role. */
function grantRouteAccess(route: RouteSpec, role: iam.IRole, props: ForceFunctionsProps, region: string): void {
  const { access } = route;
  if (access.table.length > 0) {
    // Item actions on the table; Query also on the named indexes. No `index/*` wildcard.
    const indexArns = access.table.includes('dynamodb:Query')
      ? TABLE_DESIGN.indexes.map((index) => `${props.table.tableArn}/index/${index.name}`)
      : [];
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReportTableItems',
        actions: [...access.table],
        resources: [props.table.tableArn, ...indexArns],
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
        resources: [props.keys.reportKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
      }),
    );
  }
  if (access.reportKey.length > 0) props.keys.reportKey.grant(role, ...access.reportKey);
  const safeguardingEncrypt = access.safeguardingKey.filter((action) => action !== 'kms:Decrypt');
  if (safeguardingEncrypt.length > 0) props.keys.safeguardingKey.grant(role, ...safeguardingEncrypt);
  if (access.safeguardingKey.includes('kms:Decrypt')) props.keys.grantSafeguardingDecrypt(role as iam.IRole);
  if (access.receiptSecret) props.keys.receiptSecret.grantRead(role);
}

/** `submit-report` → `SubmitReport`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
