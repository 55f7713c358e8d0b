import { CfnOutput, Stack, type StackProps, Stage, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { ForceAlarms } from './constructs/alarms';
import { ForceApi } from './constructs/api';
import { ForceConsole } from './constructs/console';
import { EnforcementIntegrations } from './constructs/enforcement-integrations';
import { ForceFunctions } from './constructs/functions';
import { StaffIdentity } from './constructs/identity';
import { ForceKeys } from './constructs/keys';
import { ReportStore } from './constructs/store';
import { ForceWebForm } from './constructs/web';
import { ForceWorkers } from './constructs/workers';
import { addEnforcementFirewall } from './enforcement-firewall';
import { bodyRetentionDays, type ForceConfig, reportRetentionDays } from './force-config';
import { forceSite } from './force-site';
import { ROUTES, type RouteSpec } from './routes';
import type { WorkerSpec } from './workers';

export interface ForceStackProps extends StackProps {
  config: ForceConfig;
  /** Defaults to the route list of infra/routes.ts. */
  routes?: readonly RouteSpec[];
  /** Defaults to the workers of infra/workers.ts. */
  workers?: readonly WorkerSpec[];
}

/** The route functions that render web-form pages and so need the force's site. */
const PAGE_ROUTES = ['web-form', 'web-form-step', 'submit-report', 'report-status'];

/**
 * Everything one police force runs, isolated from every other force: its own
 * keys, table, user pool, API, functions, workers, web form and alarms. cdk-nag AwsSolutions
 * checks and the enforcement firewall (a reachability check of the whole
 * template) run on every synth.
 *
 * @example
 * const app = new App();
 * new ForceStack(app, 'SafePathway-exampleshire', { config: loadForceConfig('infra/forces/exampleshire.json') });
 */
export class ForceStack extends Stack {
  readonly keys: ForceKeys;
  readonly store: ReportStore;
  readonly identity: StaffIdentity;
  readonly alarms: ForceAlarms;
  readonly functions: ForceFunctions;
  readonly api: ForceApi;
  readonly enforcement: EnforcementIntegrations;
  readonly workers: ForceWorkers;
  readonly web: ForceWebForm;
  readonly console: ForceConsole;

  constructor(scope: Construct, id: string, props: ForceStackProps) {
    const { config } = props;
    super(scope, id, {
      description: `safe-pathway: safe reporting for ${config.name}`,
      ...(config.account || config.region ? { env: { account: config.account, region: config.region } } : {}),
      ...props,
    });
    const routes = props.routes ?? ROUTES;
    Tags.of(this).add('force', config.code);
    Tags.of(this).add('application', 'safe-pathway');

    this.keys = new ForceKeys(this, 'Keys', { forceCode: config.code });
    this.store = new ReportStore(this, 'Store', { encryptionKey: this.keys.reportKey });
    this.identity = new StaffIdentity(this, 'Identity', { forceCode: config.code });
    this.alarms = new ForceAlarms(this, 'Alarms', { email: config.alarmEmail, encryptionKey: this.keys.operationsKey });
    const functionContext = {
      forceCode: config.code,
      keys: this.keys,
      table: this.store.table,
      alarms: this.alarms,
      logLevel: config.logLevel,
      retentionDaysReport: reportRetentionDays(config),
      retentionDaysProtected: config.retentionDays['protected-immigration'],
      retentionDaysClasses: bodyRetentionDays(config),
      retentionDaysMessages: { account: config.retentionDays.account, staffMessage: config.retentionDays['staff-message'] },
    };
    this.functions = new ForceFunctions(this, 'Functions', {
      ...functionContext,
      routes,
      staffTokens: {
        issuer: `https://cognito-idp.${this.region}.amazonaws.com/${this.identity.userPool.userPoolId}`,
        audience: this.identity.client.userPoolClientId,
      },
    });
    this.api = new ForceApi(this, 'Api', {
      forceCode: config.code,
      routes,
      functions: this.functions.byRoute,
      allowedOrigins: config.allowedOrigins,
      userPool: this.identity.userPool,
      userPoolClient: this.identity.client,
    });
    this.enforcement = new EnforcementIntegrations(this, 'Enforcement', {
      forceCode: config.code,
      integrations: config.enforcementIntegrations,
    });

    this.workers = new ForceWorkers(this, 'Workers', {
      ...functionContext,
      charities: config.charities,
      enforcementIntegrations: config.enforcementIntegrations,
      canaries: config.canaries,
      routeFunctions: this.functions.byRoute,
      workers: props.workers,
    });
    for (const route of routes) {
      if (route.directory) this.functions.byRoute.get(route.name)?.addEnvironment('INTEGRATIONS', this.workers.directories[route.directory]);
    }
    this.web = new ForceWebForm(this, 'WebForm', {
      forceCode: config.code,
      site: forceSite(config),
      apiDomainName: `${this.api.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
    });
    // The origins the site's own pages post from: a form post from any other is refused (functions/middleware/cross-site.ts).
    const siteOrigins = [...config.allowedOrigins, `https://${this.web.distribution.distributionDomainName}`].join(',');
    for (const name of PAGE_ROUTES) {
      this.functions.byRoute.get(name)?.addEnvironment('WEB_SITE_CONFIG', this.web.siteEnvironment.WEB_SITE_CONFIG);
      this.functions.byRoute.get(name)?.addEnvironment('SITE_ORIGINS', siteOrigins);
    }

    this.console = new ForceConsole(this, 'Console', {
      forceCode: config.code,
      apiDomainName: `${this.api.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
      identity: this.identity,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });

    addEnforcementFirewall(this, {
      safeguardingKey: this.keys.safeguardingKey,
      reportKey: this.keys.reportKey,
      reportTable: this.store.table,
      handOffs: () => this.workers.handOffs,
      oracles: () => this.workers.oracles,
    });
    registerNagChecks(this);
  }
}

/** Stages (apps) that already run the AwsSolutions checks: one plugin checks every stack of its stage. */
const checkedStages = new WeakSet<Stage>();

/**
 * Registers cdk-nag AwsSolutions checks as a policy-validation plugin of the
 * stack's app, once: any unacknowledged finding (error or warning) fails synth.
 */
function registerNagChecks(stack: Stack): void {
  const stage = Stage.of(stack);
  if (!stage || checkedStages.has(stage)) return;
  checkedStages.add(stage);
  Validations.of(stage).addPlugins(new AwsSolutionsChecks(stage, { verbose: true }));
}
