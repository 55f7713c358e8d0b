/**
 * CDK app: one ForceStack per force config under infra/forces/ (or the folder
 * given with `-c forcesDir=<path>`), or only the force named by
 * `-c force=<code>`. No context look-ups, no credentials: synth is offline.
 */
import { App } from 'aws-cdk-lib';
import { buildForceApp, UnknownForceError } from './build-app';
import { ForceConfigError, loadForceConfigs } from './force-config';

const app = new App();
try {
  const forcesDir = app.node.tryGetContext('forcesDir') as string | undefined;
  buildForceApp(app, {
    force: app.node.tryGetContext('force') as string | undefined,
    configs: forcesDir ? loadForceConfigs(forcesDir) : undefined,
  });
} catch (error) {
  // A config mistake is the user's to fix: say which file and field, without a stack trace.
  if (error instanceof ForceConfigError || error instanceof UnknownForceError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
app.synth();
