import type { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { readIntegrationDirectory } from '../../functions/adapters/integrations';
import { reportRetentionDays } from '../../infra/force-config';
import { ROUTES } from '../../infra/routes';
import { WORKERS } from '../../infra/workers';
import { pascalCase } from '../../infra/constructs/functions';
import { type SynthesisedForce, logicalIdOf, statementsOfRole, synthesiseExampleForces, toArray } from './support/stacks';

let app: App;
let forces: SynthesisedForce[];

beforeAll(() => {
  ({ app, forces } = synthesiseExampleForces());
});

/** Logical id of a construct-created resource found by the start of its logical id. */
function idStartingWith(force: SynthesisedForce, type: string, prefix: string): string {
  const ids = Object.keys(force.template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, got ${ids.join(', ')}`);
  return ids[0]!;
}

describe.each(['demoshire', 'exampleshire'])('ForceStack %s', (code) => {
  const force = () => forces.find((candidate) => candidate.config.code === code)!;

  it('has its own keys, table, user pool, API, functions and alarms', () => {
    const { template } = force();
    template.resourceCountIs('AWS::KMS::Key', 3);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    // Route functions and worker functions carry a purpose tag; the CDK asset-deployment handlers do not.
    const purposed = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
      (fn.Properties.Tags as { Key: string }[] | undefined)?.some((tag) => tag.Key === 'purpose'),
    );
    const workerFunctions = WORKERS.flatMap((worker) => worker.triggers).length;
    expect(purposed).toHaveLength(ROUTES.length + workerFunctions);
    // Errors and throttles of each function, plus one alarm per worker failure queue (schedule-only workers and the oracle have none).
    const failureQueues = WORKERS.filter((worker) => worker.triggers.some((trigger) => trigger.source !== 'schedule' && trigger.source !== 'oracle-invoke')).length;
    expect(purposed.filter((fn) => (fn.Properties.Tags as { Key: string; Value: string }[]).some((tag) => tag.Key === 'purpose' && tag.Value === 'safeguarding'))).toContainEqual(
      expect.objectContaining({ Properties: expect.objectContaining({ Description: expect.stringContaining('protected-screen') }) }),
    );
    template.resourceCountIs('AWS::CloudWatch::Alarm', (ROUTES.length + workerFunctions) * 2 + failureQueues);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: force().config.alarmEmail });
  });

  it('runs every handler on nodejs24.x arm64 with the Powertools and force environment', () => {
    const { template, config } = force();
    for (const route of ROUTES) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON', LogGroup: Match.anyValue() },
        Environment: {
          Variables: Match.objectLike({
            KEY_SOURCE: 'kms',
            FORCE_ID: config.code,
            RETENTION_DAYS_REPORT: String(reportRetentionDays(config)),
            POWERTOOLS_SERVICE_NAME: route.name,
            POWERTOOLS_LOG_LEVEL: config.logLevel,
            POWERTOOLS_METRICS_NAMESPACE: 'SafePathway',
            REPORT_KEY_ARN: { 'Fn::GetAtt': [idStartingWith(force(), 'AWS::KMS::Key', 'KeysReportKey'), 'Arn'] },
            SAFEGUARDING_KEY_ARN: { 'Fn::GetAtt': [idStartingWith(force(), 'AWS::KMS::Key', 'KeysSafeguardingKey'), 'Arn'] },
            TABLE_NAME: { Ref: logicalIdOf(template, 'AWS::DynamoDB::Table') },
          }),
        },
        Tags: Match.arrayWith([{ Key: 'purpose', Value: route.purpose }]),
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('tells only the functions granted the receipt secret where it is', () => {
    const { template } = force();
    const secret = { Ref: idStartingWith(force(), 'AWS::SecretsManager::Secret', 'KeysReceiptSecret') };
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const services = [...ROUTES.map((route) => ({ name: route.name, reads: route.access.receiptSecret })), ...WORKERS.map((worker) => ({ name: worker.name, reads: worker.access.receiptSecret }))];
    // The intake, the status look-up and the victim's receipt-channel routes (infra/channel-routes.ts) hash receipts.
    expect(services.filter((service) => service.reads).map((service) => service.name).sort()).toEqual([
      'consent-change',
      'receipt-rotation',
      'report-pause',
      'report-status',
      'report-thread',
      'safe-contact-change',
      'submit-report',
      'thread-reply',
    ]);
    for (const service of services) {
      const variables = functions
        .map((fn) => fn.Properties.Environment?.Variables as Record<string, unknown> | undefined)
        .filter((vars) => vars?.POWERTOOLS_SERVICE_NAME === service.name || String(vars?.POWERTOOLS_SERVICE_NAME).startsWith(`${service.name}-`));
      expect(variables.length, service.name).toBeGreaterThan(0);
      for (const vars of variables) expect(vars?.RECEIPT_SECRET_ARN, service.name).toEqual(service.reads ? secret : undefined);
    }
  });

  it('gives the intake and the victim’s consent change the force’s charity directory, so consented referrals are made in AWS as they are locally', () => {
    const { template, config } = force();
    const withDirectory = Object.values(template.findResources('AWS::Lambda::Function'))
      .map((fn) => fn.Properties.Environment?.Variables as Record<string, unknown> | undefined)
      .filter((vars) => typeof vars?.INTEGRATIONS === 'string' && ROUTES.some((route) => route.name === vars.POWERTOOLS_SERVICE_NAME));
    const routeVars = withDirectory.find((vars) => vars?.POWERTOOLS_SERVICE_NAME === 'submit-report');
    expect(routeVars, 'submit-report').toBeDefined();
    // Parsed by the functions' own reader: what the intake will match referrals against.
    const directory = readIntegrationDirectory({ INTEGRATIONS: routeVars!.INTEGRATIONS as string });
    expect(directory.charities).toEqual(config.charities);
    expect(directory.enforcementIntegrations).toEqual([]);
    // The victim's consent change refers a consent given later exactly as the intake would: the same charities.
    const consentChange = withDirectory.find((vars) => vars?.POWERTOOLS_SERVICE_NAME === 'consent-change');
    expect(consentChange?.INTEGRATIONS, 'consent-change').toBe(routeVars!.INTEGRATIONS);
    // Besides those two, only the suspect check is told a directory: the enforcement integrations it may name.
    expect(withDirectory.map((vars) => vars?.POWERTOOLS_SERVICE_NAME).sort()).toEqual(['consent-change', 'submit-report', 'suspect-check']);
    const suspectCheck = withDirectory.find((vars) => vars?.POWERTOOLS_SERVICE_NAME === 'suspect-check');
    expect(readIntegrationDirectory({ INTEGRATIONS: suspectCheck!.INTEGRATIONS as string }).charities).toEqual([]);
  });

  it('tells every staff function which issuer and app client to trust, and public functions none', () => {
    const { template } = force();
    const userPool = logicalIdOf(template, 'AWS::Cognito::UserPool');
    const client = logicalIdOf(template, 'AWS::Cognito::UserPoolClient');
    for (const route of ROUTES) {
      const variables = Object.values(template.findResources('AWS::Lambda::Function'))
        .map((fn) => fn.Properties.Environment?.Variables as Record<string, unknown> | undefined)
        .filter((vars) => vars?.POWERTOOLS_SERVICE_NAME === route.name);
      expect(variables, route.name).toHaveLength(1);
      if (route.auth === 'public') {
        expect(variables[0]?.TOKEN_ISSUER, route.name).toBeUndefined();
      } else {
        expect(JSON.stringify(variables[0]?.TOKEN_ISSUER), route.name).toContain(userPool);
        expect(variables[0]?.TOKEN_AUDIENCE, route.name).toEqual({ Ref: client });
      }
    }
  });

  it('bundles each handler locally into minified ESM chunks, with its source maps beside the app and none on the import path', () => {
    const { template } = force();
    // Our handlers carry a purpose tag; the CDK asset-deployment handlers are aws-cdk-lib's own code.
    const handlers = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
      (fn.Properties.Tags as { Key: string }[] | undefined)?.some((tag) => tag.Key === 'purpose'),
    );
    expect(handlers.length).toBeGreaterThan(ROUTES.length);
    for (const fn of handlers) {
      expect(fn.Properties.Handler).toMatch(/^index\.\w+$/);
      // Parsing source maps at import cost 13–14 % of a cold start: no function turns it on.
      expect(String(fn.Properties.Environment?.Variables?.NODE_OPTIONS ?? '')).not.toContain('source-maps');
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      const dir = join(app.outdir, `asset.${hash}`);
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.mjs') || file.endsWith('.map'));
      expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
      let lines = 0;
      let length = 0;
      for (const file of files) {
        const code = readFileSync(join(dir, file), 'utf8');
        expect(code.startsWith("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);")).toBe(true);
        expect(code).not.toContain('sourceMappingURL');
        lines += code.split('\n').length;
        length += code.length;
      }
      // Minified: few, long lines (template literals of the form's pages keep their own line breaks).
      expect(lines).toBeLessThan(length / 500);
      expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toMatch(/export\s*\{[^}]*as handler/);
    }
    // The maps are kept with the synthesised app, named from the repository root, for `npm run stack-trace`.
    const mapDir = join(app.outdir, 'sourcemaps', 'functions', 'submit-report', 'handler');
    const map = JSON.parse(readFileSync(join(mapDir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('functions/submit-report/handler.ts');
  });

  it('grants each function exactly the statements its route declares', () => {
    const f = force();
    const table = logicalIdOf(f.template, 'AWS::DynamoDB::Table');
    const reportKey = idStartingWith(f, 'AWS::KMS::Key', 'KeysReportKey');
    const safeguardingKey = idStartingWith(f, 'AWS::KMS::Key', 'KeysSafeguardingKey');
    const secret = idStartingWith(f, 'AWS::SecretsManager::Secret', 'KeysReceiptSecret');
    // A force pinned to a region gets a literal service name; an environment-agnostic one a pseudo-parameter.
    const dynamoDbService = f.config.region
      ? `dynamodb.${f.config.region}.amazonaws.com`
      : { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] };
    const viaDynamoDb = { StringEquals: { 'kms:ViaService': dynamoDbService } };
    const expected: Record<string, unknown[]> = {
      'submit-report': [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Logs::LogGroup', 'FunctionsSubmitReportLogs'), 'Arn'] } },
        { Sid: 'ReportTableItems', Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [table, 'Arn'] } },
        { Sid: 'TableEncryptionViaDynamoDb', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Condition: viaDynamoDb, Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
        { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
        { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [safeguardingKey, 'Arn'] } },
        { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: secret } },
      ],
      'report-status': [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Logs::LogGroup', 'FunctionsReportStatusLogs'), 'Arn'] } },
        { Sid: 'ReportTableItems', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [table, 'Arn'] } },
        { Sid: 'TableEncryptionViaDynamoDb', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Condition: viaDynamoDb, Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
        { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: secret } },
      ],
      // The firewall's routes (infra/firewall-routes.ts).
      'suspect-check': [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Logs::LogGroup', 'FunctionsSuspectCheckLogs'), 'Arn'] } },
        { Sid: 'ReportTableItems', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [table, 'Arn'] } },
        { Sid: 'TableEncryptionViaDynamoDb', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Condition: viaDynamoDb, Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
        // GenerateDataKey: the disclosure record seals the officer's words and the recipient's id.
        { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
        // No safeguarding key: the protected class is screened by the protected screen, which it may only invoke.
        // Hands the screened payload to the enforcement dispatcher (infra/constructs/workers.ts), and only to it.
        { Sid: 'InvokeEnforcementDispatcher', Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Lambda::Function', 'WorkersEnforcementDispatcher'), 'Arn'] } },
        { Sid: 'InvokeProtectedScreen', Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Lambda::Function', 'WorkersProtectedScreen'), 'Arn'] } },
      ],
      'referral-dead-letters': [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Logs::LogGroup', 'FunctionsReferralDeadLettersLogs'), 'Arn'] } },
        // PutItem: refusals are audited (functions/middleware/authorise.ts).
        { Sid: 'ReportTableItems', Action: ['dynamodb:Query', 'dynamodb:PutItem'], Effect: 'Allow', Resource: [{ 'Fn::GetAtt': [table, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, '/index/GSI1']] }] },
        { Sid: 'TableEncryptionViaDynamoDb', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Condition: viaDynamoDb, Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
        { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
      ],
      transparency: [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Logs::LogGroup', 'FunctionsTransparencyLogs'), 'Arn'] } },
        { Sid: 'ReportTableItems', Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'], Effect: 'Allow', Resource: [{ 'Fn::GetAtt': [table, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, '/index/GSI1']] }] },
        { Sid: 'TableEncryptionViaDynamoDb', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Condition: viaDynamoDb, Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
        { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [safeguardingKey, 'Arn'] } },
      ],
      // The web form only renders pages: its functions may write their own logs and nothing else.
      'web-form': [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Logs::LogGroup', 'FunctionsWebFormLogs'), 'Arn'] } },
      ],
      'web-form-step': [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Logs::LogGroup', 'FunctionsWebFormStepLogs'), 'Arn'] } },
      ],
    };
    // Staff routes: every one may put an audit record; only report-protected and audit-trail may decrypt with the safeguarding key.
    const tableArn = { 'Fn::GetAtt': [table, 'Arn'] };
    const logsOf = (name: string) => ({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [idStartingWith(f, 'AWS::Logs::LogGroup', `Functions${pascalCase(name)}Logs`), 'Arn'] },
    });
    const items = (actions: string[]) => ({
      Sid: 'ReportTableItems',
      Action: actions,
      Effect: 'Allow',
      Resource: actions.includes('dynamodb:Query') ? [tableArn, { 'Fn::Join': ['', [tableArn, '/index/GSI1']] }] : tableArn,
    });
    const tableEncryption = { Sid: 'TableEncryptionViaDynamoDb', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Condition: viaDynamoDb, Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } };
    const decryptWith = (key: string) => ({ Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [key, 'Arn'] } });
    const staff = (name: string, actions: string[], ...keys: object[]) => [logsOf(name), items(actions), tableEncryption, ...keys];
    Object.assign(expected, {
      // Opens each listed entry's sealed support-needs hint (issues 16, 17) with the report key.
      'queue-list': staff('queue-list', ['dynamodb:Query', 'dynamodb:PutItem'], decryptWith(reportKey)),
      'queue-claim': staff('queue-claim', ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], decryptWith(reportKey)),
      'report-read': staff('report-read', ['dynamodb:GetItem', 'dynamodb:PutItem'], decryptWith(reportKey)),
      // Seals the reader's reason under the safeguarding key it opens the section with.
      'report-protected': staff('report-protected', ['dynamodb:GetItem', 'dynamodb:PutItem'], { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [safeguardingKey, 'Arn'] } }, decryptWith(safeguardingKey)),
      'contact-attempt': staff('contact-attempt', ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], decryptWith(reportKey)),
      'report-outcome': staff('report-outcome', ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem']),
      'report-lease': staff('report-lease', ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem']),
      'report-reassign': staff('report-reassign', ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem']),
      // Opens the sealed staff text and recipient ids for supervisors.
      'audit-trail': staff('audit-trail', ['dynamodb:Query', 'dynamodb:PutItem'], decryptWith(reportKey), decryptWith(safeguardingKey)),
      // Ids and states only: no key.
      'referral-redrive': staff('referral-redrive', ['dynamodb:UpdateItem', 'dynamodb:PutItem']),
      // Opens the referrals' sealed targets and the body, and re-seals the body with the consent flags cleared, with the
      // report key; never the safeguarding key.
      'consent-withdrawal': staff('consent-withdrawal', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } }),
      // moves a removal date; nothing is decrypted, so no key.
      'report-retention': staff('report-retention', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem']),
      // The receipt channel's staff routes (infra/channel-routes.ts): staff write and read the thread under the report key.
      'message-post': staff('message-post', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'], { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } }),
      'message-list': staff('message-list', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], decryptWith(reportKey)),
    });
    // The victim's routes: the receipt secret, the report key both ways, never the safeguarding key.
    const victimTable = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'];
    const victimRoute = (name: string, actions = victimTable) => [
      logsOf(name),
      items(actions),
      tableEncryption,
      { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [reportKey, 'Arn'] } },
      { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: secret } },
    ];
    for (const name of ['report-thread', 'thread-reply', 'report-pause', 'safe-contact-change', 'consent-change']) expected[name] = victimRoute(name);
    expected['receipt-rotation'] = victimRoute('receipt-rotation', [...victimTable, 'dynamodb:DeleteItem']);
    expect(Object.keys(expected).sort()).toEqual(ROUTES.map((route) => route.name).sort());
    for (const route of ROUTES) {
      const role = idStartingWith(f, 'AWS::IAM::Role', `Functions${pascalCase(route.name)}Role`);
      expect(statementsOfRole(f.template, role), route.name).toEqual(expected[route.name]);
    }
  });

  it('uses no wildcard action or resource on data (DynamoDB, KMS, Secrets Manager) in any IAM policy', () => {
    for (const [id, policy] of Object.entries(force().template.findResources('AWS::IAM::Policy'))) {
      // The CDK asset-deployment handler copies the public web-form assets: S3 and CloudFront only, never data.
      if (id.startsWith('CustomCDKBucketDeployment')) {
        const actions = (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((statement) => toArray(statement.Action));
        expect(actions.filter((action) => !/^(s3|cloudfront):/.test(action)), id).toEqual([]);
        continue;
      }
      for (const statement of policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
        const actions = toArray(statement.Action);
        for (const action of actions) expect(action).not.toContain('*');
        // The one exception: ListStreams has no resource-level permission, and Lambda requires it of a stream consumer.
        if (actions.length === 1 && actions[0] === 'dynamodb:ListStreams') {
          expect([id, statement.Resource]).toEqual([expect.stringMatching(/^WorkersReferralDispatcherRole/), '*']);
          continue;
        }
        if (actions.some((action) => /^(dynamodb|kms|secretsmanager):/.test(action))) {
          expect(JSON.stringify(statement.Resource)).not.toContain('*');
        }
      }
    }
  });

  it('has the explicit enforcement deny on the safeguarding key and the configured CORS origins and throttles', () => {
    const { template, config } = force();
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('protected-immigration'),
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: Match.arrayWith(['kms:Decrypt']),
            Principal: { AWS: '*' },
            Condition: { StringEquals: { 'aws:PrincipalTag/purpose': 'enforcement' } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: config.allowedOrigins }) });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: Object.fromEntries(ROUTES.map((route) => [`${route.method} ${route.path}`, { ThrottlingRateLimit: route.rateLimit, ThrottlingBurstLimit: route.burstLimit }])),
    });
  });

  it('declares one enforcement role per integration, tagged enforcement and granted nothing', () => {
    const { template, config } = force();
    for (const integration of config.enforcementIntegrations) {
      const role = idStartingWith(force(), 'AWS::IAM::Role', `Enforcement${pascalCase(integration.id)}Role`);
      template.hasResourceProperties('AWS::IAM::Role', { Tags: Match.arrayWith([{ Key: 'purpose', Value: 'enforcement' }]) });
      expect(statementsOfRole(template, role)).toEqual([]);
    }
  });

  it('passes cdk-nag AwsSolutions checks with zero unacknowledged findings, each acknowledgement with a reason', () => {
    const report = new AwsSolutionsChecks().validateScope(force().stack);
    expect(report.violations.map((violation) => `${violation.ruleName} ${violation.violatingResources.map((r) => r.constructPath).join(',')}`)).toEqual([]);
    expect(report.success).toBe(true);
    const acknowledgements = force()
      .stack.node.findAll()
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((entry) => Object.values(entry.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const reason of acknowledgements) expect(String(reason).length).toBeGreaterThan(40);
  });
});

describe('force isolation', () => {
  it('two forces share no key, table, user pool or API, and import nothing from each other', () => {
    const [a, b] = forces;
    for (const force of [a!, b!]) {
      const json = JSON.stringify(force.template.toJSON());
      expect(json).not.toContain('Fn::ImportValue');
      const other = force === a ? b! : a!;
      expect(json).not.toContain(other.stack.stackName);
      expect(json).not.toContain(`/${other.config.code}/`);
    }
    const named = (type: string, property: string) =>
      forces.map((force) => Object.values(force.template.findResources(type)).map((resource) => resource.Properties[property]));
    for (const [type, property] of [
      ['AWS::KMS::Alias', 'AliasName'],
      ['AWS::Cognito::UserPool', 'UserPoolName'],
      ['AWS::ApiGatewayV2::Api', 'Name'],
    ] as const) {
      const [first, second] = named(type, property);
      expect(first!.length, type).toBeGreaterThan(0);
      expect(first!.filter((name) => second!.includes(name)), type).toEqual([]);
    }
  });
});
