/**
 * The victim's receipt channel, appended to ROUTES: the victim's
 * routes (public; the receipt in a POSTed body, never in a URL; throttled low
 * like the status look-up, and guessing is limited per caller and per
 * receipt in the functions) and the two staff routes of the thread.
 */
import type { RouteSpec, TableAction } from './route-spec';

/** Receipt and report reads, the thread query, the failure counters, and one transaction per change (audit record included). */
const VICTIM_TABLE: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'];

const victim = (name: string, path: string, table: readonly TableAction[] = VICTIM_TABLE): RouteSpec => ({
  name,
  method: 'POST',
  path,
  entry: `functions/${name}/handler.ts`,
  auth: 'public',
  purpose: 'safeguarding',
  rateLimit: 5,
  burstLimit: 10,
  // Opens the body and the thread, seals replies and re-sealed bodies, under the report key; never the safeguarding key.
  access: { table, reportKey: ['kms:Decrypt', 'kms:GenerateDataKey'], safeguardingKey: [], receiptSecret: true },
});

export const CHANNEL_ROUTES: readonly RouteSpec[] = [
  victim('report-thread', '/reports/thread'),
  victim('thread-reply', '/reports/thread/replies'),
  victim('report-pause', '/reports/pause'),
  victim('safe-contact-change', '/reports/safe-contact'),
  // Withdrawal stops undelivered referrals (it reads them and opens their sealed targets); a consent given anew makes
  // the referral the intake would have made, so it matches against the force's charity directory.
  { ...victim('consent-change', '/reports/consents'), purpose: 'support-referral', directory: 'charities' },
  // Rotation deletes the old receipt's look-up in the same transaction that puts the new one.
  victim('receipt-rotation', '/reports/receipt', [...VICTIM_TABLE, 'dynamodb:DeleteItem']),
  {
    name: 'message-post',
    method: 'POST',
    path: '/reports/{reportId}/messages',
    entry: 'functions/message-post/handler.ts',
    auth: 'call-handler',
    purpose: 'safeguarding',
    rateLimit: 10,
    burstLimit: 20,
    // Reads the report, seals the message, puts it with the audit record (a transaction with a condition check on the lease).
    access: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'], reportKey: ['kms:GenerateDataKey'], safeguardingKey: [], receiptSecret: false },
  },
  {
    name: 'message-list',
    method: 'GET',
    path: '/reports/{reportId}/messages',
    entry: 'functions/message-list/handler.ts',
    auth: 'call-handler',
    purpose: 'safeguarding',
    rateLimit: 10,
    burstLimit: 20,
    // Queries and opens the thread; clears the unread flag on the report and its entry with the audit record.
    access: { table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], reportKey: ['kms:Decrypt'], safeguardingKey: [], receiptSecret: false },
  },
];
