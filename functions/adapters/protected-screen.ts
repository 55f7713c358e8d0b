/**
 * How the suspect check asks the protected screen
 * (functions/domain/enforcement/protected-screen.ts): a synchronous Lambda
 * invocation of the safeguarding-purpose screen function in AWS, bounded by
 * the caller's remaining time; the screen's own code, in process, locally.
 * Any failure (error, timeout, an answer out of contract) is a
 * ProtectedScreenUnavailableError: the caller refuses, it never assumes "no match".
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  checkedAnswer,
  ProtectedScreenRequestSchema,
  ProtectedScreenUnavailableError,
  screenProtectedValues,
  type ProtectedScreen,
  type ProtectedScreenDeps,
} from '../domain/enforcement/protected-screen';

/** Time kept back for the caller to answer (and refuse) once the screen is given up. */
const ANSWER_MARGIN_MS = 500;
/** Longest the screen is waited for, however much time the caller has. */
const MAX_WAIT_MS = 5_000;

/**
 * @example
 * const screen = lambdaProtectedScreen(process.env.PROTECTED_SCREEN_FUNCTION!, { remainingMs: () => context.getRemainingTimeInMillis() });
 */
export function lambdaProtectedScreen(
  functionName: string,
  options: { remainingMs?: () => number; client?: LambdaClient } = {},
): ProtectedScreen {
  const client = options.client ?? new LambdaClient({});
  return {
    async screen(reportId, values) {
      const remaining = options.remainingMs?.() ?? MAX_WAIT_MS + ANSWER_MARGIN_MS;
      const wait = Math.min(MAX_WAIT_MS, remaining - ANSWER_MARGIN_MS);
      if (!(wait > 0)) throw new ProtectedScreenUnavailableError('out-of-time');
      let response;
      try {
        response = await client.send(
          new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify({ reportId, values })) }),
          { abortSignal: AbortSignal.timeout(wait) },
        );
      } catch (error) {
        const name = (error as Error).name;
        throw new ProtectedScreenUnavailableError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'invoke-failed');
      }
      // A function error (the screen refused the request or failed): never read as "no match".
      if (response.FunctionError || (response.StatusCode ?? 0) !== 200) throw new ProtectedScreenUnavailableError('function-error');
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.from(response.Payload ?? new Uint8Array()).toString('utf8'));
      } catch {
        throw new ProtectedScreenUnavailableError('answer-out-of-contract');
      }
      return checkedAnswer(raw, Object.keys(values));
    },
  };
}

/**
 * Locally: the screen's own code, called in the same process (the local
 * system has one set of keys; the separation it stands for is AWS's).
 *
 * @example
 * const screen = inProcessProtectedScreen({ forceId, reports: runtime.outbox, cipher: runtime.force.cipher });
 */
export function inProcessProtectedScreen(deps: ProtectedScreenDeps): ProtectedScreen {
  return {
    async screen(reportId, values) {
      const request = ProtectedScreenRequestSchema.safeParse({ reportId, values });
      if (!request.success) throw new ProtectedScreenUnavailableError('request-out-of-contract');
      try {
        return checkedAnswer(await screenProtectedValues(deps, request.data), Object.keys(values));
      } catch (error) {
        if (error instanceof ProtectedScreenUnavailableError) throw error;
        throw new ProtectedScreenUnavailableError((error as Error).name === 'TimeoutError' ? 'timeout' : 'screen-failed');
      }
    },
  };
}
