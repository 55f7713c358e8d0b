import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffIdentity, STAFF_GROUPS } from '../../infra/constructs/identity';
import { ForceKeys, KEY_ADMIN_ACTIONS, KEY_USE_ACTIONS, SAFEGUARDING_DENIED_TO_ENFORCEMENT } from '../../infra/constructs/keys';
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
  let reportStatements: KeyStatement[];
  let readerRoleId: string;
  let writerRoleId: string;

  beforeAll(() => {
    const stack = bareStack();
    const keys = new ForceKeys(stack, 'Keys', { forceCode: 'testshire' });
    const reader = new iam.Role(stack, 'SafeguardingReader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    keys.grantSafeguardingDecrypt(reader);
    const writer = new iam.Role(stack, 'ReportWriter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    keys.reportKey.grant(writer, 'kms:GenerateDataKey');
    keys.allowUse('report', writer);
    // A role granted use through IAM but never allow-listed: the key policy must still refuse it.
    const stray = new iam.Role(stack, 'Stray', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    keys.reportKey.grantDecrypt(stray);
    template = Template.fromStack(stack);
    readerRoleId = stack.getLogicalId(reader.node.defaultChild as iam.CfnRole);
    writerRoleId = stack.getLogicalId(writer.node.defaultChild as iam.CfnRole);
    const keyPolicy = (description: string) =>
      template.toJSON().Resources[logicalIdOf(template, 'AWS::KMS::Key', { Description: Match.stringLikeRegexp(description) })].Properties.KeyPolicy.Statement;
    safeguardingStatements = keyPolicy('protected-immigration');
    reportStatements = keyPolicy('report bodies');
  });

  it('creates rotating report, safeguarding and operations keys with per-force aliases', () => {
    template.resourceCountIs('AWS::KMS::Key', 3);
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/safe-pathway/testshire/report' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/safe-pathway/testshire/safeguarding' });
  });

  it('explicitly denies decrypt with the safeguarding key to principals tagged purpose=enforcement', () => {
    const deny = safeguardingStatements.find((statement) => statement.Sid === 'DenyEnforcementDecrypt');
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Condition: { StringEquals: { 'aws:PrincipalTag/purpose': 'enforcement' } },
    });
    expect(toArray(deny!.Action)).toEqual(SAFEGUARDING_DENIED_TO_ENFORCEMENT);
  });

  it.each([
    ['safeguarding', () => safeguardingStatements, () => [readerRoleId]],
    ['report', () => reportStatements, () => [writerRoleId]],
  ])('the %s key denies use to every principal off its allow-list, by ARN and not by tag', (_name, statements, allowListed) => {
    const deny = statements().find((statement) => statement.Sid === 'DenyUseOutsideAllowList');
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: KEY_USE_ACTIONS });
    const condition = deny!.Condition as unknown as Record<string, Record<string, unknown>>;
    expect(Object.keys(condition).sort()).toEqual(['ArnNotEquals', 'Bool']);
    expect(condition.Bool).toEqual({ 'aws:PrincipalIsAWSService': 'false' });
    const exempt = toArray(condition.ArnNotEquals!['aws:PrincipalArn']).map((arn) => JSON.stringify(arn));
    for (const role of allowListed()) expect(exempt).toContain(JSON.stringify({ 'Fn::GetAtt': [role, 'Arn'] }));
    // The stray role holds an IAM grant, but the key policy neither allows nor spares it.
    expect(exempt.join()).not.toContain('Stray');
  });

  it.each([
    ['safeguarding', () => safeguardingStatements],
    ['report', () => reportStatements],
  ])('the %s key gives the account administration only, never kms:* and never use without an allow-list condition', (_name, statements) => {
    const admin = statements().find((statement) => statement.Sid === 'AccountAdministersKey');
    expect(admin?.Action).toEqual(KEY_ADMIN_ACTIONS);
    for (const statement of statements()) {
      expect(toArray(statement.Action)).not.toContain('kms:*');
      if (statement.Effect !== 'Allow' || !JSON.stringify(statement.Principal).includes(':root')) continue;
      const uses = toArray(statement.Action).filter((action) => /^kms:(Decrypt|GenerateDataKey|ReEncrypt|CreateGrant|Encrypt)/.test(action));
      if (uses.length === 0) continue;
      // Use by the account is always narrowed: to allow-listed principals, or to a service acting for them.
      expect(statement.Condition, statement.Sid ?? JSON.stringify(statement.Action)).toEqual(
        expect.objectContaining(statement.Sid === 'AllowListedRolesUseThroughIam' ? { ArnEquals: expect.anything() } : { StringEquals: expect.objectContaining({ 'kms:ViaService': expect.anything() }) }),
      );
    }
  });

  it('grants decrypt with the safeguarding key only to the named safeguarding-path roles', () => {
    const decryptAllows = safeguardingStatements.filter(
      (statement) =>
        statement.Effect === 'Allow' && !JSON.stringify(statement.Principal).includes(':root') && toArray(statement.Action).some((action) => /^kms:(Decrypt|ReEncrypt|CreateGrant|\*)/.test(action)),
    );
    expect(decryptAllows).toEqual([
      expect.objectContaining({ Action: 'kms:Decrypt', Principal: { AWS: { 'Fn::GetAtt': [readerRoleId, 'Arn'] } } }),
    ]);
    const throughIam = safeguardingStatements.find((statement) => statement.Sid === 'AllowListedRolesUseThroughIam');
    expect((throughIam!.Condition as unknown as Record<string, Record<string, unknown>>).ArnEquals).toEqual({ 'aws:PrincipalArn': [{ 'Fn::GetAtt': [readerRoleId, 'Arn'] }] });
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
