import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS, ForceApi } from '../../infra/constructs/api';
import { StaffIdentity } from '../../infra/constructs/identity';
import { ROUTES, type RouteSpec } from '../../infra/routes';
import { bareStack, logicalIdOf } from './support/stacks';

/** The real routes: public intake and the authenticated staff routes. */
const ROUTES_UNDER_TEST: readonly RouteSpec[] = ROUTES;
const ORIGINS = ['https://report.testshire.example.org', 'https://safe.testshire.example.org'];

describe('ForceApi', () => {
  let template: Template;
  let accessLogsId: string;

  beforeAll(() => {
    const stack = bareStack();
    const identity = new StaffIdentity(stack, 'Identity', { forceCode: 'testshire' });
    // The API only needs functions to integrate; inline code keeps this construct test free of bundling.
    const functions = new Map(
      ROUTES_UNDER_TEST.map((route) => [
        route.name,
        new lambda.Function(stack, `${route.name}-fn`, {
          runtime: lambda.Runtime.NODEJS_24_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
        }),
      ]),
    );
    const api = new ForceApi(stack, 'Api', {
      forceCode: 'testshire',
      routes: ROUTES_UNDER_TEST,
      functions,
      allowedOrigins: ORIGINS,
      userPool: identity.userPool,
      userPoolClient: identity.client,
    });
    template = Template.fromStack(stack);
    accessLogsId = stack.getLogicalId(api.accessLogs.node.defaultChild as CfnElement);
  });

  it('restricts CORS to the configured origins', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ORIGINS,
        AllowMethods: ['POST', 'GET', 'OPTIONS'],
        AllowHeaders: ['content-type', 'idempotency-key', 'authorization'],
        AllowCredentials: false,
      },
    });
  });

  it('throttles every route by its own limits', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    expect(stage.Properties.RouteSettings).toEqual(
      Object.fromEntries(
        ROUTES_UNDER_TEST.map((route) => [
          `${route.method} ${route.path}`,
          { ThrottlingRateLimit: route.rateLimit, ThrottlingBurstLimit: route.burstLimit },
        ]),
      ),
    );
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
  });

  it('writes JSON access logs with no body, query string, path, IP or user agent', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const format = stage.Properties.AccessLogSettings.Format as string;
    expect(JSON.parse(format)).toEqual(ACCESS_LOG_FIELDS);
    expect(format).not.toMatch(/body|querystring|\$context\.path|sourceIp|userAgent|\$input|\$request/i);
    // The API's own log group, found by its construct: no other log group in the stack (a function's own, say) may stand in for it.
    expect(template.toJSON().Resources[accessLogsId].Type).toBe('AWS::Logs::LogGroup');
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [accessLogsId, 'Arn'] });
  });

  it('leaves public routes unauthenticated and puts the per-force JWT authorizer on staff routes', () => {
    const authorizerId = logicalIdOf(template, 'AWS::ApiGatewayV2::Authorizer');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: logicalIdOf(template, 'AWS::Cognito::UserPoolClient') }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: logicalIdOf(template, 'AWS::Cognito::UserPool') }]] },
      },
    });
    expect(ROUTES_UNDER_TEST.some((route) => route.auth !== 'public')).toBe(true);
    for (const route of ROUTES_UNDER_TEST) {
      const key = `${route.method} ${route.path}`;
      const found = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }));
      expect(found, key).toHaveLength(1);
      if (route.auth === 'public') {
        expect(found[0]!.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      } else {
        expect(found[0]!.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      }
    }
  });
});
