/**
 * The web form's CDK construct: private bucket, one CloudFront origin for
 * assets and API, no-store everywhere, no access logs, and a site config that
 * fits in a function environment.
 */
import { cdkJsonContext } from '../../infra/cdk-context';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ForceWebForm, SiteConfigTooLargeError } from '../../infra/constructs/web';
import { NATIONAL_DIRECTORY } from '../../web/site';

const site = { forceName: 'Exampleshire Police', brandColour: '#123456', directory: NATIONAL_DIRECTORY.slice(0, 2) };

function synth(props: Partial<ConstructorParameters<typeof ForceWebForm>[2]> = {}) {
  const stack = new Stack(new App({ context: cdkJsonContext() }), 'Web');
  const web = new ForceWebForm(stack, 'WebForm', { forceCode: 'exampleshire', site, apiDomainName: 'abc123.execute-api.eu-west-2.amazonaws.com', ...props });
  return { web, template: Template.fromStack(stack) };
}

let built: ReturnType<typeof synth>;

beforeAll(() => {
  // The default path: web/build.ts runs at synth through local bundling (no Docker).
  built = synth();
}, 120_000);

describe('ForceWebForm', () => {
  it('keeps the asset bucket private, reachable only through CloudFront', () => {
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    built.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('routes /assets/* to S3 and everything else, uncached, to the force API', () => {
    built.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: Match.arrayWith(['POST']),
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          ViewerProtocolPolicy: 'redirect-to-https',
        }),
        CacheBehaviors: [Match.objectLike({ PathPattern: 'assets/*' })],
        Origins: Match.arrayWith([Match.objectLike({ DomainName: 'abc123.execute-api.eu-west-2.amazonaws.com' })]),
        Logging: Match.absent(),
      }),
    });
  });

  it('answers every request with Cache-Control: no-store', () => {
    built.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CustomHeadersConfig: { Items: [{ Header: 'Cache-Control', Value: 'no-store, max-age=0', Override: true }] },
      }),
    });
  });

  it('hands the validated site to the functions as WEB_SITE_CONFIG', () => {
    expect(JSON.parse(built.web.siteEnvironment.WEB_SITE_CONFIG)).toMatchObject({ forceName: 'Exampleshire Police', exitUrl: 'https://www.bbc.co.uk/weather' });
  });

  it('refuses a site config that would not fit in a function environment', () => {
    const directory = Array.from({ length: 20 }, (_, index) => ({ name: `Service ${index}`, description: 'x'.repeat(280), phone: '0800 000 000' }));
    const assetsDir = mkdtempSync(join(tmpdir(), 'web-assets-'));
    writeFileSync(join(assetsDir, 'site.css'), '');
    expect(() => synth({ site: { ...site, directory }, assetsDir })).toThrow(SiteConfigTooLargeError);
  });
});
