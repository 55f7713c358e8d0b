import { STAFF_ROUTES } from './staff-routes';

/**
 * Every HTTP route of a force API, in one place: the CDK API construct and
 * the local system both build from this list, so they cannot drift.
 */
export type RouteAuth = 'public' | 'call-handler' | 'supervisor';
export type Purpose = 'safeguarding' | 'support-referral' | 'investigation' | 'enforcement';

export interface RouteSpec {
  /** Function id, also the folder under functions/. */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** Entry file, relative to the repository root. */
  entry: string;
  auth: RouteAuth;
  purpose: Purpose;
  /** Steady-state requests per second allowed on this route (API Gateway throttling). */
  rateLimit: number;
  burstLimit: number;
}

export const ROUTES: readonly RouteSpec[] = [
  {
    name: 'submit-report',
    method: 'POST',
    path: '/reports',
    entry: 'functions/submit-report/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    rateLimit: 20,
    burstLimit: 50,
  },
  {
    name: 'report-status',
    method: 'POST',
    path: '/reports/status',
    entry: 'functions/report-status/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    // Low on purpose: receipt guessing is also throttled per caller in the handler.
    rateLimit: 5,
    burstLimit: 10,
  },
  // The call-handler queue API (issue 4): see infra/staff-routes.ts.
  ...STAFF_ROUTES,
];
