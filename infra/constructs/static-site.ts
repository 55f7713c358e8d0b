/**
 * What the two static sites of a force stack (the web form's assets and the
 * staff console) share: a private bucket for their public, rebuildable files;
 * a response headers policy with no-store and the security headers; ONE
 * CloudFront distribution whose default behaviour is the force's HTTP API,
 * uncached, and whose one path pattern is the bucket; their files built at
 * synth on this machine (never in Docker); and the cdk-nag findings of the
 * CDK BucketDeployment handler that copies them, which is a stack singleton.
 */
import { AssetHashType, type CfnElement, DockerImage, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct, IConstruct } from 'constructs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * A private bucket for a site's files, read only through CloudFront. Public, rebuildable files (and the
 * console's public client config) only: no report data is ever here, so it is destroyed with the stack.
 *
 * @example
 * this.bucket = siteBucket(this, 'Assets');
 */
export function siteBucket(scope: Construct, id: string): s3.Bucket {
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
  });
}

/** What a site's answers carry besides `Cache-Control: no-store` and the security headers. */
export interface SiteHeaders {
  comment: string;
  /** Further headers, after Cache-Control. */
  customHeaders?: cloudfront.ResponseCustomHeader[];
  /** The Content-Security-Policy, where the site sets it at the edge. */
  contentSecurityPolicy?: string;
}

/**
 * A response headers policy for every answer of a site, assets included (a cached stylesheet is itself a
 * trace of the visit): `Cache-Control: no-store`, nosniff, no framing, no referrer, HSTS for a year.
 *
 * @example
 * const noStore = siteHeadersPolicy(this, 'NoStore', { comment: 'safe-pathway exampleshire: no-store' });
 */
export function siteHeadersPolicy(scope: Construct, id: string, headers: SiteHeaders): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: headers.comment,
    customHeadersBehavior: {
      customHeaders: [{ header: 'Cache-Control', value: 'no-store, max-age=0', override: true }, ...(headers.customHeaders ?? [])],
    },
    securityHeadersBehavior: {
      ...(headers.contentSecurityPolicy ? { contentSecurityPolicy: { contentSecurityPolicy: headers.contentSecurityPolicy, override: true } } : {}),
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
    },
  });
}

export interface SiteDistributionProps {
  comment: string;
  /** Domain name of the force's HTTP API: the default behaviour's origin. */
  apiDomainName: string;
  headers: cloudfront.IResponseHeadersPolicy;
  /** Runs on every viewer request to the API behaviour (the root redirect). */
  apiFunction: cloudfront.IFunction;
  /** The path pattern served from `bucket` ("assets/*"), and the function its requests run through, if any. */
  files: { pathPattern: string; bucket: s3.IBucket; function?: cloudfront.IFunction };
}

/**
 * ONE CloudFront origin for a site's browser: `files.pathPattern` from the bucket (origin access control,
 * cached at the edge, never in the browser: the headers say no-store), everything else to the force's HTTP
 * API, uncached, every viewer header but Host passed on (the form posts and the bearer token reach the API).
 * HTTP/2 and 3, price class 100, access logs off (they would record who opened the site, and when).
 *
 * @example
 * this.distribution = siteDistribution(this, { comment, apiDomainName, headers, apiFunction: rootToForm, files: { pathPattern: 'assets/*', bucket } });
 */
export function siteDistribution(scope: Construct, props: SiteDistributionProps): cloudfront.Distribution {
  const viewerRequest = (fn: cloudfront.IFunction) => [{ function: fn, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }];
  return new cloudfront.Distribution(scope, 'Distribution', {
    comment: props.comment,
    httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    enableLogging: false,
    defaultBehavior: {
      origin: new origins.HttpOrigin(props.apiDomainName, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: props.headers,
      functionAssociations: viewerRequest(props.apiFunction),
    },
    additionalBehaviors: {
      [props.files.pathPattern]: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.files.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: props.headers,
        ...(props.files.function ? { functionAssociations: viewerRequest(props.files.function) } : {}),
      },
    },
  });
}

/** Why a site accepts each cdk-nag finding of its bucket and distribution that depends on what it serves. */
export interface SiteFindingReasons {
  /** AwsSolutions-S1: no server access logs on the bucket. */
  bucketAccessLogs: string;
  /** AwsSolutions-CFR1: no geo restriction. */
  geoRestriction: string;
  /** AwsSolutions-CFR2: no AWS WAF web ACL of ours. */
  webAcl: string;
  /** AwsSolutions-CFR3: no CloudFront access logs. */
  distributionAccessLogs: string;
}

/**
 * Accepts the cdk-nag findings of a site: its bucket's and distribution's, each with its reason (the
 * default-certificate one is the same for both sites), and the BucketDeployment handler's
 * ({@link acknowledgeBucketDeployment}); `what` names what it copies ("the built console").
 *
 * @example
 * acknowledgeSiteFindings(this, { bucket, distribution }, 'the built assets', WEB_FINDINGS);
 */
export function acknowledgeSiteFindings(scope: IConstruct, site: { bucket: s3.IBucket; distribution: cloudfront.IDistribution }, what: string, reasons: SiteFindingReasons): void {
  Validations.of(site.bucket).acknowledge({ id: 'AwsSolutions-S1', reason: reasons.bucketAccessLogs });
  Validations.of(site.distribution).acknowledge(
    { id: 'AwsSolutions-CFR1', reason: reasons.geoRestriction },
    { id: 'AwsSolutions-CFR2', reason: reasons.webAcl },
    { id: 'AwsSolutions-CFR3', reason: reasons.distributionAccessLogs },
    {
      id: 'AwsSolutions-CFR4',
      reason: 'Example forces use the default CloudFront certificate; a force deploying for real adds its own domain and certificate with TLS 1.2 as the minimum (docs/deploy.md).',
    },
  );
  acknowledgeBucketDeployment(scope, site.bucket, what);
}

/**
 * A site's files, built at synth by `buildScript` (run with tsx into the asset's output folder) and hashed
 * by what is deployed, so a new GOV.UK Frontend version deploys too.
 *
 * @example
 * new s3deploy.BucketDeployment(this, 'Assets', { sources: [builtAtSynth('web/assets', 'web/build.ts')], destinationBucket: bucket });
 */
export function builtAtSynth(folder: string, buildScript: string): s3deploy.ISource {
  return s3deploy.Source.asset(join(REPO_ROOT, folder), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('node:24-slim'),
      local: {
        tryBundle(outputDir: string) {
          execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, buildScript), outputDir], { cwd: REPO_ROOT, stdio: 'inherit' });
          return true;
        },
      },
    },
  });
}

/**
 * Accepts the findings of the stack's BucketDeployment handler for `bucket`, each with its reason; `what` names
 * what it copies ("the built console").
 *
 * @example
 * acknowledgeBucketDeployment(this, this.bucket, 'the built assets');
 */
export function acknowledgeBucketDeployment(scope: IConstruct, bucket: s3.IBucket, what: string): void {
  const stack = Stack.of(scope);
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) return;
  const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  // A literal partition once the region is known (@aws-cdk/core:enablePartitionLiterals in cdk.json).
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-L1',
      reason: 'The BucketDeployment handler is provided and versioned by aws-cdk-lib, which picks its runtime; it never touches report data.',
    },
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The CDK BucketDeployment handler only needs to write its own logs, which is what this AWS managed policy grants.',
    },
    ...['Action::s3:Abort*', 'Action::s3:DeleteObject*', 'Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Resource::*']
      .concat([`Resource::<${bucketId}.Arn>/*`, `Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-${account}-${region}/*`])
      .map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: `The CDK BucketDeployment handler copies ${what} from the CDK asset bucket into this bucket and invalidates the distribution; CDK generates these grants, limited to those buckets and CloudFront invalidations.`,
      })),
  );
}
