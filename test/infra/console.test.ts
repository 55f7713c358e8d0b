/**
 * The console's CDK construct: private bucket behind CloudFront, the
 * console's strict CSP and no-store on every answer, one origin for console
 * and API, no access logs, and the user pool's app client limited to the
 * authorisation code flow with the console's callback and sign-out URLs.
 */
import { cdkJsonContext } from '../../infra/cdk-context';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ForceConsole } from '../../infra/constructs/console';
import { StaffIdentity } from '../../infra/constructs/identity';

let stack: Stack;
let template: Template;

beforeAll(() => {
  stack = new Stack(new App({ context: cdkJsonContext() }), 'Console', { env: { account: '111111111111', region: 'eu-west-2' } });
  const identity = new StaffIdentity(stack, 'Identity', { forceCode: 'exampleshire' });
  // The default path: console/build.ts runs at synth through local bundling (no Docker).
  new ForceConsole(stack, 'Console', { forceCode: 'exampleshire', apiDomainName: 'abc123.execute-api.eu-west-2.amazonaws.com', identity });
  template = Template.fromStack(stack);
}, 120_000);

function csp(): string {
  const policies = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  const value = policies.map((policy) => policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig?.ContentSecurityPolicy?.ContentSecurityPolicy).find(Boolean);
  return JSON.stringify(value);
}

describe('ForceConsole', () => {
  it('keeps the files private, reachable only through CloudFront, with no access logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ Logging: Match.absent() }) });
  });

  it('serves /console/* from S3 and sends everything else, uncached, to the force API (one origin: no CORS)', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [Match.objectLike({ PathPattern: 'console/*', AllowedMethods: ['GET', 'HEAD'] })],
        Origins: Match.arrayWith([Match.objectLike({ DomainName: 'abc123.execute-api.eu-west-2.amazonaws.com' })]),
      }),
    });
  });

  it('sends a strict CSP (no inline, Trusted Types, no framing, connect only to itself and the sign-in domain) and no-store', () => {
    const policy = csp();
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("require-trusted-types-for 'script'");
    expect(policy).toContain("connect-src 'self' https://");
    expect(policy).toContain('.auth.eu-west-2.amazoncognito.com');
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CustomHeadersConfig: { Items: Match.arrayWith([{ Header: 'Cache-Control', Value: 'no-store, max-age=0', Override: true }]) },
        SecurityHeadersConfig: Match.objectLike({ FrameOptions: { FrameOption: 'DENY', Override: true } }),
      }),
    });
  });

  it('gives the app client the code flow only, with the console as callback and sign-out URL, and a hosted sign-in domain', () => {
    const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleDistribution'), 'DomainName'] }, '/console/']] };
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'profile'],
      CallbackURLs: [consoleUrl],
      LogoutURLs: [consoleUrl],
      GenerateSecret: false,
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'safe-pathway-exampleshire' });
  });

  it('deploys the built console and a config.json naming the hosted sign-in and the app client', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    const properties = deployments[0]!.Properties as { DestinationBucketKeyPrefix: string; SourceObjectKeys: unknown[]; SourceMarkers: Record<string, unknown>[] };
    expect(properties.DestinationBucketKeyPrefix).toBe('console/');
    // Two sources: the built files, and config.json filled in at deploy time with the app client, the console URL and the sign-in domain.
    expect(properties.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(properties.SourceMarkers[1]);
    expect(markers).toMatch(/"Ref":"IdentityUserPoolStaffClient/);
    expect(markers).toMatch(/"Fn::GetAtt":\["ConsoleDistribution[^"]*","DomainName"\]/);
    expect(markers).toMatch(/"Ref":"IdentityUserPoolSignIn/);
  });

  it('passes cdk-nag AwsSolutions checks with every acknowledgement reasoned', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((violation) => `${violation.ruleName} ${violation.violatingResources.map((r) => r.constructPath).join(',')}`)).toEqual([]);
  });
});
