import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type RouteSpec, routeKey } from '../routes';

/**
 * Access log fields. No body, no query string, no path parameters, no
 * source IP or user agent: a victim's address and device are personal data
 * the platform has no need to keep. The route key is the route template.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
} as const;

/** Headers the web form and staff clients send; nothing else crosses origins. */
export const CORS_ALLOWED_HEADERS = ['content-type', 'idempotency-key', 'authorization'];

export interface ForceApiProps {
  forceCode: string;
  routes: readonly RouteSpec[];
  /** Function per route id. */
  functions: ReadonlyMap<string, lambda.IFunction>;
  allowedOrigins: readonly string[];
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
}

/**
 * The force's HTTP API: one route per route definition, per-route throttling
 * on the default stage, CORS for the configured origins only, JSON access
 * logs without request content, and a JWT authorizer on the force's user pool
 * for every non-public route.
 *
 * @example
 * const api = new ForceApi(stack, 'Api', { forceCode, routes: ROUTES, functions: fns.byRoute, allowedOrigins, userPool, userPoolClient });
 */
export class ForceApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** JWT authorizer on the force's user pool; every non-public route uses it. */
  readonly staffAuthorizer: apigwv2.HttpAuthorizer;

  constructor(scope: Construct, id: string, props: ForceApiProps) {
    super(scope, id);
    const methods = [...new Set(props.routes.map((route) => route.method))];
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `safe-pathway-${props.forceCode}`,
      description: `safe-pathway ${props.forceCode}: report intake and staff API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: [...methods.map((method) => apigwv2.CorsHttpMethod[method]), apigwv2.CorsHttpMethod.OPTIONS],
        allowHeaders: CORS_ALLOWED_HEADERS,
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const defaultThrottle = smallestThrottle(props.routes);
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: defaultThrottle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      props.routes.map((route) => [
        routeKey(route),
        // Raw CloudFormation: property names are PascalCase here.
        { ThrottlingRateLimit: route.rateLimit, ThrottlingBurstLimit: route.burstLimit },
      ]),
    );

    // Created even while every route is public, so each force's staff authorizer exists from the first deploy.
    this.staffAuthorizer = new apigwv2.HttpAuthorizer(this, 'StaffAuthorizer', {
      httpApi: this.httpApi,
      authorizerName: 'staff-jwt',
      type: apigwv2.HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtAudience: [props.userPoolClient.userPoolClientId],
      jwtIssuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${props.userPool.userPoolId}`,
    });
    const authorizer = apigwv2.HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'StaffRouteAuthorizer', {
      authorizerId: this.staffAuthorizer.authorizerId,
      authorizerType: apigwv2.HttpAuthorizerType.JWT,
    });
    for (const route of props.routes) {
      const fn = props.functions.get(route.name);
      if (!fn) throw new Error(`route ${route.name} has no function`);
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.name}-integration`, fn, {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        }),
        ...(route.auth === 'public' ? {} : { authorizer }),
      });
      if (route.auth === 'public' && created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is the public web form's route: victims report without an account. Abuse is limited by per-route throttling, body size caps and idempotency.`,
        });
      }
    }
  }
}

/** The stage default: the lowest route throttle, so a route missing from routeSettings is never looser. */
function smallestThrottle(routes: readonly RouteSpec[]): apigwv2.ThrottleSettings {
  const rateLimit = Math.min(...routes.map((route) => route.rateLimit));
  const burstLimit = Math.min(...routes.map((route) => route.burstLimit));
  return { rateLimit, burstLimit };
}
