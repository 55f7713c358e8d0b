/**
 * The reference web form of one force, in AWS: its static assets (GOV.UK
 * Frontend CSS/JS and our enhancement script, built by web/build.ts at synth)
 * in a private S3 bucket, and ONE CloudFront origin for the victim's browser:
 *
 *   /assets/*  → S3 (origin access control)
 *   everything else (/form, /reports, /reports/status) → the force's HTTP API,
 *   uncached, so the server-rendered steps work with JavaScript off and the
 *   form posts to its own origin (CSP `form-action 'self'`, no CORS).
 *
 * Every answer to the browser carries `Cache-Control: no-store`, assets
 * included: a cached stylesheet is itself a trace of the visit. CloudFront
 * access logging stays off (logs would hold victims' IP addresses).
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeSiteFindings, builtAtSynth, siteBucket, siteDistribution, siteHeadersPolicy, type SiteFindingReasons } from './static-site';
import { parseSiteConfig, type SiteConfig, type SiteConfigInput } from '../../web/site';

/** Lambda environments are limited to 4 KB in all; the site config must leave room for the rest. */
export const MAX_SITE_CONFIG_BYTES = 3_000;

/** Raised at synth when the site config would not fit in the functions' environment. */
export class SiteConfigTooLargeError extends Error {
  constructor(bytes: number) {
    super(`the web form's site config is ${bytes} bytes; at most ${MAX_SITE_CONFIG_BYTES} fit in a function environment (shorten the directory or locale overrides)`);
    this.name = 'SiteConfigTooLargeError';
  }
}

export interface ForceWebFormProps {
  forceCode: string;
  /** The force's branding, neutral exit page, support directory and locale overrides. */
  site: SiteConfigInput;
  /** Domain name of the force's HTTP API (e.g. `api.apiEndpoint` without the scheme, or `${apiId}.execute-api.${region}.amazonaws.com`). */
  apiDomainName: string;
  /** Built assets to deploy; by default web/build.ts runs at synth. */
  assetsDir?: string;
}

/**
 * @example
 * const web = new ForceWebForm(stack, 'WebForm', { forceCode: 'exampleshire', site, apiDomainName });
 * // give the functions that render pages the force's site:
 * for (const name of ['web-form', 'web-form-step', 'submit-report', 'report-status'])
 *   functions.byRoute.get(name)?.addEnvironment('WEB_SITE_CONFIG', web.siteEnvironment.WEB_SITE_CONFIG);
 */
export class ForceWebForm extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly site: SiteConfig;
  /** Environment for the functions that render pages (web-form, submit-report, report-status). */
  readonly siteEnvironment: { WEB_SITE_CONFIG: string };
  /** Where victims start: `https://<distribution>/form`. */
  readonly formUrl: string;

  constructor(scope: Construct, id: string, props: ForceWebFormProps) {
    super(scope, id);
    this.site = parseSiteConfig(props.site);
    const siteJson = JSON.stringify(this.site);
    const bytes = Buffer.byteLength(siteJson, 'utf8');
    if (bytes > MAX_SITE_CONFIG_BYTES) throw new SiteConfigTooLargeError(bytes);
    this.siteEnvironment = { WEB_SITE_CONFIG: siteJson };

    this.bucket = siteBucket(this, 'Assets');
    const noStore = siteHeadersPolicy(this, 'NoStore', { comment: `safe-pathway ${props.forceCode}: no-store and security headers on every answer` });

    // "/" is not a page: send the visitor to the first step (before any answer exists).
    const rootToForm = new cloudfront.Function(this, 'RootToForm', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event) { if (event.request.uri === '/') { return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/form' }, 'cache-control': { value: 'no-store' } } }; } return event.request; }",
      ),
    });

    this.distribution = siteDistribution(this, {
      comment: `safe-pathway ${props.forceCode} web form`,
      apiDomainName: props.apiDomainName,
      headers: noStore,
      apiFunction: rootToForm,
      files: { pathPattern: 'assets/*', bucket: this.bucket },
    });

    new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'assets/',
      sources: [props.assetsDir ? s3deploy.Source.asset(props.assetsDir) : builtAtSynth('web/assets', 'web/build.ts')],
      distribution: this.distribution,
      distributionPaths: ['/assets/*'],
      prune: true,
    });

    acknowledgeSiteFindings(this, this, 'the built assets', WEB_FINDINGS);

    this.formUrl = `https://${this.distribution.distributionDomainName}/form`;
    new CfnOutput(this, 'FormUrl', { value: this.formUrl, description: `${this.site.forceName}: the web form` });
  }
}

/**
 * Why the web form accepts the cdk-nag findings of its bucket and distribution. The deployment handler's are
 * shared with ForceWebForm instances of the same stack: it is a stack singleton.
 */
const WEB_FINDINGS: SiteFindingReasons = {
  bucketAccessLogs:
    'The bucket holds only public, rebuildable GOV.UK Frontend assets and is read only by CloudFront; server access logs would add request records (and IP addresses) without protecting anything.',
  geoRestriction:
    'No geo restriction: victims report from wherever they are safe, including abroad or through a VPN, and a block would turn them away at the worst moment.',
  webAcl:
    'The origin API has per-route throttling, body size caps and idempotency; a force that needs AWS WAF attaches its own web ACL (docs/deploy.md) because rules and costs are per force.',
  distributionAccessLogs: 'CloudFront access logs are off on purpose: they would record the IP address and timing of every victim who opens the form.',
};
