/**
 * The handler factories of the staff and supervisor routes: the staff shell
 * (functions/middleware/shells.ts) wired to this function's staff runtime,
 * so each handler is only its own few lines. A supervisor route names an
 * action no call handler may take; `supervisorHandler` refuses to build
 * otherwise, so a route cannot be filed under the wrong kind.
 */
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ROLE_ACTIONS, type StaffAction } from '../domain/access/staff-access';
import { logger, metrics } from '../adapters/observability';
import { staffRuntime, type CipherSource, type StaffRuntime } from '../wiring/staff-runtime';
import type { StaffEvent } from '../middleware/authorise';
import { staffShell } from '../middleware/shells';

export interface StaffRouteOptions<Body extends z.ZodType | undefined, Action extends StaffAction = StaffAction> {
  action: Action;
  path?: z.ZodType;
  query?: z.ZodType;
  body?: Body;
  /** The largest JSON body the route takes; defaults to 4 KiB. */
  maxBytes?: number;
  /** Only routes that open a report (e.g. `reportCipherFrom`); the rest never load the Encryption SDK. */
  cipher?: CipherSource;
  /**
   * The route bounds its own work by the remaining time and must answer with
   * the outcome of a write once it is issued (the claim): middy's early
   * timeout, which would answer 503 over a written lease, is off for it.
   */
  boundsItsOwnTime?: boolean;
  /** `signal` is aborted when the function's time runs out (middy's early timeout). */
  run: (
    event: StaffEvent<Body extends z.ZodType ? z.output<Body> : undefined>,
    runtime: StaffRuntime,
    context: Context,
    options: { signal?: AbortSignal },
  ) => Promise<APIGatewayProxyResultV2>;
}

/** The actions only a supervisor may take. */
export type SupervisorAction = 'report:reassign' | 'audit:read' | 'report:suspect-check' | 'referral:dead-letters' | 'referral:redrive' | 'transparency:read' | 'report:retention';

/**
 * @example
 * export const handler = staffHandler({ action: 'queue:claim', run: async (event, { desk }) => json(200, await desk.claimNext(event.staff)) });
 */
export function staffHandler<Body extends z.ZodType | undefined = undefined>(options: StaffRouteOptions<Body>) {
  const runtime = () => staffRuntime(options.cipher);
  return staffShell({ logger, metrics }, { ...options, context: runtime }).handler(async (event, context, { signal }) =>
    options.run(event as unknown as Parameters<typeof options.run>[0], await runtime(), context, { signal }),
  );
}

/**
 * A supervisor-only route: the staff shell, with an action the call-handler role does not have.
 *
 * @example
 * export const handler = supervisorHandler({ action: 'referral:dead-letters', run: async () => json(200, { referrals: [] }) });
 */
export function supervisorHandler<Body extends z.ZodType | undefined = undefined>(options: StaffRouteOptions<Body, SupervisorAction>) {
  if (ROLE_ACTIONS['call-handler'].includes(options.action)) throw new Error(`${options.action} is not a supervisor-only action`);
  return staffHandler(options);
}
