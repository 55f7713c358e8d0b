/**
 * The force's non-HTTP functions (infra/workers.ts): the referral dispatcher
 * on the table's stream and on a schedule, and the enforcement dispatcher,
 * invoked only by the suspect-check route. Each is built like a route function
 * (buildForceFunction), with the grants its worker spec declares, plus its
 * triggers, an on-failure destination and the webhook signing secrets of the
 * integrations it signs for.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { IntegrationDirectorySchema } from '../../schemas/integrations';
import type { ForceConfig } from '../force-config';
import { WORKERS, type WorkerSpec } from '../workers';
import { buildForceFunction, type ForceFunctionContext, pascalCase } from './force-function';

type Trigger = WorkerSpec['triggers'][number];

/** Stream batches: retried this often (halved each time by bisection) before the on-failure destination. */
export const STREAM_RETRY_ATTEMPTS = 3;
/** Asynchronous invocations of the enforcement dispatcher: Lambda retries twice, then the on-failure destination. */
export const ASYNC_RETRY_ATTEMPTS = 2;

/** Raised at synth when the force's integrations would not parse in the functions (functions/adapters/integrations.ts). */
export class IntegrationsEnvironmentError extends Error {
  constructor(readonly fields: string[]) {
    super(`the force's integrations do not match what the functions accept (functions/adapters/integrations.ts): ${fields.join(', ')}`);
    this.name = 'IntegrationsEnvironmentError';
  }
}

/** Raised at synth when a charity and an enforcement integration share an id, hence a signing secret name. */
export class SigningSecretClashError extends Error {
  constructor(readonly integrationId: string) {
    super(`charity and enforcement integration both use the id "${integrationId}": each needs its own signing secret`);
    this.name = 'SigningSecretClashError';
  }
}

export interface ForceWorkersProps extends ForceFunctionContext {
  charities: ForceConfig['charities'];
  enforcementIntegrations: ForceConfig['enforcementIntegrations'];
  /** Values the last-line guard refuses to send (the force config's `canaries`). */
  canaries?: ForceConfig['canaries'];
  /** The route functions, by route name: an async-invoke worker is invoked by one of them. */
  routeFunctions: ReadonlyMap<string, lambda.Function>;
  /** Defaults to WORKERS. */
  workers?: readonly WorkerSpec[];
}

/**
 * One function per worker trigger, each with its own role and purpose tag.
 *
 * @example
 * const workers = new ForceWorkers(stack, 'Workers', { ...context, charities, enforcementIntegrations, routeFunctions: functions.byRoute });
 * workers.functions.get('enforcement-dispatcher');
 */
export class ForceWorkers extends Construct {
  /** Functions by name: the worker's name, or `<worker>-<trigger>` for a handler other than `handler` (e.g. `referral-dispatcher-sweep`). */
  readonly functions = new Map<string, lambda.Function>();
  /** Webhook signing secrets by integration id (charities and enforcement integrations). */
  readonly signingSecrets = new Map<string, secretsmanager.Secret>();
  /** On-failure destinations by worker name. */
  readonly failureQueues = new Map<string, sqs.Queue>();
  /** Declared payload hand-offs (route function's role → worker it invokes), for the enforcement firewall. */
  readonly handOffs: { from: iam.IRole; to: lambda.Function }[] = [];
  /** Declared answer-only oracles (route function's role → screen it may invoke), for the enforcement firewall. */
  readonly oracles: { from: iam.IRole; to: lambda.Function }[] = [];
  /** Secrets Manager name prefix of the signing secrets: `<prefix><integration id>`. */
  readonly secretPrefix: string;
  /** The `INTEGRATIONS` environment values (no secrets): the charities, and the enforcement integrations. */
  readonly directories: Readonly<Record<'charities' | 'enforcement-integrations', string>>;

  constructor(scope: Construct, id: string, props: ForceWorkersProps) {
    super(scope, id);
    this.secretPrefix = `safe-pathway/${props.forceCode}/integrations/`;
    const integrations = {
      charities: this.createSigningSecrets('Charity', props.charities, props.forceCode),
      'enforcement-integrations': this.createSigningSecrets('Enforcement', props.enforcementIntegrations, props.forceCode),
    };
    const environments = {
      charities: integrationsEnvironment({ charities: props.charities, canaries: props.canaries ?? [] }),
      'enforcement-integrations': integrationsEnvironment({ enforcementIntegrations: props.enforcementIntegrations, canaries: props.canaries ?? [] }),
    };
    this.directories = environments;

    for (const worker of props.workers ?? WORKERS) {
      const workerId = pascalCase(worker.name);
      const failures = this.failureQueue(workerId, worker, props);
      const signs = worker.access.signingSecrets;
      for (const trigger of worker.triggers) {
        const suffix = trigger.handler === 'handler' ? '' : trigger.handler.replace(/Handler$/, '');
        const name = suffix ? `${worker.name}-${suffix}` : worker.name;
        const { fn, role } = buildForceFunction(this, props, {
          id: pascalCase(name),
          serviceName: name,
          description: `${worker.name} (${trigger.source}: ${trigger.handler})`,
          entry: worker.entry,
          handler: trigger.handler,
          purpose: worker.purpose,
          access: { ...worker.access },
          timeoutSeconds: worker.timeoutSeconds,
          // Only workers that touch report data learn where it lives.
          dataEnvironment: hasDataAccess(worker),
          // A worker that signs for no integration (the retention worker) learns of none.
          environment: signs
            ? { INTEGRATIONS: environments[signs], INTEGRATION_SECRET_PREFIX: this.secretPrefix }
            : {},
        });
        // Each integration's secret is readable by the functions that sign for it, and by no one else.
        for (const secret of signs ? integrations[signs] : []) secret.grantRead(role);
        this.wireTrigger(fn, role, trigger, failures, props, signs ? environments[signs] : '');
        this.functions.set(name, fn);
      }
    }
  }

  private createSigningSecrets(kind: string, list: readonly { id: string }[], forceCode: string): secretsmanager.Secret[] {
    return list.map((integration) => {
      if (this.signingSecrets.has(integration.id)) throw new SigningSecretClashError(integration.id);
      const secret = new secretsmanager.Secret(this, `${kind}${pascalCase(integration.id)}SigningSecret`, {
        secretName: `${this.secretPrefix}${integration.id}`,
        description: `safe-pathway ${forceCode}: webhook signing secret shared with ${integration.id}`,
        // 64 base64-alphabet characters decode to 48 bytes: the adapters require at least 32 (about 381 random bits).
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'A webhook signing secret is shared with the receiving organisation, which verifies every delivery with it; rotation is a coordinated change with that organisation, not an automatic one.',
      });
      this.signingSecrets.set(integration.id, secret);
      return secret;
    });
  }

  /** Where a worker's failed batches or invocations land (SQS-managed encryption: no grant on the force's keys). */
  private failureQueue(workerId: string, worker: WorkerSpec, props: ForceWorkersProps): sqs.Queue | undefined {
    // Schedules retry on their next run; an oracle answers its caller, which refuses on any failure.
    if (!worker.triggers.some((trigger) => trigger.source !== 'schedule' && trigger.source !== 'oracle-invoke')) return undefined;
    const queue = new sqs.Queue(this, `${workerId}Failures`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the on-failure destination of ${worker.name}; a dead-letter queue of a dead-letter queue would only move the same records again. An alarm fires on its first message.`,
    });
    props.alarms.watchQueue(`${worker.name}-failures`, queue);
    this.failureQueues.set(worker.name, queue);
    return queue;
  }

  private wireTrigger(
    fn: lambda.Function,
    role: iam.IRole,
    trigger: Trigger,
    failures: sqs.Queue | undefined,
    props: ForceWorkersProps,
    integrations: string,
  ): void {
    switch (trigger.source) {
      case 'dynamodb-stream':
        return wireStream(fn, role, trigger, failures!, props);
      case 'schedule':
        new events.Rule(this, `${fn.node.id}Schedule`, {
          description: `safe-pathway ${props.forceCode}: ${trigger.detail}`,
          schedule: events.Schedule.rate(Duration.minutes(trigger.everyMinutes ?? 1)),
          // The next run comes within minutes and picks up whatever this one missed.
          targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
        });
        return;
      case 'async-invoke':
        return wireAsyncInvoke(fn, trigger, failures!, props, integrations, this.handOffs);
      case 'oracle-invoke':
        return wireOracleInvoke(fn, trigger, props, this.oracles);
    }
  }
}

/**
 * The table's stream → the function, filtered so only the records the worker
 * handles invoke it; bisection isolates a poison record, retries are bounded,
 * and what still fails is recorded (batch metadata only, no item data) in the
 * failure queue. The stream rights are spelled out on the stream ARN, never `*`.
 */
function wireStream(fn: lambda.Function, role: iam.IRole, trigger: Trigger, failures: sqs.Queue, props: ForceWorkersProps): void {
  const streamArn = props.table.tableStreamArn;
  if (!streamArn || !trigger.stream) throw new Error(`${fn.node.path}: a dynamodb-stream trigger needs the table's stream and a stream filter`);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReportTableStream',
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      resources: [streamArn],
    }),
  );
  // Lambda checks at CreateEventSourceMapping that the role may list streams; ListStreams has no
  // resource-level permission, so this one action is on `*`. It lists stream ARNs, never records.
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ListTableStreams', actions: ['dynamodb:ListStreams'], resources: ['*'] }));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'dynamodb:ListStreams has no resource-level permission and Lambda requires it of a stream event source; it returns stream ARNs only. Every data action of this role names the table, its stream or its index.',
  });
  fn.addEventSourceMapping('TableStream', {
    eventSourceArn: streamArn,
    startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    batchSize: 10,
    bisectBatchOnError: true,
    retryAttempts: STREAM_RETRY_ATTEMPTS,
    // Undelivered referrals stay in the outbox: the scheduled sweep retries them whatever the stream did.
    maxRecordAge: Duration.hours(1),
    reportBatchItemFailures: true,
    onFailure: new SqsDlq(failures),
    filters: [
      lambda.FilterCriteria.filter({
        eventName: [...trigger.stream.eventNames],
        dynamodb: { NewImage: { type: { S: [trigger.stream.itemType] } } },
      }),
    ],
  });
}

/**
 * The function is invoked asynchronously by one route function only: that
 * function may invoke this one (no other) and learns its name and the
 * integrations it may name in a request (the same list the worker sends to); Lambda retries
 * a bounded number of times, then records the failed event in the failure queue.
 */
function wireAsyncInvoke(
  fn: lambda.Function,
  trigger: Trigger,
  failures: sqs.Queue,
  props: ForceWorkersProps,
  integrations: string,
  handOffs: { from: iam.IRole; to: lambda.Function }[],
): void {
  fn.configureAsyncInvoke({
    retryAttempts: ASYNC_RETRY_ATTEMPTS,
    maxEventAge: Duration.hours(1),
    onFailure: new destinations.SqsDestination(failures),
  });
  if (!trigger.invokedBy) return;
  const invoker = props.routeFunctions.get(trigger.invokedBy);
  if (!invoker) throw new Error(`${fn.node.path}: no route function ${trigger.invokedBy} to invoke it`);
  invoker.addToRolePolicy(
    new iam.PolicyStatement({ sid: `Invoke${fn.node.id}`, actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
  );
  handOffs.push({ from: invoker.role!, to: fn });
  const variable = `${fn.node.id.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_FUNCTION`;
  invoker.addEnvironment(variable, fn.functionName);
  invoker.addEnvironment('INTEGRATIONS', integrations);
}

/**
 * The function is invoked synchronously by one route function only, which
 * may invoke it (lambda:InvokeFunction on it, nothing else) and learns its
 * name. The pair is declared an answer-only oracle to the enforcement
 * firewall: the invoker gets the answer, not what the function can open.
 */
function wireOracleInvoke(fn: lambda.Function, trigger: Trigger, props: ForceWorkersProps, oracles: { from: iam.IRole; to: lambda.Function }[]): void {
  if (!trigger.invokedBy) throw new Error(`${fn.node.path}: an oracle-invoke trigger names the route that invokes it`);
  const invoker = props.routeFunctions.get(trigger.invokedBy);
  if (!invoker) throw new Error(`${fn.node.path}: no route function ${trigger.invokedBy} to invoke it`);
  invoker.addToRolePolicy(new iam.PolicyStatement({ sid: `Invoke${fn.node.id}`, actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
  oracles.push({ from: invoker.role!, to: fn });
  invoker.addEnvironment(`${fn.node.id.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_FUNCTION`, fn.functionName);
}

function hasDataAccess(worker: WorkerSpec): boolean {
  const { access } = worker;
  return access.table.length + access.reportKey.length + access.safeguardingKey.length > 0 || access.receiptSecret;
}

/**
 * The `INTEGRATIONS` environment value, checked at synth with the functions'
 * own schema, so a force config the functions would refuse fails synth
 * instead of the first delivery.
 *
 * @example
 * integrationsEnvironment({ charities: config.charities }); // '{"charities":[…]}'
 */
export function integrationsEnvironment(directory: { charities?: unknown[]; enforcementIntegrations?: unknown[]; canaries?: unknown[] }): string {
  const parsed = IntegrationDirectorySchema.safeParse(directory);
  if (!parsed.success) throw new IntegrationsEnvironmentError([...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))]);
  return JSON.stringify(directory);
}
