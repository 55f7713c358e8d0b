/**
 * The call-handler (staff) routes, appended to ROUTES. Every one sits behind
 * the force's JWT authorizer; `auth` names the least role that may call it
 * (`call-handler` routes are open to supervisors too; the handler's
 * `authorise` middleware applies the exact role → action table in
 * functions/domain/access/staff-access.ts).
 *
 * `access` lists exactly what each function touches (least privilege for the
 * per-route IAM roles): every staff route may put an audit record (refusals
 * are audited), and only `report-protected` (the section) and `audit-trail`
 * (the sealed reasons for opening it) may decrypt with the safeguarding key.
 */
import type { RouteSpec } from './route-spec';

const staff = (name: string, method: 'GET' | 'POST', path: string, auth: 'call-handler' | 'supervisor') =>
  ({ name, method, path, entry: `functions/${name}/handler.ts`, auth, purpose: 'safeguarding', rateLimit: 10, burstLimit: 20 }) as const;

const none = [] as const;

export const STAFF_ROUTES = [
  {
    ...staff('queue-list', 'GET', '/queue', 'call-handler'),
    // Opens each listed entry's sealed support-needs hint (class `support`, under the report key); never a body.
    access: { table: ['dynamodb:Query', 'dynamodb:PutItem'], reportKey: ['kms:Decrypt'], safeguardingKey: none, receiptSecret: false },
  },
  {
    ...staff('queue-claim', 'POST', '/queue/claim', 'call-handler'),
    // Strongly consistent query, then a transaction: update entry + update report + put audit record.
    access: { table: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], reportKey: ['kms:Decrypt'], safeguardingKey: none, receiptSecret: false },
  },
  {
    ...staff('report-read', 'GET', '/reports/{reportId}', 'call-handler'),
    access: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'], reportKey: ['kms:Decrypt'], safeguardingKey: none, receiptSecret: false },
  },
  {
    ...staff('report-protected', 'POST', '/reports/{reportId}/protected', 'call-handler'),
    // The only staff function that can open the protected-immigration section; it seals the reader's reason under the same key.
    access: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'], reportKey: none, safeguardingKey: ['kms:Decrypt', 'kms:GenerateDataKey'], receiptSecret: false },
  },
  {
    ...staff('contact-attempt', 'POST', '/reports/{reportId}/contact-attempts', 'call-handler'),
    // Decrypts the body to read the safe-contact plan.
    access: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], reportKey: ['kms:Decrypt'], safeguardingKey: none, receiptSecret: false },
  },
  {
    ...staff('report-outcome', 'POST', '/reports/{reportId}/outcome', 'call-handler'),
    // Closing deletes the queue entry in the same transaction.
    access: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'], reportKey: none, safeguardingKey: none, receiptSecret: false },
  },
  {
    ...staff('report-lease', 'POST', '/reports/{reportId}/lease', 'call-handler'),
    access: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], reportKey: none, safeguardingKey: none, receiptSecret: false },
  },
  {
    ...staff('report-reassign', 'POST', '/reports/{reportId}/reassign', 'supervisor'),
    access: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], reportKey: none, safeguardingKey: none, receiptSecret: false },
  },
  {
    // The victim no longer agrees to (some) referrals: the lease holder or a supervisor stops those not yet delivered.
    ...staff('consent-withdrawal', 'POST', '/reports/{reportId}/consent-withdrawals', 'call-handler'),
    purpose: 'support-referral',
    // Read the report; query its referrals; one transaction: update the report (re-sealed body, conditioned on its
    // version and the lease) + withdraw each undelivered referral + put the audit record (once retention removed
    // the consent class: withdraw each, then put the audit record). The report key opens each referral's sealed
    // target (recipient type, charity id) and the body, and seals the body again with the consent flags cleared;
    // the body is under the report key alone, so never the safeguarding key.
    access: { table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], reportKey: ['kms:Decrypt', 'kms:GenerateDataKey'], safeguardingKey: none, receiptSecret: false },
  },
  {
    // Issue 13: a supervisor brings a class's removal forward on a closed report (never later than the config).
    ...staff('report-retention', 'POST', '/reports/{reportId}/retention', 'supervisor'),
    // Read the report (admit); one transaction: update schedule entry + update report + put audit record; for the message
    // classes, query the report's message removal entries and update each, then put the audit record. No key.
    access: { table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], reportKey: none, safeguardingKey: none, receiptSecret: false },
  },
  {
    ...staff('audit-trail', 'GET', '/audit', 'supervisor'),
    // Opens the sealed staff text (reasons for opening the protected section are under the safeguarding key) and recipient ids.
    access: { table: ['dynamodb:Query', 'dynamodb:PutItem'], reportKey: ['kms:Decrypt'], safeguardingKey: ['kms:Decrypt'], receiptSecret: false },
  },
] as const satisfies readonly RouteSpec[];
