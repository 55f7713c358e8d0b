/**
 * What the two static sites of a force stack (the web form's assets and the
 * staff console) share: their files built at synth on this machine (never in
 * Docker), and the cdk-nag findings of the CDK BucketDeployment handler that
 * copies them, which is a stack singleton.
 */
import { AssetHashType, type CfnElement, DockerImage, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { IConstruct } from 'constructs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

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
