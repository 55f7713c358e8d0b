/**
 * Every HTTP route of a force API, in one table: the CDK API and functions
 * constructs and the local system all build from this list, so they cannot
 * drift. The public intake routes are here; the staff, firewall and receipt
 * channel routes are composed in from their own files, every entry of the one
 * shape {@link RouteSpec} (infra/route-spec.ts). A new route is one entry.
 */
import { CHANNEL_ROUTES } from './channel-routes';
import { FIREWALL_ROUTES } from './firewall-routes';
import type { RouteSpec } from './route-spec';
import { STAFF_ROUTES } from './staff-routes';

export { routeKey, type KeyAction, type Purpose, type RouteAccess, type RouteAuth, type RouteSpec, type TableAction } from './route-spec';

/**
 * The routes that exist. Names and method+path must be unique.
 *
 * @example
 * const publicRoutes = ROUTES.filter((route) => route.auth === 'public');
 */
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
    access: {
      // One transaction of conditional puts (report, key claim, queue entry, receipt, ledger, referrals): nothing else.
      table: ['dynamodb:PutItem'],
      reportKey: ['kms:GenerateDataKey'],
      // Seals the protected-immigration section; intake never needs to open it again.
      safeguardingKey: ['kms:GenerateDataKey'],
      receiptSecret: true,
    },
    directory: 'charities',
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
    access: {
      // Receipt and report status look-ups; failure counters are updated per client window.
      table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      reportKey: [],
      safeguardingKey: [],
      receiptSecret: true,
    },
  },
  // The immigration firewall's routes.
  ...FIREWALL_ROUTES,
  // The reference web form (web/): server-rendered steps, so it works with JavaScript off.
  // Both routes share one render-only function: no table, no keys, no receipt secret.
  {
    name: 'web-form',
    method: 'GET',
    path: '/form',
    entry: 'functions/web-form/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    rateLimit: 20,
    burstLimit: 50,
    access: { table: [], reportKey: [], safeguardingKey: [], receiptSecret: false },
  },
  {
    name: 'web-form-step',
    method: 'POST',
    path: '/form',
    entry: 'functions/web-form/handler.ts',
    auth: 'public',
    purpose: 'safeguarding',
    rateLimit: 50,
    burstLimit: 100,
    access: { table: [], reportKey: [], safeguardingKey: [], receiptSecret: false },
  },
  // The call-handler queue API: see infra/staff-routes.ts.
  ...STAFF_ROUTES,
  // The victim's receipt channel: see infra/channel-routes.ts.
  ...CHANNEL_ROUTES,
];
