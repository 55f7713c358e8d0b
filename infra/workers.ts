/**
 * Functions that are not HTTP routes, built by ForceWorkers (infra/constructs/workers.ts):
 * - referral-dispatcher: DynamoDB Stream → Lambda (filter INSERT, NewImage.type = "referral"),
 *   handler `handler`; and an EventBridge schedule (every minute) → `sweepHandler`.
 * - retention-worker: an EventBridge schedule (every 15 minutes) → `handler`; deletes the
 *   ciphertext of classes, and the receipt-channel messages, whose retention date has passed, and at a
 *   report's end the report with all its items but its audit records. Table only (sparse-index query,
 *   partition query, transactional update or delete + audit put); no key at all, no secret, no egress.
 * - enforcement-dispatcher: invoked asynchronously by the suspect-check route
 *   (env ENFORCEMENT_DISPATCHER_FUNCTION on that route), with an on-failure destination.
 *   Its role must hold NO table rights and NO rights on either key: the firewall aspect checks purpose=enforcement.
 * - protected-screen: invoked synchronously by the suspect-check route only (env
 *   PROTECTED_SCREEN_FUNCTION on that route). Purpose safeguarding: reads the report item and opens its
 *   protected section to answer which typed fields match a protected value, never a value. The synth-time
 *   firewall counts that one invoke as an answer-only oracle, and any other path from an investigation
 *   principal to the safeguarding key as a violation.
 */
import type { Purpose, TableAction } from './routes';

export interface WorkerSpec {
  name: string;
  entry: string;
  /** Exported handler names in `entry` and what triggers each. */
  triggers: {
    handler: string;
    source: 'dynamodb-stream' | 'schedule' | 'async-invoke' | 'oracle-invoke';
    detail: string;
    /** dynamodb-stream: which records reach the function (a Lambda filter, so the rest never invoke it). */
    stream?: { eventNames: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[]; itemType: string };
    /** schedule: minutes between runs. */
    everyMinutes?: number;
    /** async-invoke, oracle-invoke: the route whose function invokes this one (and only it). */
    invokedBy?: string;
  }[];
  purpose: Purpose;
  access: {
    table: readonly TableAction[];
    reportKey: readonly ('kms:Decrypt' | 'kms:GenerateDataKey')[];
    safeguardingKey: readonly ('kms:Decrypt' | 'kms:GenerateDataKey')[];
    /** Read the receipt secret: forceRuntime() (functions/wiring/runtime.ts) reads it at cold start. */
    receiptSecret: boolean;
    /** Secrets Manager names under this prefix + integration id: the signing secrets (none for a worker that signs nothing). */
    signingSecrets?: 'charities' | 'enforcement-integrations';
    /** Outbound HTTPS to the configured endpoints (absent: the worker talks to the table only). */
    egress?: true;
  };
  timeoutSeconds: number;
}

export const WORKERS: readonly WorkerSpec[] = [
  {
    name: 'referral-dispatcher',
    entry: 'functions/referral-dispatcher/handler.ts',
    triggers: [
      {
        handler: 'handler',
        source: 'dynamodb-stream',
        detail: 'INSERT where NewImage.type.S = "referral"; report batch item failures',
        stream: { eventNames: ['INSERT'], itemType: 'referral' },
      },
      { handler: 'sweepHandler', source: 'schedule', detail: 'rate(1 minute): retries that came due', everyMinutes: 1 },
    ],
    purpose: 'support-referral',
    access: {
      table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
      // GenerateDataKey: the disclosure record seals the charity's id (functions/domain/audit/sealed-text.ts).
      reportKey: ['kms:Decrypt', 'kms:GenerateDataKey'],
      // Only when the victim consented to share the protected section with an eligible recipient type.
      safeguardingKey: ['kms:Decrypt'],
      receiptSecret: false,
      signingSecrets: 'charities',
      egress: true,
    },
    timeoutSeconds: 60,
  },
  {
    name: 'enforcement-dispatcher',
    entry: 'functions/enforcement-dispatcher/handler.ts',
    triggers: [{ handler: 'handler', source: 'async-invoke', detail: 'from suspect-check; retries 2, then on-failure destination', invokedBy: 'suspect-check' }],
    purpose: 'enforcement',
    access: { table: [], reportKey: [], safeguardingKey: [], receiptSecret: false, signingSecrets: 'enforcement-integrations', egress: true },
    timeoutSeconds: 30,
  },
  {
    name: 'protected-screen',
    entry: 'functions/protected-screen/handler.ts',
    triggers: [{ handler: 'handler', source: 'oracle-invoke', detail: 'from suspect-check, synchronously: answers matching field paths only', invokedBy: 'suspect-check' }],
    purpose: 'safeguarding',
    access: {
      // GetItem: the report item; no write, no query, no audit record (the suspect check records the check).
      table: ['dynamodb:GetItem'],
      reportKey: [],
      // The protected section, opened only to screen against it.
      safeguardingKey: ['kms:Decrypt'],
      receiptSecret: false,
    },
    // As long as a route function; its caller waits at most 5 s of it (functions/adapters/protected-screen.ts).
    timeoutSeconds: 10,
  },
  {
    name: 'retention-worker',
    entry: 'functions/retention-worker/handler.ts',
    triggers: [{ handler: 'handler', source: 'schedule', detail: 'rate(15 minutes): remove data classes whose retention date has passed', everyMinutes: 15 }],
    purpose: 'safeguarding',
    access: {
      // Query the due index; one transaction per removal: update report + update schedule entry + put erasure record,
      // or for a receipt-channel message: delete the message + delete its entry + put erasure record;
      // at a report's end: query its partition, delete its items in transactions, then report + entry + erasure record;
      // before the part holding consent: query the report's referrals and update each (its sealed target removed).
      // GetItem only to tell why a removal's condition failed (already removed, not due, report gone).
      table: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      reportKey: [],
      safeguardingKey: [],
      receiptSecret: false,
    },
    timeoutSeconds: 120,
  },
];
