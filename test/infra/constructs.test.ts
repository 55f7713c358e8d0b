import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffIdentity, STAFF_GROUPS } from '../../infra/constructs/identity';
import { ForceKeys, SAFEGUARDING_DENIED_TO_ENFORCEMENT } from '../../infra/constructs/keys';
import { ReportStore } from '../../infra/constructs/store';
import { TABLE_DESIGN } from '../../functions/adapters/dynamodb/table-design';
import { bareStack, logicalIdOf, toArray } from './support/stacks';

interface KeyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string>>;
}

describe('ForceKeys', () => {
  let template: Template;
  let safeguardingStatements: KeyStatement[];
  let readerRoleId: string;

  beforeAll(() => {
    const stack = bareStack();
    const keys = new ForceKeys(stack, 'Keys', { forceCode: 'testshire' });
    const reader = new iam.Role(stack, 'SafeguardingReader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    keys.grantSafeguardingDecrypt(reader);
    template = Template.fromStack(stack);
    readerRoleId = stack.getLogicalId(reader.node.defaultChild as iam.CfnRole);
    const keyId = logicalIdOf(template, 'AWS::KMS::Key', { Description: Match.stringLikeRegexp('protected-immigration') });
    safeguardingStatements = template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
  });

  it('creates rotating report, safeguarding and operations keys with per-force aliases', () => {
    template.resourceCountIs('AWS::KMS::Key', 3);
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/safe-pathway/testshire/report' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/safe-pathway/testshire/safeguarding' });
  });

  it('explicitly denies decrypt with the safeguarding key to principals tagged purpose=enforcement', () => {
    const deny = safeguardingStatements.find((statement) => statement.Effect === 'Deny');
    expect(deny).toMatchObject({
      Principal: { AWS: '*' },
      Condition: { StringEquals: { 'aws:PrincipalTag/purpose': 'enforcement' } },
    });
    expect(toArray(deny!.Action)).toEqual(SAFEGUARDING_DENIED_TO_ENFORCEMENT);
    expect(toArray(deny!.Action)).toContain('kms:Decrypt');
  });

  it('grants decrypt with the safeguarding key only to the named safeguarding-path roles', () => {
    const decryptAllows = safeguardingStatements.filter(
      (statement) => statement.Effect === 'Allow' && toArray(statement.Action).some((action) => /^kms:(Decrypt|ReEncrypt|CreateGrant|\*)/.test(action)),
    );
    expect(decryptAllows).toEqual([
      expect.objectContaining({ Action: 'kms:Decrypt', Principal: { AWS: { 'Fn::GetAtt': [readerRoleId, 'Arn'] } } }),
    ]);
    // The account administers and may encrypt, but never holds decrypt through IAM.
    const account = safeguardingStatements.filter((statement) => JSON.stringify(statement.Principal).includes(':root'));
    for (const statement of account) expect(toArray(statement.Action)).not.toContain('kms:Decrypt');
  });

  it('generates the receipt secret (>= 32 random bytes) encrypted with the report key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key', { Description: Match.stringLikeRegexp('report bodies') }), 'Arn'] },
    });
  });
});

describe('ReportStore', () => {
  let template: Template;
  let stack: Stack;

  beforeAll(() => {
    stack = bareStack();
    const keys = new ForceKeys(stack, 'Keys', { forceCode: 'testshire' });
    new ReportStore(stack, 'Store', { encryptionKey: keys.reportKey });
    template = Template.fromStack(stack);
  });

  it('builds the table from TABLE_DESIGN with PITR, deletion protection, TTL, stream and the report key', () => {
    const reportKeyId = logicalIdOf(template, 'AWS::KMS::Key', { Description: Match.stringLikeRegexp('report bodies') });
    const [index] = TABLE_DESIGN.indexes;
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.ttlAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [reportKeyId, 'Arn'] } },
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: index!.name,
            KeySchema: [
              { AttributeName: index!.partitionKey, KeyType: 'HASH' },
              { AttributeName: index!.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ],
      },
    });
  });
});

describe('StaffIdentity', () => {
  let template: Template;

  beforeAll(() => {
    const stack = bareStack();
    new StaffIdentity(stack, 'Identity', { forceCode: 'testshire' });
    template = Template.fromStack(stack);
  });

  it('creates a per-force user pool with MFA, no self sign-up and strong passwords', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: 'safe-pathway-testshire-staff',
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true, RequireUppercase: true, RequireNumbers: true }) },
    });
  });

  it('has the call-handler and supervisor groups', () => {
    for (const group of STAFF_GROUPS) template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', STAFF_GROUPS.length);
  });
});
