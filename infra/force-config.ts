/**
 * The force config: one JSON file per police force under `infra/forces/`,
 * validated with zod before any construct is built, so a typo fails synth
 * with the file and the field at fault instead of a half-built stack.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import * as z from 'zod';
import { DATA_CLASSES, type DataClass } from '../schemas/data-class';
import { RECIPIENT_TYPES } from '../schemas/report';
import { BODY_CLASSES, type BodyClass } from '../schemas/retention';

/** Force codes double as FORCE_ID in the functions, so they follow its pattern. */
export const FORCE_CODE_PATTERN = /^[a-z0-9-]{2,32}$/;

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });

/** A web-form origin: scheme and host (and port) only, no path, no wildcard. */
const origin = z
  .string()
  .regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'must be an https origin such as https://report.example.org (no path, no wildcard)');

/** UK postcode area: the one or two letters at the start of a postcode (e.g. "S", "DN"). */
const postcodeArea = z.string().regex(/^[A-Z]{1,2}$/, 'must be a UK postcode area such as "S" or "DN"');

const days = z.number().int().positive().max(3650);

/**
 * A support charity the force refers victims to.
 *
 * No-proxy rule (docs/deploy.md): a charity's `id` and `name` travel with
 * referrals, queue views and exports, so they must not reveal immigration
 * status (no "migrant service" style names). Say what the service does
 * in `servicesOffered` instead, which only the referral itself carries.
 */
export const CharitySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,48}$/, 'must be lower-case letters, digits and dashes'),
    name: z.string().min(2).max(120),
    recipientTypes: z.array(z.enum(RECIPIENT_TYPES)).min(1),
    servicesOffered: z.array(z.string().min(2).max(80)).min(1),
    areasServed: z.array(postcodeArea).min(1),
    /** BCP 47 language tags, e.g. "en", "pl", "pa-Guru". */
    languages: z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag')).min(1),
    webhookUrl: httpsUrl,
    /** A by-and-for specialist service: led by and for the communities it serves. */
    byAndFor: z.boolean(),
  })
  .strict();

/** An outbound integration with an enforcement system; the firewall keeps it away from protected data. */
export const EnforcementIntegrationSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,48}$/, 'must be lower-case letters, digits and dashes'),
    purpose: z.literal('enforcement'),
    endpoint: httpsUrl,
    /** Name of the payload contract the integration receives (a schema name, never a free-form dump). */
    payloadContract: z.string().regex(/^[a-z0-9-]+@v\d+$/, 'must be a contract name such as "crime-report@v1"'),
  })
  .strict();

export const ForceConfigSchema = z
  .object({
    /** Short code: names the stack and is the functions' FORCE_ID. */
    code: z.string().regex(FORCE_CODE_PATTERN, 'must be 2-32 lower-case letters, digits or dashes'),
    name: z.string().min(3).max(120),
    /** Optional target; without it the stack stays environment-agnostic. */
    account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-2').optional(),
    /** Origins of the force's web form; CORS allows these and nothing else. */
    allowedOrigins: z.array(origin).min(1),
    /** Days each data class is kept, keyed by every data class of schemas/data-class.ts. */
    retentionDays: z.record(z.enum(DATA_CLASSES), days),
    charities: z.array(CharitySchema),
    enforcementIntegrations: z.array(EnforcementIntegrationSchema),
    /**
     * Seeded values that must never leave in any outbound payload (e.g. a fictitious nationality planted in a
     * test report): the last-line guard of every referral and suspect check refuses a send that holds one.
     */
    canaries: z.array(z.string().min(6).max(200)).max(100).default([]),
    /** Who gets the operational alarms (errors, throttles); an SNS e-mail subscription. */
    alarmEmail: z.email(),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [list, field] of [
      [config.charities, 'charities'],
      [config.enforcementIntegrations, 'enforcementIntegrations'],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((entry, index) => {
        if (seen.has(entry.id)) ctx.addIssue({ code: 'custom', path: [field, index, 'id'], message: 'duplicate id' });
        seen.add(entry.id);
      });
    }
  });

export type ForceConfig = z.output<typeof ForceConfigSchema>;

/** Raised when a force config file is unreadable or invalid; names the file and each field at fault. */
export class ForceConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid force config ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ForceConfigError';
  }
}

/**
 * Parses and validates one force config file. The file must be named after
 * the force code (`<code>.json`) so a copy-paste cannot deploy a force under
 * another force's name.
 *
 * @example
 * const config = loadForceConfig('infra/forces/exampleshire.json');
 */
export function loadForceConfig(file: string): ForceConfig {
  const shown = relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ForceConfigError(shown, [`not readable as JSON (${(error as Error).message})`]);
  }
  const parsed = ForceConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ForceConfigError(
      shown,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const expected = `${parsed.data.code}.json`;
  if (basename(file) !== expected) {
    throw new ForceConfigError(shown, [`code: file must be named ${expected} after the force code`]);
  }
  return parsed.data;
}

/** The folder holding the force configs. */
export const FORCES_DIR = join(import.meta.dirname, 'forces');

/**
 * Loads every `*.json` force config in a folder, sorted by code.
 *
 * @example
 * const forces = loadForceConfigs();
 */
export function loadForceConfigs(dir: string = FORCES_DIR): ForceConfig[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => loadForceConfig(join(dir, name)));
}

/**
 * Days each class of the report body is kept: the functions seal the body in
 * one part per distinct value (functions/domain/retention/parts.ts), and the
 * retention worker removes each part on its date.
 *
 * @example
 * bodyRetentionDays(loadForceConfig('infra/forces/demoshire.json')).contact; // 60
 */
export function bodyRetentionDays(config: Pick<ForceConfig, 'retentionDays'>): Record<BodyClass, number> {
  return Object.fromEntries(BODY_CLASSES.map((dataClass) => [dataClass, config.retentionDays[dataClass]])) as Record<BodyClass, number>;
}

/**
 * How long a report item lives: as long as its longest-kept data class, so
 * no class is lost early. Each sealed part (the protected section, and the
 * body's part per retention period) is removed on its own date by the
 * retention worker (functions/domain/retention); the plaintext routing
 * attributes leave with the item, which the same worker deletes at the
 * report's end (infra/retention-table.ts prints what is kept how long). The
 * table TTL, on the same date, is the backstop for the item.
 */
export function reportRetentionDays(config: Pick<ForceConfig, 'retentionDays'>): number {
  return Math.max(...DATA_CLASSES.map((dataClass: DataClass) => config.retentionDays[dataClass]));
}
