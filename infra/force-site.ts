/**
 * A force's web-form site (branding, neutral exit page, support directory,
 * locale overrides) for the CDK app: the same `web/sites/<code>.json` the
 * local force API serves, so what a force reviews locally is what it deploys.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NATIONAL_DIRECTORY, type SiteConfigInput } from '../web/site';
import type { ForceConfig } from './force-config';

/** The folder of the per-force site files. */
export const SITES_DIR = resolve(import.meta.dirname, '..', 'web', 'sites');

/** Raised when a force's site file is not JSON; the construct validates its fields. */
export class ForceSiteError extends Error {
  constructor(readonly file: string) {
    super(`invalid web site file ${file}: not readable as JSON`);
    this.name = 'ForceSiteError';
  }
}

/**
 * The site of a force: `web/sites/<code>.json`, or, without one, the force's
 * name with the national support directory.
 *
 * @example
 * const site = forceSite(config); // { forceName: 'Exampleshire Police (example force)', directory: [...] }
 */
export function forceSite(config: Pick<ForceConfig, 'code' | 'name'>, dir: string = SITES_DIR): SiteConfigInput {
  const file = join(dir, `${config.code}.json`);
  if (!existsSync(file)) return { forceName: config.name, directory: NATIONAL_DIRECTORY };
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SiteConfigInput;
  } catch {
    throw new ForceSiteError(file);
  }
}
