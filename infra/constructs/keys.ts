import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
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
 * Key administration actions the account keeps on the safeguarding key.
 * Deliberately no `kms:Decrypt`, `kms:ReEncrypt*` or `kms:CreateGrant`: the
 * account cannot hand itself the protected class through IAM or a grant.
 */
const SAFEGUARDING_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** Actions that open (or re-wrap, or delegate) data under the safeguarding key; denied to enforcement principals. */
export const SAFEGUARDING_DENIED_TO_ENFORCEMENT = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:CreateGrant'];

/**
 * The force's key material: the report key (report bodies and the table),
 * the separate safeguarding key (the protected-immigration class only),
 * an operations key (alarm topic), and the receipt secret.
 *
 * The safeguarding key's policy trusts the account only to administer the key
 * and to encrypt under it; decrypt is granted principal by principal through
 * {@link ForceKeys.grantSafeguardingDecrypt}, and explicitly denied to any
 * principal tagged `purpose=enforcement`, whatever IAM says.
 *
 * @example
 * const keys = new ForceKeys(stack, 'Keys', { forceCode: 'exampleshire' });
 * keys.reportKey.grant(role, 'kms:GenerateDataKey');
 */
export class ForceKeys extends Construct {
  readonly reportKey: kms.Key;
  readonly safeguardingKey: kms.Key;
  readonly operationsKey: kms.Key;
  /** HMAC secret for receipt look-up keys: 64 random alphanumerics (> 256 bits). */
  readonly receiptSecret: secretsmanager.Secret;
  private safeguardingReaders = 0;

  constructor(scope: Construct, id: string, props: ForceKeysProps) {
    super(scope, id);
    const { account } = Stack.of(this);

    this.reportKey = new kms.Key(this, 'ReportKey', {
      description: `safe-pathway ${props.forceCode}: report bodies and the report table`,
      alias: `alias/safe-pathway/${props.forceCode}/report`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.safeguardingKey = new kms.Key(this, 'SafeguardingKey', {
      description: `safe-pathway ${props.forceCode}: protected-immigration class only`,
      alias: `alias/safe-pathway/${props.forceCode}/safeguarding`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AccountAdministersKey',
            principals: [new iam.AccountRootPrincipal()],
            actions: SAFEGUARDING_ADMIN_ACTIONS,
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'AccountMayEncryptThroughIam',
            principals: [new iam.AccountRootPrincipal()],
            actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'DenyEnforcementDecrypt',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: SAFEGUARDING_DENIED_TO_ENFORCEMENT,
            resources: ['*'],
            conditions: { StringEquals: { [`aws:PrincipalTag/${PURPOSE_TAG}`]: 'enforcement' } },
          }),
        ],
      }),
    });

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
   * Lets a safeguarding-path principal open the protected-immigration class:
   * an IAM statement plus a key-policy statement naming the principal, because
   * the key policy does not delegate decrypt to IAM.
   */
  grantSafeguardingDecrypt(grantee: iam.IRole): void {
    this.safeguardingKey.grantDecrypt(grantee);
    this.safeguardingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `SafeguardingPathDecrypt${++this.safeguardingReaders}`,
        principals: [new iam.ArnPrincipal(grantee.roleArn)],
        actions: ['kms:Decrypt'],
        resources: ['*'],
      }),
    );
  }
}
