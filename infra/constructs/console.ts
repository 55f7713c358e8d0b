/**
 * The call-handler console of one force, in AWS: its static files (built by
 * console/build.ts at synth) in a private S3 bucket, and ONE CloudFront
 * origin for the staff browser, so the console calls the API on its own
 * origin (CSP `connect-src 'self'` plus the sign-in domain, no CORS):
 *
 *   /console/*   → S3 (origin access control); `/console/` answers index.html
 *   /            → redirect to /console/
 *   everything else → the force's HTTP API, uncached (its JWT authorizer and
 *                     handlers decide, exactly as for any other caller)
 *
 * Every answer carries the console's security headers (console/security.ts):
 * strict CSP with Trusted Types, frame-ancestors 'none', no-store. Its
 * config.json names the user pool's hosted sign-in domain and app client;
 * the app client gets the console's callback and sign-out URLs
 * (StaffIdentity.allowConsole). Access logs stay off.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeSiteFindings, builtAtSynth, siteBucket, siteDistribution, siteHeadersPolicy, type SiteFindingReasons } from './static-site';
import { cognitoConsoleConfig } from '../../console/config';
import { consoleContentSecurityPolicy } from '../../console/security';
import type { StaffIdentity } from './identity';

export interface ForceConsoleProps {
  forceCode: string;
  /** Domain name of the force's HTTP API (`${apiId}.execute-api.${region}.amazonaws.com`). */
  apiDomainName: string;
  /** The force's staff identity: its hosted sign-in domain and app client. */
  identity: StaffIdentity;
  /** Minutes without a key press or click before the console forgets the session (default 15). */
  idleMinutes?: number;
  /** Built files to deploy; by default console/build.ts runs at synth. */
  assetsDir?: string;
}

/**
 * @example
 * const console = new ForceConsole(stack, 'Console', { forceCode: 'exampleshire', apiDomainName, identity });
 * console.consoleUrl; // https://<distribution>/console/
 */
export class ForceConsole extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: ForceConsoleProps) {
    super(scope, id);
    this.bucket = siteBucket(this, 'Files');
    const headers = siteHeadersPolicy(this, 'Headers', {
      comment: `safe-pathway ${props.forceCode} console: CSP, no-store and security headers`,
      customHeaders: [
        { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true },
      ],
      contentSecurityPolicy: consoleContentSecurityPolicy(props.identity.signInUrl),
    });

    // "/" → the console; "/console/" → its page (S3 has no directory index).
    const rootToConsole = new cloudfront.Function(this, 'RootToConsole', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event) { if (event.request.uri === '/' || event.request.uri === '/console') { return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/console/' }, 'cache-control': { value: 'no-store' } } }; } return event.request; }",
      ),
    });
    const consoleIndex = new cloudfront.Function(this, 'ConsoleIndex', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline("function handler(event) { if (event.request.uri === '/console/') { event.request.uri = '/console/index.html'; } return event.request; }"),
    });

    // The bearer token travels to the API; nothing is cached.
    this.distribution = siteDistribution(this, {
      comment: `safe-pathway ${props.forceCode} call-handler console`,
      apiDomainName: props.apiDomainName,
      headers,
      apiFunction: rootToConsole,
      files: { pathPattern: 'console/*', bucket: this.bucket, function: consoleIndex },
    });

    this.consoleUrl = `https://${this.distribution.distributionDomainName}/console/`;
    props.identity.allowConsole(this.consoleUrl);

    const config = cognitoConsoleConfig({
      forceId: props.forceCode,
      domainUrl: props.identity.signInUrl,
      clientId: props.identity.client.userPoolClientId,
      consoleUrl: this.consoleUrl,
      ...(props.idleMinutes ? { idleMinutes: props.idleMinutes } : {}),
    });
    new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'console/',
      sources: [props.assetsDir ? s3deploy.Source.asset(props.assetsDir) : builtAtSynth('console/static', 'console/build.ts'), s3deploy.Source.jsonData('config.json', config)],
      distribution: this.distribution,
      distributionPaths: ['/console/*'],
      prune: true,
    });

    acknowledgeSiteFindings(this, this, 'the built console', CONSOLE_FINDINGS);
    new CfnOutput(this, 'ConsoleUrl', { value: this.consoleUrl, description: `${props.forceCode}: the call-handler console` });
  }
}

/** Why the console accepts the cdk-nag findings of its bucket and distribution. */
const CONSOLE_FINDINGS: SiteFindingReasons = {
  bucketAccessLogs:
    'The bucket holds only the console’s public, rebuildable files and its public client config, read only by CloudFront; server access logs would add request records without protecting anything.',
  geoRestriction:
    'No geo restriction here: the force decides where its staff may work from, with its own AWS WAF web ACL (docs/deploy.md); every API call still needs a staff token from the force’s user pool.',
  webAcl:
    'The origin API has per-route throttling and a JWT authorizer on every staff route; a force that needs AWS WAF (for example an IP allow list of its stations) attaches its own web ACL (docs/deploy.md).',
  distributionAccessLogs:
    'CloudFront access logs are off on purpose: who opened which report is in the s.62 audit trail, and request logs would only add IP addresses and timings outside it.',
};
