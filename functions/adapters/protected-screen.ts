/**
 * How the suspect check asks the protected screen
 * (functions/domain/enforcement/protected-screen.ts): a synchronous Lambda
 * invocation of the safeguarding-purpose screen function in AWS; the screen's
 * own code, in process, locally. Either way the wait is bounded by the
 * caller's remaining time (less a margin to answer) and by {@link MAX_WAIT_MS}.
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

/** How long to wait for the screen: never past the caller's remaining time less the margin, never over MAX_WAIT_MS. */
function waitFor(remainingMs: (() => number) | undefined): number {
  const remaining = remainingMs?.() ?? MAX_WAIT_MS + ANSWER_MARGIN_MS;
  const wait = Math.min(MAX_WAIT_MS, remaining - ANSWER_MARGIN_MS);
  if (!(wait > 0)) throw new ProtectedScreenUnavailableError('out-of-time');
  return wait;
}

/** Where the screen is waited for: the caller's remaining time (a Lambda context's getRemainingTimeInMillis). */
export interface ProtectedScreenWait {
  remainingMs?: () => number;
}

/**
 * @example
 * const screen = lambdaProtectedScreen(process.env.PROTECTED_SCREEN_FUNCTION!, { remainingMs: () => context.getRemainingTimeInMillis() });
 */
export function lambdaProtectedScreen(
  functionName: string,
  options: ProtectedScreenWait & { client?: LambdaClient } = {},
): ProtectedScreen {
  const client = options.client ?? new LambdaClient({});
  return {
    async screen(reportId, values) {
      const wait = waitFor(options.remainingMs);
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
 * system has one set of keys; the separation it stands for is AWS's). A
 * screen still running when the wait ends is given up as in AWS: the caller
 * refuses, and the screen's answer, if it ever comes, is dropped.
 *
 * @example
 * const screen = inProcessProtectedScreen({ forceId, reports: runtime.outbox, cipher: runtime.force.cipher }, { remainingMs: () => context.getRemainingTimeInMillis() });
 */
export function inProcessProtectedScreen(deps: ProtectedScreenDeps, options: ProtectedScreenWait = {}): ProtectedScreen {
  return {
    async screen(reportId, values) {
      const request = ProtectedScreenRequestSchema.safeParse({ reportId, values });
      if (!request.success) throw new ProtectedScreenUnavailableError('request-out-of-contract');
      const wait = waitFor(options.remainingMs);
      let timer: NodeJS.Timeout | undefined;
      const givenUp = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ProtectedScreenUnavailableError('timeout')), wait);
      });
      try {
        return checkedAnswer(await Promise.race([screenProtectedValues(deps, request.data), givenUp]), Object.keys(values));
      } catch (error) {
        if (error instanceof ProtectedScreenUnavailableError) throw error;
        throw new ProtectedScreenUnavailableError((error as Error).name === 'TimeoutError' ? 'timeout' : 'screen-failed');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
