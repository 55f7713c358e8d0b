import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { RouteSpec } from '../routes';
import { buildForceFunction, type ForceFunctionContext, pascalCase } from './force-function';

// Re-exported: the bench (infra/bundling.ts) and tests read the shared bundling and naming from here.
export { BUNDLING, FUNCTION_LOG_RETENTION, METRICS_NAMESPACE, pascalCase, REPO_ROOT } from './force-function';

export interface ForceFunctionsProps extends ForceFunctionContext {
  routes: readonly RouteSpec[];
  /**
   * The force's staff token issuer and app client: staff handlers check them
   * again behind the API's JWT authorizer (and refuse to start without them).
   */
  staffTokens: { issuer: string; audience: string };
}

/**
 * One Lambda function per route (nodejs24.x, arm64, local esbuild with code splitting), each with
 * its own role tagged with the route's purpose, its own log group, exactly
 * the grants its route declares, and error and throttle alarms
 * (see {@link buildForceFunction}).
 *
 * @example
 * const functions = new ForceFunctions(stack, 'Functions', { forceCode, routes: ROUTES, keys, table, alarms, logLevel: 'INFO', retentionDaysReport: 365 });
 * functions.byRoute.get('submit-report');
 */
export class ForceFunctions extends Construct {
  /** Functions by route id. */
  readonly byRoute = new Map<string, lambda.Function>();

  constructor(scope: Construct, id: string, props: ForceFunctionsProps) {
    super(scope, id);
    for (const route of props.routes) {
      const { fn } = buildForceFunction(this, props, {
        id: pascalCase(route.name),
        serviceName: route.name,
        description: `${route.method} ${route.path}`,
        entry: route.entry,
        purpose: route.purpose,
        access: route.access,
        memorySize: route.memorySize,
        timeoutSeconds: route.timeoutSeconds,
        dataEnvironment: true,
        // Staff routes: the issuer and client the handler's own token check trusts (roles come from `cognito:groups`).
        environment: route.auth === 'public' ? {} : { TOKEN_ISSUER: props.staffTokens.issuer, TOKEN_AUDIENCE: props.staffTokens.audience },
      });
      this.byRoute.set(route.name, fn);
    }
  }
}
