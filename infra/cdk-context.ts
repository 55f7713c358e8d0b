/**
 * The CDK context of cdk.json (feature flags included), for apps built outside
 * the CDK CLI — the infra tests and the bench — so they synthesise exactly the
 * templates `npm run synth` does.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CDK_JSON = fileURLToPath(new URL('../cdk.json', import.meta.url));

/**
 * @example
 * const app = new App({ context: cdkJsonContext() });
 */
export function cdkJsonContext(): Record<string, unknown> {
  const parsed = JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> };
  return { ...parsed.context };
}
