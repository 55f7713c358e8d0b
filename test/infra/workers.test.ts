/**
 * ForceWorkers and the web form as composed into the real force stacks: the
 * referral dispatcher's filtered stream and schedule, the enforcement
 * dispatcher's empty-handed role, signing secrets read only by their signers,
 * and one web distribution per force in front of its own API.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { IntegrationDirectorySchema } from '../../schemas/integrations';
import { ASYNC_RETRY_ATTEMPTS, STREAM_RETRY_ATTEMPTS } from '../../infra/constructs/workers';
import { type SynthesisedForce, logicalIdOf, statementsOfRole, synthesiseExampleForces, toArray } from './support/stacks';

let forces: SynthesisedForce[];

beforeAll(() => {
  ({ forces } = synthesiseExampleForces());
});

function idStartingWith(force: SynthesisedForce, type: string, prefix: string): string {
  const ids = Object.keys(force.template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, got ${ids.join(', ')}`);
  return ids[0]!;
}

function functionId(force: SynthesisedForce, stem: string): string {
  const ids = Object.keys(force.template.findResources('AWS::Lambda::Function')).filter((id) => new RegExp(`^Workers${stem}[0-9A-F]{8}$`).test(id));
  if (ids.length !== 1) throw new Error(`expected one function Workers${stem}, got ${ids.join(', ')}`);
  return ids[0]!;
}

function environmentOf(force: SynthesisedForce, fnId: string): Record<string, unknown> {
  return force.template.findResources('AWS::Lambda::Function')[fnId]!.Properties.Environment.Variables as Record<string, unknown>;
}

describe.each(['demoshire', 'exampleshire'])('workers of %s', (code) => {
  const force = () => forces.find((candidate) => candidate.config.code === code)!;

  it('runs the referral dispatcher on the table stream, filtered to inserted referral items, with bisection, bounded retries and an on-failure queue', () => {
    const f = force();
    const table = logicalIdOf(f.template, 'AWS::DynamoDB::Table');
    f.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [table, 'StreamArn'] },
      FunctionName: { Ref: functionId(f, 'ReferralDispatcher') },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: STREAM_RETRY_ATTEMPTS,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['referral'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::SQS::Queue', 'WorkersReferralDispatcherFailures'), 'Arn'] } } },
    });
    f.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    // Stream rights on the stream only; listing streams is the one action on `*`.
    const role = idStartingWith(f, 'AWS::IAM::Role', 'WorkersReferralDispatcherRole');
    expect(statementsOfRole(f.template, role)).toContainEqual({
      Sid: 'ReportTableStream',
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [table, 'StreamArn'] },
    });
    // Lambda refuses to create the stream mapping without ListStreams, which exists only on `*`: stream ARNs, no records.
    expect(statementsOfRole(f.template, role)).toContainEqual({ Sid: 'ListTableStreams', Action: 'dynamodb:ListStreams', Effect: 'Allow', Resource: '*' });
  });

  it('sweeps due referrals every minute with the sweepHandler export', () => {
    const f = force();
    const sweep = functionId(f, 'ReferralDispatcherSweep');
    f.template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.sweepHandler', Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'referral-dispatcher-sweep' }) } });
    f.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweep, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
  });

  it('runs the retention worker every 15 minutes with table rights only: no key, no secret, no integrations', () => {
    const f = force();
    const worker = functionId(f, 'RetentionWorker');
    f.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [worker, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    const role = idStartingWith(f, 'AWS::IAM::Role', 'WorkersRetentionWorkerRole');
    const statements = statementsOfRole(f.template, role);
    const actions = statements.flatMap((statement) => toArray(statement.Action as string | string[]));
    expect(actions.filter((action) => action.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    // The table's own encryption (through DynamoDB only, as for every table user) and nothing else on any key.
    const direct = statements.filter((statement) => statement.Sid !== 'TableEncryptionViaDynamoDb');
    expect(direct.flatMap((statement) => toArray(statement.Action as string | string[])).filter((action) => /^(kms|secretsmanager|lambda|sqs):/.test(action))).toEqual([]);
    expect(statements.find((statement) => statement.Sid === 'TableEncryptionViaDynamoDb')?.Condition).toMatchObject({ StringEquals: { 'kms:ViaService': expect.anything() } });
    const environment = environmentOf(f, worker);
    expect(environment.INTEGRATIONS).toBeUndefined();
    expect(environment.RECEIPT_SECRET_ARN).toBeUndefined();
    expect(environment.TABLE_NAME).toBeDefined();
  });

  it('tells the intake the protected section’s retention from the force config', () => {
    const f = force();
    f.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'submit-report', RETENTION_DAYS_PROTECTED: String(f.config.retentionDays['protected-immigration']) }) },
    });
  });

  it('tells the intake every body class’s retention from the force config, so it seals one part per period', () => {
    const f = force();
    const days = JSON.parse(JSON.stringify(f.config.retentionDays)) as Record<string, number>;
    const body = Object.fromEntries(Object.entries(days).filter(([dataClass]) => !['routing', 'protected-immigration', 'staff-message'].includes(dataClass)));
    f.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'submit-report', RETENTION_DAYS_CLASSES: JSON.stringify(body) }) },
    });
  });

  it('gives the enforcement dispatcher no table or key rights, no data environment, and an on-failure queue', () => {
    const f = force();
    const dispatcher = functionId(f, 'EnforcementDispatcher');
    const role = idStartingWith(f, 'AWS::IAM::Role', 'WorkersEnforcementDispatcherRole');
    const statements = statementsOfRole(f.template, role);
    const actions = statements.flatMap((statement) => toArray(statement.Action as string | string[]));
    expect(actions.filter((action) => /^(dynamodb|kms):/.test(action))).toEqual([]);
    expect(new Set(actions.map((action) => action.split(':')[0]))).toEqual(new Set(['logs', 'sqs', ...(f.config.enforcementIntegrations.length > 0 ? ['secretsmanager'] : [])]));
    f.template.hasResourceProperties('AWS::IAM::Role', { Tags: Match.arrayWith([{ Key: 'purpose', Value: 'enforcement' }]), Description: Match.stringLikeRegexp('enforcement-dispatcher') });
    const environment = environmentOf(f, dispatcher);
    for (const name of ['TABLE_NAME', 'REPORT_KEY_ARN', 'SAFEGUARDING_KEY_ARN', 'RECEIPT_SECRET_ARN']) expect(environment).not.toHaveProperty(name);
    f.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: dispatcher },
      MaximumRetryAttempts: ASYNC_RETRY_ATTEMPTS,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::SQS::Queue', 'WorkersEnforcementDispatcherFailures'), 'Arn'] } } },
    });
  });

  it('lets the suspect-check function invoke the enforcement dispatcher and the protected screen, and nothing else', () => {
    const f = force();
    const dispatcher = functionId(f, 'EnforcementDispatcher');
    const screen = functionId(f, 'ProtectedScreen');
    const role = idStartingWith(f, 'AWS::IAM::Role', 'FunctionsSuspectCheckRole');
    const invokes = Object.values(f.template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Record<string, unknown>[])
        .filter((statement) => toArray(statement.Action as string | string[]).some((action) => action.startsWith('lambda:')))
        .map((statement) => ({ roles: policy.Properties.Roles, statement })),
    );
    expect(invokes).toEqual([
      { roles: [{ Ref: role }], statement: { Sid: 'InvokeEnforcementDispatcher', Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [dispatcher, 'Arn'] } } },
      { roles: [{ Ref: role }], statement: { Sid: 'InvokeProtectedScreen', Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [screen, 'Arn'] } } },
    ]);
    const suspectCheck = Object.entries(f.template.findResources('AWS::Lambda::Function')).find(([, fn]) => fn.Properties.Role?.['Fn::GetAtt']?.[0] === role)![0];
    expect(environmentOf(f, suspectCheck)).toMatchObject({ ENFORCEMENT_DISPATCHER_FUNCTION: { Ref: dispatcher }, PROTECTED_SCREEN_FUNCTION: { Ref: screen } });
  });

  it('gives the suspect-check role no safeguarding-key decrypt anywhere: not in IAM, not in the key policy', () => {
    const f = force();
    const role = idStartingWith(f, 'AWS::IAM::Role', 'FunctionsSuspectCheckRole');
    const safeguardingKey = idStartingWith(f, 'AWS::KMS::Key', 'KeysSafeguardingKey');
    // IAM: no statement of any policy on the role names the safeguarding key (or any key by wildcard).
    const onKey = statementsOfRole(f.template, role).filter((statement) => {
      const resource = JSON.stringify(statement.Resource);
      return resource.includes(safeguardingKey) || (toArray(statement.Action as string | string[]).some((action) => action.startsWith('kms:')) && resource.includes('*'));
    });
    expect(onKey).toEqual([]);
    // The key policy: no Allow names the role, and the IAM allow-list does not list it.
    const keyPolicy = f.template.findResources('AWS::KMS::Key')[safeguardingKey]!.Properties.KeyPolicy.Statement as Record<string, unknown>[];
    const naming = keyPolicy.filter((statement) => statement.Effect === 'Allow' && JSON.stringify([statement.Principal, statement.Condition]).includes(role));
    expect(naming).toEqual([]);
    // While the protected screen is on it, by name, and is the role the suspect check's screen runs as.
    const screenRole = idStartingWith(f, 'AWS::IAM::Role', 'WorkersProtectedScreenRole');
    expect(JSON.stringify(keyPolicy)).toContain(screenRole);
  });

  it('runs the protected screen as safeguarding, with the report item read and safeguarding decrypt only: no write, no report key, no secret, no failure queue', () => {
    const f = force();
    const screen = functionId(f, 'ProtectedScreen');
    const role = idStartingWith(f, 'AWS::IAM::Role', 'WorkersProtectedScreenRole');
    const table = logicalIdOf(f.template, 'AWS::DynamoDB::Table');
    const safeguardingKey = idStartingWith(f, 'AWS::KMS::Key', 'KeysSafeguardingKey');
    const statements = statementsOfRole(f.template, role);
    expect(statements.filter((statement) => statement.Sid === 'ReportTableItems')).toEqual([
      { Sid: 'ReportTableItems', Action: 'dynamodb:GetItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [table, 'Arn'] } },
    ]);
    expect(statements).toContainEqual({ Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [safeguardingKey, 'Arn'] } });
    const actions = statements.flatMap((statement) => toArray(statement.Action as string | string[]));
    // Table encryption through DynamoDB only (read: decrypt and describe), never the report key directly.
    expect(actions.filter((action) => !/^logs:/.test(action)).sort()).toEqual(['dynamodb:GetItem', 'kms:Decrypt', 'kms:Decrypt', 'kms:DescribeKey']);
    f.template.hasResourceProperties('AWS::IAM::Role', { Tags: Match.arrayWith([{ Key: 'purpose', Value: 'safeguarding' }]), Description: Match.stringLikeRegexp('protected-screen') });
    expect(environmentOf(f, screen)).not.toHaveProperty('RECEIPT_SECRET_ARN');
    expect(Object.keys(f.template.findResources('AWS::Lambda::EventInvokeConfig', { Properties: { FunctionName: { Ref: screen } } }))).toEqual([]);
    expect(Object.keys(f.template.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith('WorkersProtectedScreen'))).toEqual([]);
  });

  it('passes the force config integrations as the adapters parse them, each worker only its own kind', () => {
    const f = force();
    const parse = (fnId: string) => IntegrationDirectorySchema.parse(JSON.parse(environmentOf(f, fnId).INTEGRATIONS as string));
    const referral = parse(functionId(f, 'ReferralDispatcher'));
    expect(referral.charities.map((charity) => charity.id)).toEqual(f.config.charities.map((charity) => charity.id));
    expect(referral.enforcementIntegrations).toEqual([]);
    const enforcement = parse(functionId(f, 'EnforcementDispatcher'));
    expect(enforcement.charities).toEqual([]);
    expect(enforcement.enforcementIntegrations).toEqual(f.config.enforcementIntegrations);
    // The force's canaries reach every last-line guard: both dispatchers, and the suspect check that screens first.
    expect(referral.canaries).toEqual(f.config.canaries);
    expect(enforcement.canaries).toEqual(f.config.canaries);
    expect(environmentOf(f, functionId(f, 'EnforcementDispatcher')).INTEGRATION_SECRET_PREFIX).toBe(`safe-pathway/${code}/integrations/`);
  });

  it('creates one generated signing secret per integration, readable only by the functions that sign for it', () => {
    const f = force();
    const signers = {
      charity: [idStartingWith(f, 'AWS::IAM::Role', 'WorkersReferralDispatcherRole'), idStartingWith(f, 'AWS::IAM::Role', 'WorkersReferralDispatcherSweepRole')],
      enforcement: [idStartingWith(f, 'AWS::IAM::Role', 'WorkersEnforcementDispatcherRole')],
    };
    const integrations = [
      ...f.config.charities.map((charity) => ({ id: charity.id, signers: signers.charity })),
      ...f.config.enforcementIntegrations.map((integration) => ({ id: integration.id, signers: signers.enforcement })),
    ];
    expect(integrations.length).toBeGreaterThan(0);
    for (const integration of integrations) {
      const secret = logicalIdOf(f.template, 'AWS::SecretsManager::Secret', { Name: `safe-pathway/${code}/integrations/${integration.id}` });
      expect(f.template.findResources('AWS::SecretsManager::Secret')[secret]!.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
      const readers = Object.values(f.template.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes(`{"Ref":"${secret}"}`))
        .flatMap((policy) => (policy.Properties.Roles as { Ref: string }[]).map((role) => role.Ref));
      expect(readers.sort(), integration.id).toEqual([...integration.signers].sort());
    }
  });
});

describe.each(['demoshire', 'exampleshire'])('web form of %s', (code) => {
  const force = () => forces.find((candidate) => candidate.config.code === code)!;

  it('has its own distribution in front of its own API, and the page functions get its site', () => {
    const f = force();
    // Two distributions: the web form's and the call-handler console's, both in front of this force's own API.
    f.template.resourceCountIs('AWS::CloudFront::Distribution', 2);
    const api = logicalIdOf(f.template, 'AWS::ApiGatewayV2::Api');
    const distributions = Object.values(f.template.findResources('AWS::CloudFront::Distribution'));
    expect(distributions.map((distribution) => String(distribution.Properties.DistributionConfig.Comment)).sort()).toEqual([`safe-pathway ${code} call-handler console`, `safe-pathway ${code} web form`]);
    for (const distribution of distributions) expect(JSON.stringify(distribution.Properties.DistributionConfig.Origins)).toContain(`{"Ref":"${api}"}`);
    for (const route of ['WebForm', 'WebFormStep', 'SubmitReport', 'ReportStatus']) {
      const role = idStartingWith(f, 'AWS::IAM::Role', `Functions${route}Role`);
      const [, fn] = Object.entries(f.template.findResources('AWS::Lambda::Function')).find(([, candidate]) => candidate.Properties.Role?.['Fn::GetAtt']?.[0] === role)!;
      expect(JSON.parse(fn.Properties.Environment.Variables.WEB_SITE_CONFIG as string), route).toMatchObject({ forceName: expect.stringContaining(code.replace(/^./, (c) => c.toUpperCase())) });
    }
  });
});
