import { DefaultStackSynthesizer, Duration, Fn, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PURPOSE_TAG } from '../purpose';

export interface ForceKeysProps {
  /** The force code; names the key aliases. */
  forceCode: string;
}

/**
 * Key administration actions the account keeps on the report and safeguarding
 * keys. Deliberately no `kms:Decrypt`, `kms:GenerateDataKey*`, `kms:ReEncrypt*`
 * or `kms:CreateGrant` (and no `kms:*`): administering a key is not using it,
 * so the account cannot hand itself report data through IAM or a grant.
 *
 * Each action list here is sorted, as `@aws-cdk/aws-iam:minimizePolicies`
 * would render it, so the key policy reads the same with the flag on or off
 * and the infra tests compare it with these lists exactly.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:Delete*',
  'kms:Describe*',
  'kms:Disable*',
  'kms:Enable*',
  'kms:Get*',
  'kms:List*',
  'kms:Put*',
  'kms:Revoke*',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:Update*',
];

/** Actions that use a key to open, produce, re-wrap or delegate data: allowed only to the key's allow-list. */
export const KEY_USE_ACTIONS = ['kms:CreateGrant', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];

/** What an allow-listed function role may do through IAM (its own IAM statements then narrow it further). */
const ALLOW_LISTED_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*'];

/** Actions that open (or re-wrap, or delegate) data under the safeguarding key; denied to enforcement principals. */
export const SAFEGUARDING_DENIED_TO_ENFORCEMENT = ['kms:CreateGrant', 'kms:Decrypt', 'kms:ReEncryptFrom'];

/** The two keys that seal report data, by name. */
export type DataKeyName = 'report' | 'safeguarding';

/**
 * The force's key material: the report key (report bodies and the table),
 * the separate safeguarding key (the protected-immigration class only),
 * an operations key (alarm topic), and the receipt secret.
 *
 * The two data keys share one policy shape, none of it resting on a tag alone:
 * - the account administers the key (KEY_ADMIN_ACTIONS) and may not use it;
 * - use (KEY_USE_ACTIONS) goes through IAM only for the roles on the key's
 *   allow-list, named by ARN ({@link ForceKeys.allowUse}), and an explicit
 *   Deny refuses use to every other principal, whatever IAM says;
 * - the CloudFormation execution role may use the key only through DynamoDB
 *   and Secrets Manager, to create the table and the receipt secret;
 * - the safeguarding key also keeps its tag-based Deny for `purpose=enforcement`,
 *   and decrypt with it needs a key-policy statement naming the role
 *   ({@link ForceKeys.grantSafeguardingDecrypt}).
 *
 * @example
 * const keys = new ForceKeys(stack, 'Keys', { forceCode: 'exampleshire' });
 * keys.reportKey.grant(role, 'kms:GenerateDataKey');
 * keys.allowUse('report', role);
 */
export class ForceKeys extends Construct {
  readonly reportKey: kms.Key;
  readonly safeguardingKey: kms.Key;
  readonly operationsKey: kms.Key;
  /** HMAC secret for receipt look-up keys: 64 random alphanumerics (> 256 bits). */
  readonly receiptSecret: secretsmanager.Secret;
  private safeguardingReaders = 0;
  /** The roles each data key's policy lets use it, by key. */
  private readonly allowLists: Record<DataKeyName, iam.IRole[]> = { report: [], safeguarding: [] };

  constructor(scope: Construct, id: string, props: ForceKeysProps) {
    super(scope, id);
    const { account } = Stack.of(this);

    this.reportKey = new kms.Key(this, 'ReportKey', {
      description: `safe-pathway ${props.forceCode}: report bodies and the report table`,
      alias: `alias/safe-pathway/${props.forceCode}/report`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      // Replaces the CDK default (account root `kms:*`).
      policy: this.dataKeyPolicy('report'),
    });

    this.safeguardingKey = new kms.Key(this, 'SafeguardingKey', {
      description: `safe-pathway ${props.forceCode}: protected-immigration class only`,
      alias: `alias/safe-pathway/${props.forceCode}/safeguarding`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: this.dataKeyPolicy('safeguarding'),
    });
    this.safeguardingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyEnforcementDecrypt',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: SAFEGUARDING_DENIED_TO_ENFORCEMENT,
        resources: ['*'],
        conditions: { StringEquals: { [`aws:PrincipalTag/${PURPOSE_TAG}`]: 'enforcement' } },
      }),
    );

    this.operationsKey = new kms.Key(this, 'OperationsKey', {
      description: `safe-pathway ${props.forceCode}: operational alarms (no report data)`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms publish to the encrypted alarm topic.
    this.operationsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    this.receiptSecret = new secretsmanager.Secret(this, 'ReceiptSecret', {
      description: `safe-pathway ${props.forceCode}: receipt hashing secret`,
      encryptionKey: this.reportKey,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.receiptSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The receipt secret keys the stored hashes of every issued receipt; rotating it would make all receipts unusable for status look-up. It never leaves the functions that hash receipts.',
    });
  }

  /**
   * Puts a role on a data key's allow-list: the key policy then lets it use
   * the key through its IAM statements, and the key's Deny spares it.
   * Idempotent.
   */
  allowUse(key: DataKeyName, role: iam.IRole): void {
    if (!this.allowLists[key].includes(role)) this.allowLists[key].push(role);
  }

  /** The roles on a data key's allow-list (read at synth). */
  allowListOf(key: DataKeyName): readonly iam.IRole[] {
    return this.allowLists[key];
  }

  /**
   * Lets a safeguarding-path principal open the protected-immigration class:
   * an IAM statement plus a key-policy statement naming the principal, and the
   * principal on the key's allow-list.
   */
  grantSafeguardingDecrypt(grantee: iam.IRole): void {
    this.safeguardingKey.grantDecrypt(grantee);
    this.allowUse('safeguarding', grantee);
    this.safeguardingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `SafeguardingPathDecrypt${++this.safeguardingReaders}`,
        principals: [new iam.ArnPrincipal(grantee.roleArn)],
        actions: ['kms:Decrypt'],
        resources: ['*'],
      }),
    );
  }

  /**
   * The policy of a data key (see the class comment). The allow-list is read
   * lazily, so roles allowed after the key was built are named too.
   */
  private dataKeyPolicy(key: DataKeyName): iam.PolicyDocument {
    const stack = Stack.of(this);
    const allowListed = () => this.allowLists[key].map((role) => role.roleArn);
    const deployment = deploymentRoleArn(stack);
    const services = [`dynamodb.${stack.region}.amazonaws.com`, `secretsmanager.${stack.region}.amazonaws.com`];
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AccountAdministersKey',
          principals: [new iam.AccountRootPrincipal()],
          actions: KEY_ADMIN_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'AllowListedRolesUseThroughIam',
          principals: [new iam.AccountRootPrincipal()],
          actions: ALLOW_LISTED_ACTIONS,
          resources: ['*'],
          conditions: { ArnEquals: { 'aws:PrincipalArn': Lazy.list({ produce: allowListed }) } },
        }),
        ...(key === 'report'
          ? [
              new iam.PolicyStatement({
                sid: 'DeploymentCreatesTableAndSecret',
                principals: [new iam.AccountRootPrincipal()],
                actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
                resources: ['*'],
                conditions: { ArnEquals: { 'aws:PrincipalArn': deployment }, StringEquals: { 'kms:ViaService': services } },
              }),
            ]
          : []),
        new iam.PolicyStatement({
          sid: 'DenyUseOutsideAllowList',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: KEY_USE_ACTIONS,
          resources: ['*'],
          conditions: {
            ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => [...allowListed(), ...(key === 'report' ? [deployment] : [])] }) },
            // AWS services acting for themselves (DynamoDB on its table grant) carry no principal ARN.
            Bool: { 'aws:PrincipalIsAWSService': 'false' },
          },
        }),
      ],
    });
  }
}

/**
 * The role CloudFormation deploys the stack as: the CDK bootstrap's execution
 * role (`DefaultStackSynthesizer`). Other synthesizers deploy as the caller,
 * whom the key policy cannot name: refused, so no stack ships a key nobody may create a table with.
 */
function deploymentRoleArn(stack: Stack): string {
  const synthesizer = stack.synthesizer;
  if (!(synthesizer instanceof DefaultStackSynthesizer)) {
    throw new Error(`${stack.node.path}: the data keys name the CloudFormation execution role, which only DefaultStackSynthesizer has`);
  }
  return Fn.sub(synthesizer.cloudFormationExecutionRoleArn);
}
