/**
 * CDK app: one ForceStack per force config under infra/forces/, or only the
 * force named by `-c force=<code>`. No context look-ups: synth is offline.
 */
import { App } from 'aws-cdk-lib';
import { buildForceApp } from './build-app';

const app = new App();
buildForceApp(app, { force: app.node.tryGetContext('force') as string | undefined });
app.synth();
