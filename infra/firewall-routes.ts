/**
 * The firewall's HTTP routes, spread into ROUTES in infra/routes.ts.
 * `access` is a RouteAccess (infra/route-spec.ts).
 *
 * Auth: behind the force's JWT authorizer; each handler's `authorise`
 * middleware (functions/middleware/authorise.ts) then admits supervisors of
 * this force only and audits every refusal, which is why each route may put
 * an item (the refusal's audit record).
 */
import type { RouteSpec } from './route-spec';

export const FIREWALL_ROUTES = [
  {
    name: 'suspect-check',
    method: 'POST',
    path: '/reports/{reportId}/suspect-checks',
    entry: 'functions/suspect-check/handler.ts',
    auth: 'supervisor',
    // The request is the investigation's; the payload goes to the separate enforcement dispatcher.
    purpose: 'investigation',
    rateLimit: 5,
    burstLimit: 10,
    access: {
      // Read the report; write the disclosure's audit record (and its month entry, one transaction) or a refusal.
      table: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      // GenerateDataKey: the disclosure record seals the officer's justification and the recipient's id.
      reportKey: ['kms:Decrypt', 'kms:GenerateDataKey'],
      // None: the protected-immigration class is screened by the protected-screen worker (infra/workers.ts),
      // which this function may only invoke and which answers matching field paths, never a value.
      safeguardingKey: [],
      receiptSecret: false,
    },
  },
  {
    name: 'referral-dead-letters',
    method: 'GET',
    path: '/referrals/dead-letters',
    entry: 'functions/referral-dead-letters/handler.ts',
    auth: 'supervisor',
    purpose: 'support-referral',
    rateLimit: 5,
    burstLimit: 10,
    // PutItem: a refused caller's audit record.
    access: { table: ['dynamodb:Query', 'dynamodb:PutItem'], reportKey: ['kms:Decrypt'], safeguardingKey: [], receiptSecret: false },
  },
  {
    name: 'referral-redrive',
    method: 'POST',
    path: '/reports/{reportId}/referrals/{referralId}/redrive',
    entry: 'functions/referral-redrive/handler.ts',
    auth: 'supervisor',
    purpose: 'support-referral',
    rateLimit: 5,
    burstLimit: 10,
    // UpdateItem: the parked referral back to pending (conditional); PutItem: its audit record, or a refusal's. No key.
    access: { table: ['dynamodb:UpdateItem', 'dynamodb:PutItem'], reportKey: [], safeguardingKey: [], receiptSecret: false },
  },
  {
    name: 'transparency',
    method: 'GET',
    path: '/transparency',
    entry: 'functions/transparency/handler.ts',
    auth: 'supervisor',
    // Counts reports holding protected data by opening them: safeguarding rights, counts out.
    purpose: 'safeguarding',
    rateLimit: 5,
    burstLimit: 10,
    // Query: the report ledger and the audit trail's monthly disclosure entries; PutItem: a refused caller's audit record.
    access: { table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'], reportKey: [], safeguardingKey: ['kms:Decrypt'], receiptSecret: false },
    timeoutSeconds: 60,
    memorySize: 1024,
  },
] as const satisfies readonly RouteSpec[];
