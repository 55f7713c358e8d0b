/**
 * Every AWS SDK call obeys the deadline of the request being served
 * (functions/domain/request-deadline.ts, carried by the request's own
 * asynchronous context), so every call the request
 * makes — DynamoDB through any store, KMS through the report key sources
 * (functions/adapters/crypto/keyrings.ts), neither given a signal of ours — is cut off when the request's time is up or
 * the request is answered, without threading a signal through every port.
 * The middy middleware `boundedByRemainingTime` (functions/middleware/within-time.ts)
 * sets it; {@link DeadlineBoundHttpHandler} (every DynamoDB and KMS client)
 * and the webhook sender obey it. Outside a request (scripts, tests) there is
 * no deadline and nothing changes.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { boundedSignal } from '../domain/request-deadline';

type HandleArguments = Parameters<NodeHttpHandler['handle']>;

/**
 * The SDK's Node HTTP handler (with its connection and request timeouts)
 * that also aborts a call when the request's deadline passes: the socket is
 * destroyed, and the SDK does not retry an abort.
 *
 * @example
 * new DynamoDBClient({ requestHandler: new DeadlineBoundHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000 }) });
 */
export class DeadlineBoundHttpHandler extends NodeHttpHandler {
  override handle(request: HandleArguments[0], options: HandleArguments[1] = {}): ReturnType<NodeHttpHandler['handle']> {
    const abortSignal = boundedSignal(options.abortSignal as AbortSignal | undefined);
    return super.handle(request, abortSignal ? { ...options, abortSignal } : options);
  }
}
