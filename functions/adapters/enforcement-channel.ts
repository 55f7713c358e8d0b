/**
 * How a screened suspect-check payload reaches the enforcement dispatcher:
 * an asynchronous Lambda invocation in AWS (Lambda retries, then the
 * function's on-failure destination), a direct call locally.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { dispatchSuspectCheck, type EnforcementChannel } from '../domain/enforcement/suspect-check';
import type { WebhookSender } from '../domain/referrals/dispatch';
import type { IntegrationDirectory, SigningSecrets } from '../domain/referrals/directory';
import { DeadlineBoundHttpHandler } from './request-deadline';

/** The invoking client: bounded like the store's (connection, answer, attempts) and cut off at the request's deadline. */
const boundedLambdaClient = () =>
  new LambdaClient({ maxAttempts: 2, requestHandler: new DeadlineBoundHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true }) });

/**
 * @example
 * const channel = lambdaEnforcementChannel(process.env.ENFORCEMENT_DISPATCHER_FUNCTION!);
 */
export function lambdaEnforcementChannel(functionName: string, client: LambdaClient = boundedLambdaClient()): EnforcementChannel {
  return {
    async send(dispatch) {
      await client.send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(dispatch)) }),
      );
    },
  };
}

/** Locally: the dispatcher's own code, called in the same process. */
export function inProcessEnforcementChannel(deps: { directory: IntegrationDirectory; secrets: SigningSecrets; sender: WebhookSender }): EnforcementChannel {
  return { send: (dispatch) => dispatchSuspectCheck(deps, dispatch) };
}
