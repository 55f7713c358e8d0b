/**
 * The call-handler console as a force API serves it locally: built into a
 * folder of its own, with the force's config.json (its issuer, the local
 * OpenID Connect provider) and the same security headers CloudFront adds in
 * AWS. Served at /console/ on the API's own origin, so the console's calls
 * need no CORS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../../console/build';
import { oidcConsoleConfig, signInOrigin } from '../../console/config';
import { consoleSecurityHeaders } from '../../console/security';
import type { StaticFiles } from './lambda-http-bridge';

/**
 * Builds the console for the force in this process's environment
 * (FORCE_ID, TOKEN_ISSUER, TOKEN_AUDIENCE); undefined when no issuer is configured.
 *
 * @example
 * const files = await localConsoleFiles(3000); // { prefix: '/console/', dir, headers, index }
 */
export async function localConsoleFiles(port: number): Promise<StaticFiles | undefined> {
  const { FORCE_ID, TOKEN_ISSUER, TOKEN_AUDIENCE } = process.env;
  if (!FORCE_ID || !TOKEN_ISSUER || !TOKEN_AUDIENCE) return undefined;
  const dir = await buildConsole(mkdtempSync(join(tmpdir(), `safe-pathway-console-${FORCE_ID}-`)));
  const config = oidcConsoleConfig({
    forceId: FORCE_ID,
    issuer: TOKEN_ISSUER,
    clientId: TOKEN_AUDIENCE,
    consoleUrl: `http://127.0.0.1:${port}/console/`,
    ...(process.env.CONSOLE_IDLE_MINUTES ? { idleMinutes: Number(process.env.CONSOLE_IDLE_MINUTES) } : {}),
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return { prefix: '/console/', dir, index: 'index.html', headers: consoleSecurityHeaders(signInOrigin(config)) };
}
