import type { App } from 'aws-cdk-lib';
import { type ForceConfig, loadForceConfigs } from './force-config';
import { ForceStack } from './force-stack';

/** Raised when `-c force=<code>` names no configured force. */
export class UnknownForceError extends Error {
  constructor(
    readonly force: string,
    readonly known: string[],
  ) {
    super(`no force config for "${force}"; configured forces: ${known.join(', ')}`);
    this.name = 'UnknownForceError';
  }
}

export interface BuildForceAppOptions {
  /** Only this force code; all forces when absent. */
  force?: string;
  /** Defaults to every config under infra/forces/. */
  configs?: ForceConfig[];
}

/** The stack id of a force: `SafePathway-<code>`. */
export function forceStackId(code: string): string {
  return `SafePathway-${code}`;
}

/**
 * Adds one ForceStack per force (or the selected one) to the app.
 *
 * @example
 * const stacks = buildForceApp(new App(), { force: 'exampleshire' });
 */
export function buildForceApp(app: App, options: BuildForceAppOptions = {}): ForceStack[] {
  const configs = options.configs ?? loadForceConfigs();
  const selected = options.force ? configs.filter((config) => config.code === options.force) : configs;
  if (options.force && selected.length === 0) {
    throw new UnknownForceError(options.force, configs.map((config) => config.code));
  }
  return selected.map((config) => new ForceStack(app, forceStackId(config.code), { config }));
}
