/**
 * A force's web-form site: its name, brand colour, neutral exit page,
 * support directory and locale overrides. In AWS the web-form construct
 * passes it to the functions as `WEB_SITE_CONFIG` (JSON); locally the force
 * API reads `web/sites/<force>.json`. Without one, national services are shown.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { LANGUAGES, type Language, type Messages } from './i18n';
import { overrideProblem } from './message-arguments';

export const DirectoryEntrySchema = z
  .object({
    name: z.string().min(2).max(120),
    description: z.string().min(2).max(300),
    phone: z.string().regex(/^[\d ]{3,20}$/).optional(),
    textphone: z.string().regex(/^[\d ]{3,20}$/).optional(),
    hours: z.string().max(80).optional(),
    /** Shown as text, never as a link: a link click can leave a trace in a monitored browser. */
    website: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}(\/[\w./-]*)?$/i).optional(),
  })
  .strict();

export const SiteConfigSchema = z
  .object({
    forceName: z.string().min(3).max(120),
    /** CSS colour for the header bar; checked for contrast by the e2e axe run. */
    brandColour: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#1d70b8'),
    /** The neutral page Exit this page leads to. */
    exitUrl: z.url({ protocol: /^https$/ }).default('https://www.bbc.co.uk/weather'),
    directory: z.array(DirectoryEntrySchema).min(1).max(20),
    /** The languages this force offers, English first as the fallback; every one has a complete shipped locale. */
    languages: z
      .array(z.enum(LANGUAGES))
      .min(1)
      .max(LANGUAGES.length)
      .refine((languages) => languages[0] === 'en', 'must start with en')
      .refine((languages) => new Set(languages).size === languages.length, 'must not repeat a language')
      .default(['en', 'cy']),
    /** Overrides of any message, by language; each must be valid ICU MessageFormat with English's arguments. */
    locales: z.partialRecord(z.enum(LANGUAGES), z.record(z.string().max(200), z.string().max(5_000))).default({}),
  })
  .strict()
  .superRefine((site, context) => {
    for (const [lang, messages] of Object.entries(site.locales)) {
      for (const [key, message] of Object.entries(messages ?? {})) {
        const problem = overrideProblem(key, message);
        if (problem) context.addIssue({ code: 'custom', path: ['locales', lang, key], message: problem });
      }
    }
  });

export type SiteConfig = z.output<typeof SiteConfigSchema>;
export type SiteConfigInput = z.input<typeof SiteConfigSchema>;
export type DirectoryEntry = z.output<typeof DirectoryEntrySchema>;

/** National services a victim in England or Wales can call whatever force they are in. */
export const NATIONAL_DIRECTORY: DirectoryEntry[] = [
  { name: 'National Domestic Abuse Helpline (Refuge)', description: 'Free, confidential support for anyone experiencing domestic abuse, with interpreters.', phone: '0808 2000 247', hours: '24 hours' },
  { name: 'Live Fear Free helpline (Wales)', description: 'Free, confidential help and advice in Welsh or English about domestic abuse and sexual violence.', phone: '0808 80 10 800', hours: '24 hours' },
  { name: 'Karma Nirvana', description: 'Support for victims of so-called honour-based abuse and forced marriage.', phone: '0800 5999 247' },
  { name: "Men's Advice Line", description: 'Support for men experiencing domestic abuse.', phone: '0808 8010 327' },
  { name: 'Galop', description: 'Support for LGBT+ people experiencing abuse.', phone: '0800 999 5428' },
  { name: 'Modern Slavery & Exploitation Helpline', description: 'Confidential help if you or someone you know is being forced to work or controlled.', phone: '08000 121 700', hours: '24 hours' },
];

/** Raised when WEB_SITE_CONFIG is not valid; names the fields, never the values. */
export class SiteConfigError extends Error {
  constructor(readonly fields: string[]) {
    super(`invalid WEB_SITE_CONFIG: ${fields.join(', ')}`);
    this.name = 'SiteConfigError';
  }
}

/**
 * Validates a site config.
 *
 * @example
 * const site = parseSiteConfig({ forceName: 'Exampleshire Police', directory: NATIONAL_DIRECTORY });
 */
export function parseSiteConfig(input: unknown): SiteConfig {
  const parsed = SiteConfigSchema.safeParse(input);
  if (!parsed.success) throw new SiteConfigError([...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))]);
  return parsed.data;
}

/** A readable force name from a force id, for sites without a config ("exampleshire" → "Exampleshire Police"). */
function nameFromForceId(forceId: string): string {
  return `${forceId
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ')} Police`;
}

/**
 * The site of this environment: `WEB_SITE_CONFIG` if set, else a default named after FORCE_ID.
 *
 * @example
 * const site = siteFromEnv(process.env);
 */
export function siteFromEnv(env: NodeJS.ProcessEnv = process.env): SiteConfig {
  if (env.WEB_SITE_CONFIG) {
    let raw: unknown;
    try {
      raw = JSON.parse(env.WEB_SITE_CONFIG);
    } catch {
      throw new SiteConfigError(['(not JSON)']);
    }
    return parseSiteConfig(raw);
  }
  return parseSiteConfig({ forceName: nameFromForceId(env.FORCE_ID ?? 'local'), directory: NATIONAL_DIRECTORY });
}

export function localeOverrides(site: SiteConfig): Partial<Record<Language, Messages>> {
  return site.locales;
}

/** The one inline style of every page (the force's colour); the page CSP allows it by hash. */
export function brandStyle(site: SiteConfig): string {
  return `:root{--sp-brand-colour:${site.brandColour}}`;
}

export function brandStyleHash(site: SiteConfig): string {
  return `'sha256-${createHash('sha256').update(brandStyle(site)).digest('base64')}'`;
}
