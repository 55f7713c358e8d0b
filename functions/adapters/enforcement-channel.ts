/**
 * How a screened suspect-check payload reaches the enforcement dispatcher:
 * an asynchronous Lambda invocation in AWS (Lambda retries, then the
 * function's on-failure destination), a direct call locally.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { dispatchSuspectCheck, type EnforcementChannel } from '../domain/enforcement/suspect-check';
import type { WebhookSender } from '../domain/referrals/dispatch';
import type { IntegrationDirectory, SigningSecrets } from '../domain/referrals/directory';

/**
 * @example
 * const channel = lambdaEnforcementChannel(process.env.ENFORCEMENT_DISPATCHER_FUNCTION!);
 */
export function lambdaEnforcementChannel(functionName: string, client: LambdaClient = new LambdaClient({})): EnforcementChannel {
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
