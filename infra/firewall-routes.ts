/**
 * The firewall's HTTP routes (issue 5), spread into ROUTES in infra/routes.ts.
 * Kept in their own file so the branches merge cleanly; `access` follows the
 * RouteAccess shape of the infra branch (issue 3).
 *
 * Auth: until issue 4's JWT authoriser lands, each handler also refuses any
 * caller without supervisor claims (functions/middleware/require-group.ts).
 */
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
      // Read the report; write the disclosure record.
      table: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      reportKey: ['kms:Decrypt'],
      // Opened ONLY to screen the outgoing payload against protected values (last-line guard); never sent.
      safeguardingKey: ['kms:Decrypt'],
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
    access: { table: ['dynamodb:Query'], reportKey: ['kms:Decrypt'], safeguardingKey: [], receiptSecret: false },
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
    access: { table: ['dynamodb:GetItem', 'dynamodb:Query'], reportKey: [], safeguardingKey: ['kms:Decrypt'], receiptSecret: false },
    timeoutSeconds: 60,
    memorySize: 1024,
  },
] as const;
