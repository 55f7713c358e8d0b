import { Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildForceApp } from '../../infra/build-app';
import { EnforcementFirewallError } from '../../infra/enforcement-firewall';
import { ForceStack } from '../../infra/force-stack';
import { ROUTES, type RouteSpec } from '../../infra/routes';
import { WORKERS } from '../../infra/workers';
import { EXAMPLE_FORCES, testApp } from './support/stacks';

const config = EXAMPLE_FORCES.find((force) => force.code === 'exampleshire')!;

/** An enforcement function; inline code, because the firewall judges wiring, not bundles. */
function enforcementFunction(stack: ForceStack, id: string): lambda.Function {
  const fn = new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => undefined;'),
  });
  Tags.of(fn).add('purpose', 'enforcement');
  return fn;
}

function synthError(app: ReturnType<typeof testApp>): EnforcementFirewallError {
  try {
    app.synth();
  } catch (error) {
    if (error instanceof EnforcementFirewallError) return error;
    throw error;
  }
  throw new Error('expected synth to fail');
}

describe('enforcement firewall', () => {
  it('passes the real app (every example force, with its enforcement integration roles)', () => {
    const app = testApp();
    const stacks = buildForceApp(app, { configs: EXAMPLE_FORCES });
    expect(() => app.synth()).not.toThrow();
    expect(stacks.flatMap((stack) => [...stack.enforcement.roles.keys()])).toEqual(['crime-recording']);
  });

  it('fails synth naming the function and the key when an enforcement function is granted the safeguarding key', () => {
    const app = testApp();
    const stack = new ForceStack(app, 'MisWired', { config });
    const exporter = enforcementFunction(stack, 'CrimeExporter');
    stack.keys.safeguardingKey.grantDecrypt(exporter);
    const error = synthError(app);
    expect(error.message).toContain('function MisWired/CrimeExporter (purpose enforcement) can decrypt with the safeguarding key MisWired/Keys/SafeguardingKey');
  });

  it('fails synth when an enforcement role can read the report table', () => {
    const app = testApp();
    const stack = new ForceStack(app, 'MisWired', { config });
    stack.store.table.grantReadData(stack.enforcement.roles.get('crime-recording')!);
    const error = synthError(app);
    expect(error.violations).toEqual(
      expect.arrayContaining([expect.stringContaining('role MisWired/Enforcement/CrimeRecordingRole (purpose enforcement) can read the report table MisWired/Store/Table')]),
    );
  });

  it('fails synth when the key policy of the safeguarding key names an enforcement principal', () => {
    const app = testApp();
    const stack = new ForceStack(app, 'MisWired', { config });
    stack.keys.grantSafeguardingDecrypt(enforcementFunction(stack, 'ViaKeyPolicy').role!);
    expect(synthError(app).violations).toContain(
      'function MisWired/ViaKeyPolicy (purpose enforcement) is granted decrypt by the key policy of the safeguarding key MisWired/Keys/SafeguardingKey',
    );
  });

  it('fails synth when a wildcard grant reaches the safeguarding key', () => {
    const app = testApp();
    const stack = new ForceStack(app, 'MisWired', { config });
    enforcementFunction(stack, 'ViaWildcard').addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:*'], resources: ['*'] }));
    expect(synthError(app).violations.join('\n')).toContain(
      'function MisWired/ViaWildcard (purpose enforcement) can decrypt with the safeguarding key MisWired/Keys/SafeguardingKey',
    );
  });

  it('fails synth when a route declared for enforcement asks for the safeguarding key', () => {
    const misdeclared: RouteSpec = {
      ...ROUTES[0]!,
      name: 'enforcement-export',
      path: '/exports',
      purpose: 'enforcement',
      access: { table: [], reportKey: [], safeguardingKey: ['kms:Decrypt'], receiptSecret: false },
    };
    const app = testApp();
    new ForceStack(app, 'MisWired', { config, routes: [...ROUTES, misdeclared] });
    const messages = synthError(app).violations.join('\n');
    expect(messages).toContain('function MisWired/Functions/EnforcementExport (purpose enforcement) can decrypt with the safeguarding key MisWired/Keys/SafeguardingKey');
  });

  it('fails synth naming the function and the key when an enforcement worker is granted the safeguarding key', () => {
    const workers = WORKERS.map((worker) =>
      worker.name === 'enforcement-dispatcher' ? { ...worker, access: { ...worker.access, safeguardingKey: ['kms:Decrypt'] as const } } : worker,
    );
    const app = testApp();
    new ForceStack(app, 'MisWired', { config, workers });
    const messages = synthError(app).violations.join('\n');
    expect(messages).toContain('function MisWired/Workers/EnforcementDispatcher (purpose enforcement) can decrypt with the safeguarding key MisWired/Keys/SafeguardingKey');
  });

  it('lets a safeguarding-purpose role decrypt with the safeguarding key', () => {
    const app = testApp();
    const stack = new ForceStack(app, 'Safeguarding', { config });
    const reader = new iam.Role(stack, 'SafeguardingReader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    Tags.of(reader).add('purpose', 'safeguarding');
    stack.keys.grantSafeguardingDecrypt(reader);
    expect(() => app.synth()).not.toThrow();
  });
});
