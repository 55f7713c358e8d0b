/**
 * The enforcement firewall's synth-time reachability check, attacked by
 * mis-wiring: every edge type the graph follows, and chains of them, each
 * makes synthesis fail with the whole path named; the untouched force passes.
 *
 * The real force stacks synthesise without bundling (the check judges wiring,
 * not code); the edge-by-edge mutations run on a small stack of the same
 * keys and table, with inline-code functions, so the file stays cheap.
 */
import { App, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { buildForceApp } from '../../infra/build-app';
import { ForceKeys } from '../../infra/constructs/keys';
import { ReportStore } from '../../infra/constructs/store';
import { addEnforcementFirewall, EnforcementFirewallError } from '../../infra/enforcement-firewall';
import { ForceStack } from '../../infra/force-stack';
import type { Purpose } from '../../schemas/purpose';
import { ROUTES, type RouteSpec } from '../../infra/routes';
import { WORKERS } from '../../infra/workers';
import { EXAMPLE_FORCES, testApp, unbundledApp } from './support/stacks';

const config = EXAMPLE_FORCES.find((force) => force.code === 'exampleshire')!;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function synthError(app: App): EnforcementFirewallError {
  try {
    app.synth();
  } catch (error) {
    if (error instanceof EnforcementFirewallError) return error;
    throw error;
  }
  throw new Error('expected synth to fail');
}

/** A function with inline code and a purpose tag (on it and its role). */
/**
 * Synthesizes the real force with `caller` (at `path` in the stack, of `purpose`) allowed to invoke the
 * protected-section function, and expects the firewall to name that two-hop path to the safeguarding key.
 * Answers the path's start and every violation.
 */
function invokingProtectedSection(caller: (stack: ForceStack) => lambda.IFunction, path: string, purpose: Purpose): { invoke: string; violations: string[] } {
  const app = unbundledApp();
  const stack = new ForceStack(app, 'MisWired', { config });
  caller(stack).addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [stack.functions.byRoute.get('report-protected')!.functionArn] }));
  const invoke =
    `function MisWired/${path} (purpose ${purpose}) → runs as → role MisWired/${path}Role` +
    ` → may invoke (lambda:InvokeFunction in policy MisWired/${path}Role/DefaultPolicy) → function MisWired/Functions/ReportProtected` +
    ' → runs as → role MisWired/Functions/ReportProtectedRole';
  const violations = synthError(app).violations;
  expect(violations).toContainEqual(expect.stringMatching(new RegExp(`^${escape(invoke)} → can decrypt with \\(named in the key policy, SafeguardingPathDecrypt\\d+\\) → safeguarding key MisWired/Keys/SafeguardingKey$`)));
  return { invoke, violations };
}

function purposeFunction(scope: Stack, id: string, purpose: Purpose): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => undefined;'),
  });
  Tags.of(fn).add('purpose', purpose);
  return fn;
}

/**
 * The small force: both data keys, the table (with its stream), the
 * protected-section function (safeguarding decrypt, table read), an
 * enforcement dispatcher, and the firewall check.
 */
function smallForce(options: { oracles?: (parts: { stack: Stack }) => { from: iam.IRole; to: lambda.IFunction }[] } = {}) {
  const app = testApp();
  const stack = new Stack(app, 'Small');
  const keys = new ForceKeys(stack, 'Keys', { forceCode: 'testshire' });
  const store = new ReportStore(stack, 'Store', { encryptionKey: keys.reportKey });
  const protectedSection = purposeFunction(stack, 'ReportProtected', 'safeguarding');
  keys.grantSafeguardingDecrypt(protectedSection.role!);
  store.table.grantReadData(protectedSection);
  const dispatcher = purposeFunction(stack, 'EnforcementDispatcher', 'enforcement');
  addEnforcementFirewall(stack, {
    safeguardingKey: keys.safeguardingKey,
    reportKey: keys.reportKey,
    reportTable: store.table,
    oracles: () => options.oracles?.({ stack }) ?? [],
  });
  return { app, stack, keys, store, protectedSection, dispatcher };
}

const DISPATCHER = 'function Small/EnforcementDispatcher (purpose enforcement)';
const PROTECTED_TO_KEY =
  'function Small/ReportProtected → runs as → role Small/ReportProtected/ServiceRole → can decrypt with (named in the key policy, SafeguardingPathDecrypt1) → safeguarding key Small/Keys/SafeguardingKey';

describe('enforcement firewall: the real force', () => {
  it('passes every example force untouched, with its enforcement integration roles and the suspect check’s declared hand-off', () => {
    const app = unbundledApp();
    const stacks = buildForceApp(app, { configs: EXAMPLE_FORCES });
    expect(() => app.synth()).not.toThrow();
    expect(stacks.flatMap((stack) => [...stack.enforcement.roles.keys()])).toEqual(['crime-recording']);
    expect(stacks.flatMap((stack) => stack.workers.handOffs.map(({ to }) => to.node.path))).toEqual(
      stacks.map((stack) => `${stack.stackName}/Workers/EnforcementDispatcher`),
    );
    // The one declared oracle: the suspect check (investigation) may ask the protected screen, nothing more.
    expect(stacks.flatMap((stack) => stack.workers.oracles.map(({ from, to }) => [from.node.path, to.node.path]))).toEqual(
      stacks.map((stack) => [`${stack.stackName}/Functions/SuspectCheckRole`, `${stack.stackName}/Workers/ProtectedScreen`]),
    );
    // Two whole forces (web assets and cdk-nag included), without function bundling.
  }, 180_000);

  it('fails synth when the enforcement dispatcher may invoke the protected-section function (two hops)', () => {
    const { invoke, violations } = invokingProtectedSection((stack) => stack.workers.functions.get('enforcement-dispatcher')!, 'Workers/EnforcementDispatcher', 'enforcement');
    expect(violations).toContain(`${invoke} → can read (dynamodb:GetItem in policy MisWired/Functions/ReportProtectedRole/DefaultPolicy) → report table MisWired/Store/Table`);
  });

  it('fails synth when an enforcement role may assume an untagged role holding safeguarding-key decrypt and table read', () => {
    const app = unbundledApp();
    const stack = new ForceStack(app, 'MisWired', { config });
    const untagged = new iam.Role(stack, 'Helper', { assumedBy: new iam.ArnPrincipal(stack.enforcement.roles.get('crime-recording')!.roleArn) });
    stack.keys.safeguardingKey.grantDecrypt(untagged);
    stack.store.table.grantReadData(untagged);
    const violations = synthError(app).violations;
    const assume = 'role MisWired/Enforcement/CrimeRecordingRole (purpose enforcement) → may assume (named in its trust policy) → role MisWired/Helper';
    expect(violations).toContain(`${assume} → can decrypt with (kms:Decrypt in policy MisWired/Helper/DefaultPolicy) → safeguarding key MisWired/Keys/SafeguardingKey`);
    expect(violations).toContain(`${assume} → can read (dynamodb:GetItem, dynamodb:BatchGetItem, dynamodb:Query, dynamodb:Scan in policy MisWired/Helper/DefaultPolicy) → report table MisWired/Store/Table`);
  });

  it('fails synth when the suspect check (purpose investigation) is given safeguarding-key decrypt directly, naming both grants', () => {
    const routes = ROUTES.map((route) => (route.name === 'suspect-check' ? { ...route, access: { ...route.access, safeguardingKey: ['kms:Decrypt'] as const } } : route));
    const app = unbundledApp();
    new ForceStack(app, 'MisWired', { config, routes });
    const violations = synthError(app).violations;
    const start = 'function MisWired/Functions/SuspectCheck (purpose investigation) → runs as → role MisWired/Functions/SuspectCheckRole';
    expect(violations).toContainEqual(expect.stringMatching(new RegExp(`^${escape(start)} → can decrypt with \\(named in the key policy, SafeguardingPathDecrypt\\d+\\) → safeguarding key MisWired/Keys/SafeguardingKey$`)));
    expect(violations.every((violation) => violation.includes('(purpose investigation)'))).toBe(true);
  });

  it('fails synth when the suspect check may invoke the protected-section function: only the declared screen is an oracle', () => {
    const { violations } = invokingProtectedSection((stack) => stack.functions.byRoute.get('suspect-check')!, 'Functions/SuspectCheck', 'investigation');
    // Investigation may read the report body: the report key and the table are not its violations.
    expect(violations.filter((violation) => violation.includes('(purpose investigation)') && !violation.endsWith('safeguarding key MisWired/Keys/SafeguardingKey'))).toEqual([]);
  });

  it('fails synth when a worker declared for enforcement asks for the safeguarding key', () => {
    const workers = WORKERS.map((worker) =>
      worker.name === 'enforcement-dispatcher' ? { ...worker, access: { ...worker.access, safeguardingKey: ['kms:Decrypt'] as const } } : worker,
    );
    const misdeclared: RouteSpec = {
      ...ROUTES[0]!,
      name: 'enforcement-export',
      path: '/exports',
      purpose: 'enforcement',
      access: { table: ['dynamodb:Query'], reportKey: [], safeguardingKey: [], receiptSecret: false },
    };
    const app = unbundledApp();
    new ForceStack(app, 'MisWired', { config, workers, routes: [...ROUTES, misdeclared] });
    const messages = synthError(app).violations.join('\n');
    expect(messages).toContain(
      'function MisWired/Workers/EnforcementDispatcher (purpose enforcement) → runs as → role MisWired/Workers/EnforcementDispatcherRole → can decrypt with (named in the key policy',
    );
    expect(messages).toContain('function MisWired/Functions/EnforcementExport (purpose enforcement) → runs as → role MisWired/Functions/EnforcementExportRole → can read (dynamodb:Query');
  });
});

describe('enforcement firewall: every edge the graph follows', () => {
  it('passes the small force untouched', () => {
    const { app } = smallForce();
    expect(() => app.synth()).not.toThrow();
  });

  it('IAM decrypt: an enforcement function granted kms:Decrypt on the safeguarding key', () => {
    const { app, keys, dispatcher } = smallForce();
    keys.safeguardingKey.grantDecrypt(dispatcher);
    expect(synthError(app).violations).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → can decrypt with (kms:Decrypt in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → safeguarding key Small/Keys/SafeguardingKey`,
    );
  });

  it('IAM wildcard: kms:* on * reaches both keys', () => {
    const { app, dispatcher } = smallForce();
    dispatcher.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:*'], resources: ['*'] }));
    const violations = synthError(app).violations.join('\n');
    expect(violations).toContain('can decrypt with (kms:Decrypt, kms:ReEncryptFrom, kms:ReEncryptTo, kms:CreateGrant, kms:PutKeyPolicy in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → safeguarding key');
    expect(violations).toContain('→ report key Small/Keys/ReportKey');
  });

  it('key policy: a statement naming the enforcement role', () => {
    const { app, keys, dispatcher } = smallForce();
    keys.grantSafeguardingDecrypt(dispatcher.role!);
    expect(synthError(app).violations).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → can decrypt with (named in the key policy, SafeguardingPathDecrypt2) → safeguarding key Small/Keys/SafeguardingKey`,
    );
  });

  it('ReEncrypt and CreateGrant on the report key', () => {
    const { app, keys, dispatcher } = smallForce();
    keys.reportKey.grant(dispatcher, 'kms:ReEncryptFrom', 'kms:CreateGrant');
    expect(synthError(app).violations).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → can decrypt with (kms:ReEncryptFrom, kms:CreateGrant in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → report key Small/Keys/ReportKey`,
    );
  });

  it('table read', () => {
    const { app, store, dispatcher } = smallForce();
    store.table.grantReadData(dispatcher);
    expect(synthError(app).violations.join('\n')).toContain(`${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → can read (dynamodb:`);
  });

  it('stream read, by an event source mapping on the table’s stream', () => {
    const { app, store, dispatcher } = smallForce();
    dispatcher.addEventSource(new DynamoEventSource(store.table, { startingPosition: lambda.StartingPosition.TRIM_HORIZON }));
    const violations = synthError(app).violations;
    expect(violations).toContain(`${DISPATCHER} → is fed by (event source mapping) → report table Small/Store/Table`);
  });

  it('secret: reading a secret sealed under the report key', () => {
    const { app, stack, keys, dispatcher } = smallForce();
    const secret = new secretsmanager.Secret(stack, 'ReceiptSecret', { encryptionKey: keys.reportKey });
    // The secret alone: no grant on the key itself (Secrets Manager decrypts with it for the reader).
    dispatcher.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    expect(synthError(app).violations.join('\n')).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → can read (secretsmanager:GetSecretValue in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → secret Small/ReceiptSecret → is sealed under → report key Small/Keys/ReportKey`,
    );
  });

  it('lambda:InvokeFunction on the protected-section function', () => {
    const { app, protectedSection, dispatcher } = smallForce();
    protectedSection.grantInvoke(dispatcher);
    expect(synthError(app).violations).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → may invoke (lambda:InvokeFunction in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → ${PROTECTED_TO_KEY}`,
    );
  });

  it('invocation payload: a protected function that may invoke the enforcement dispatcher, with no declared hand-off', () => {
    const { app, protectedSection, dispatcher } = smallForce();
    dispatcher.grantInvoke(protectedSection);
    expect(synthError(app).violations).toContain(
      `${DISPATCHER} → is invoked with a payload by (lambda:InvokeFunction in policy Small/ReportProtected/ServiceRole/DefaultPolicy) → role Small/ReportProtected/ServiceRole → can decrypt with (named in the key policy, SafeguardingPathDecrypt1) → safeguarding key Small/Keys/SafeguardingKey`,
    );
  });

  it('sts:AssumeRole through IAM on an untagged role holding safeguarding-key decrypt', () => {
    const { app, stack, keys, dispatcher } = smallForce();
    const untagged = new iam.Role(stack, 'Untagged', { assumedBy: new iam.AccountRootPrincipal() });
    keys.grantSafeguardingDecrypt(untagged);
    untagged.grantAssumeRole(dispatcher.role!);
    expect(synthError(app).violations).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → may act as (sts:AssumeRole in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → role Small/Untagged → can decrypt with (named in the key policy, SafeguardingPathDecrypt2) → safeguarding key Small/Keys/SafeguardingKey`,
    );
  });

  it('iam:PassRole of the protected-section function’s role', () => {
    const { app, protectedSection, dispatcher } = smallForce();
    protectedSection.role!.grantPassRole(dispatcher.role!);
    expect(synthError(app).violations).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → may act as (iam:PassRole in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → role Small/ReportProtected/ServiceRole → can decrypt with (named in the key policy, SafeguardingPathDecrypt1) → safeguarding key Small/Keys/SafeguardingKey`,
    );
  });

  it('queue: the enforcement dispatcher consumes the queue the protected function’s failures land in', () => {
    const { app, stack, protectedSection, dispatcher } = smallForce();
    const failures = new sqs.Queue(stack, 'Failures', { enforceSSL: true });
    protectedSection.configureAsyncInvoke({ onFailure: new destinations.SqsDestination(failures), retryAttempts: 0, maxEventAge: Duration.hours(1) });
    dispatcher.addEventSource(new SqsEventSource(failures));
    expect(synthError(app).violations.join('\n')).toContain(
      `${DISPATCHER} → is fed by (event source mapping) → queue Small/Failures → carries what is sent by (may send to (sqs:SendMessage in policy Small/ReportProtected/ServiceRole/DefaultPolicy)) → role Small/ReportProtected/ServiceRole → can decrypt with (named in the key policy, SafeguardingPathDecrypt1) → safeguarding key Small/Keys/SafeguardingKey`,
    );
  });

  it('topic: the enforcement dispatcher subscribed to a topic the protected function publishes to', () => {
    const { app, stack, protectedSection, dispatcher } = smallForce();
    const topic = new sns.Topic(stack, 'Outcomes', { enforceSSL: true });
    topic.grantPublish(protectedSection);
    topic.addSubscription(new subscriptions.LambdaSubscription(dispatcher));
    expect(synthError(app).violations.join('\n')).toContain(
      `${DISPATCHER} → subscribed to → topic Small/Outcomes → carries what is sent by (may publish to (sns:Publish in policy Small/ReportProtected/ServiceRole/DefaultPolicy)) → role Small/ReportProtected/ServiceRole → can decrypt with`,
    );
  });

  it('event target: an enforcement role that may put events on the bus a rule routes to the protected function', () => {
    const { app, stack, protectedSection, dispatcher } = smallForce();
    new events.Rule(stack, 'OnExport', { eventPattern: { source: ['safe-pathway.exports'] }, targets: [new targets.LambdaFunction(protectedSection, { retryAttempts: 0 })] });
    events.EventBus.grantAllPutEvents(dispatcher);
    expect(synthError(app).violations.join('\n')).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → may put events on (events:PutEvents in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → the default event bus → matches events in → rule Small/OnExport → targets → ${PROTECTED_TO_KEY}`,
    );
  });

  it('a chain: enforcement may invoke an untagged relay function that may invoke the protected-section function', () => {
    const { app, stack, protectedSection, dispatcher } = smallForce();
    const relay = new lambda.Function(stack, 'Relay', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('export const handler = async () => undefined;'),
    });
    relay.grantInvoke(dispatcher);
    protectedSection.grantInvoke(relay);
    expect(synthError(app).violations).toContain(
      `${DISPATCHER} → runs as → role Small/EnforcementDispatcher/ServiceRole → may invoke (lambda:InvokeFunction in policy Small/EnforcementDispatcher/ServiceRole/DefaultPolicy) → function Small/Relay → runs as → role Small/Relay/ServiceRole → may invoke (lambda:InvokeFunction in policy Small/Relay/ServiceRole/DefaultPolicy) → ${PROTECTED_TO_KEY}`,
    );
  });

  it('an AWS managed policy whose rights synth cannot see', () => {
    const { app, dispatcher } = smallForce();
    dispatcher.role!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonDynamoDBReadOnlyAccess'));
    expect(synthError(app).violations.join('\n')).toContain('→ carries → AWS managed policy');
  });

  it('oracle: an investigation function may invoke a declared answer-only screen, and only invoke it', () => {
    const screenOf = (stack: Stack) => stack.node.findChild('Screen') as lambda.Function;
    const investigationOf = (stack: Stack) => stack.node.findChild('Investigation') as lambda.Function;
    const wire = (grant: (screen: lambda.Function, investigation: lambda.Function) => void, declared: boolean) => {
      const force = smallForce({ oracles: ({ stack }) => (declared ? [{ from: investigationOf(stack).role!, to: screenOf(stack) }] : []) });
      const screen = purposeFunction(force.stack, 'Screen', 'safeguarding');
      force.keys.grantSafeguardingDecrypt(screen.role!);
      const investigation = purposeFunction(force.stack, 'Investigation', 'investigation');
      grant(screen, investigation);
      return force.app;
    };
    const INVESTIGATION = 'function Small/Investigation (purpose investigation) → runs as → role Small/Investigation/ServiceRole';
    const invoke = (screen: lambda.Function, investigation: lambda.Function) => screen.grantInvoke(investigation);
    // Declared: the answer is all it gets.
    expect(() => wire(invoke, true).synth()).not.toThrow();
    // Undeclared, the same invoke reaches the key through the screen.
    expect(synthError(wire(invoke, false)).violations).toContain(
      `${INVESTIGATION} → may invoke (lambda:InvokeFunction in policy Small/Investigation/ServiceRole/DefaultPolicy) → function Small/Screen → runs as → role Small/Screen/ServiceRole → can decrypt with (named in the key policy, SafeguardingPathDecrypt2) → safeguarding key Small/Keys/SafeguardingKey`,
    );
    // Declared, but it may also change the screen's code: that is not an answer.
    const rewrite = (screen: lambda.Function, investigation: lambda.Function) => {
      screen.grantInvoke(investigation);
      investigation.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:UpdateFunctionCode'], resources: [screen.functionArn] }));
    };
    expect(synthError(wire(rewrite, true)).violations).toContain(
      `${INVESTIGATION} → may invoke (lambda:UpdateFunctionCode in policy Small/Investigation/ServiceRole/DefaultPolicy) → function Small/Screen → runs as → role Small/Screen/ServiceRole → can decrypt with (named in the key policy, SafeguardingPathDecrypt2) → safeguarding key Small/Keys/SafeguardingKey`,
    );
    // Direct decrypt is a path whatever is declared.
    const direct = (screen: lambda.Function, investigation: lambda.Function) => {
      screen.grantInvoke(investigation);
      investigation.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['*'] }));
    };
    expect(synthError(wire(direct, true)).violations).toContain(
      `${INVESTIGATION} → can decrypt with (kms:Decrypt in policy Small/Investigation/ServiceRole/DefaultPolicy) → safeguarding key Small/Keys/SafeguardingKey`,
    );
  });

  it('lets an investigation function read the report key and the table (the flow table forbids it the protected class only)', () => {
    const { app, stack, keys, store } = smallForce();
    const investigation = purposeFunction(stack, 'Investigation', 'investigation');
    keys.reportKey.grantDecrypt(investigation);
    store.table.grantReadData(investigation);
    expect(() => app.synth()).not.toThrow();
  });

  it('lets a safeguarding-purpose role decrypt with the safeguarding key', () => {
    const { app, stack, keys } = smallForce();
    const reader = new iam.Role(stack, 'SafeguardingReader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    Tags.of(reader).add('purpose', 'safeguarding');
    keys.grantSafeguardingDecrypt(reader);
    expect(() => app.synth()).not.toThrow();
  });
});
