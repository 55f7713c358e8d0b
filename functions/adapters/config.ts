/**
 * Runtime configuration of a force's functions, read once per cold start from
 * the environment the CDK stack (or the local system) sets.
 */
import * as z from 'zod';
import { BODY_CLASSES } from '../../schemas/retention';

const positiveInt = z.coerce.number().int().positive();

export const RuntimeConfigSchema = z.discriminatedUnion('KEY_SOURCE', [
  z.object({
    KEY_SOURCE: z.literal('kms'),
    /** ARN of the force's report key (KMS). */
    REPORT_KEY_ARN: z.string().min(1),
    /** ARN of the separate safeguarding key that seals the protected-immigration class. */
    SAFEGUARDING_KEY_ARN: z.string().min(1),
    /** Secrets Manager ARN of the force's receipt secret; set only on functions granted to read it. */
    RECEIPT_SECRET_ARN: z.string().min(1).optional(),
  }),
  z.object({
    KEY_SOURCE: z.literal('local'),
    /** Git-ignored folder holding local key material, generated on first start. */
    LOCAL_KEY_DIR: z.string().min(1),
  }),
]).and(
  z.object({
    FORCE_ID: z.string().regex(/^[a-z0-9-]{2,32}$/),
    TABLE_NAME: z.string().min(3),
    /** Only set locally: DynamoDB Local's endpoint. */
    DYNAMODB_ENDPOINT: z.url().optional(),
    RETENTION_DAYS_REPORT: positiveInt.default(365),
    /**
     * Days the protected-immigration section is kept (the force config's `retentionDays`), after which the
     * retention worker deletes its ciphertext; unset, it leaves with the report (never later).
     */
    RETENTION_DAYS_PROTECTED: positiveInt.optional(),
    /**
     * Days each class of the report body is kept (the force config's `retentionDays`, as JSON): the body is
     * sealed in one part per distinct number of days, each removed by the retention worker on its date
     * (functions/domain/retention/parts.ts). A class not named is kept as long as the report.
     */
    RETENTION_DAYS_CLASSES: z
      .preprocess((value) => {
        if (typeof value !== 'string') return value;
        try {
          return JSON.parse(value) as unknown;
        } catch {
          return value;
        }
      }, z.partialRecord(z.enum(BODY_CLASSES), z.number().int().positive()))
      .optional(),
    /** Receipt-channel messages: days the victim's text (class `account`) and staff's (class `staff-message`) are kept. */
    RETENTION_DAYS_ACCOUNT: positiveInt.default(365),
    RETENTION_DAYS_STAFF_MESSAGE: positiveInt.default(365),
    STATUS_MAX_FAILURES: positiveInt.default(10),
    /** Look-ups of throttled sources checked per window across the force (functions/domain/status/look-up-status.ts). */
    STATUS_MAX_THROTTLED_CHECKS: positiveInt.default(1_000),
    STATUS_WINDOW_SECONDS: positiveInt.default(900),
    /** Largest request body accepted, in bytes; larger ones get 413 before parsing. */
    MAX_BODY_BYTES: positiveInt.default(512 * 1024),
    /** Staff routes: the force's token issuer (its Cognito user pool) and app client id; set on authenticated functions. */
    TOKEN_ISSUER: z.url().optional(),
    TOKEN_AUDIENCE: z.string().min(1).optional(),
    /** How long a claim holds a report before it returns to the queue, in seconds. */
    LEASE_SECONDS: positiveInt.default(900),
    /** How long s.62 audit records are kept before TTL removes them, in days (default six years). */
    RETENTION_DAYS_AUDIT: positiveInt.default(2190),
  }),
);

export type RuntimeConfig = z.output<typeof RuntimeConfigSchema>;

/** Raised at cold start when the environment is incomplete; names the variables, never their values. */
export class RuntimeConfigError extends Error {
  constructor(readonly variables: string[]) {
    super(`invalid function environment: ${variables.join(', ')}`);
    this.name = 'RuntimeConfigError';
  }
}

/**
 * Reads and validates the function environment.
 *
 * @example
 * const config = readRuntimeConfig(process.env);
 */
export function readRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = RuntimeConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new RuntimeConfigError([...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'KEY_SOURCE'))]);
  }
  return parsed.data;
}
