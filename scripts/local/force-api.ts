/**
 * One force's API, locally: the process stands in for that force's API
 * Gateway and Lambda functions. Started by the local system with the force's
 * environment (FORCE_ID, TABLE_NAME, DYNAMODB_ENDPOINT, KEY_SOURCE=local, …).
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { ROUTES } from '../../infra/routes';
import { buildWebAssets } from '../../web/build';
import { createLambdaHttpServer, type BridgeRoute, type HttpLambda } from './lambda-http-bridge';
import { startReferralPoller } from './referral-poller';
import { startRetentionPoller } from './retention-poller';
import { jwtAuthorizer, TokenRefusedError } from './jwt-authorizer';
import { localConsoleFiles } from './console-files';

/**
 * Loads every route's handler module and serves them.
 *
 * @example
 * const server = await serveForceApi({ port: 3000, host: '127.0.0.1' });
 */
export async function serveForceApi(options: { port: number; host?: string; corsOrigins?: string[] }) {
  // The web form's site (force name, support directory), as the web construct sets it in AWS.
  const siteFile = resolve(import.meta.dirname, '../../web/sites', `${process.env.FORCE_ID ?? ''}.json`);
  if (!process.env.WEB_SITE_CONFIG && existsSync(siteFile)) process.env.WEB_SITE_CONFIG = readFileSync(siteFile, 'utf8');
  const assets = await buildWebAssets();
  const routes: BridgeRoute[] = [];
  const { TOKEN_ISSUER, TOKEN_AUDIENCE } = process.env;
  // As the API's JWT authorizer: staff routes need a token from this force's issuer; without one configured, nobody gets in.
  const authorize =
    TOKEN_ISSUER && TOKEN_AUDIENCE
      ? jwtAuthorizer({ issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE })
      : async () => {
          throw new TokenRefusedError('no issuer configured');
        };
  for (const route of ROUTES) {
    const module = (await import(pathToFileURL(resolve(import.meta.dirname, '../..', route.entry)).href)) as { handler: HttpLambda };
    routes.push({ method: route.method, path: route.path, handler: module.handler, ...(route.auth === 'public' ? {} : { authorize }) });
  }
  const consoleFiles = await localConsoleFiles(options.port);
  const server = createLambdaHttpServer({
    routes,
    corsOrigins: options.corsOrigins ?? [],
    staticFiles: [{ prefix: '/assets/', dir: assets }, ...(consoleFiles ? [consoleFiles] : [])],
  });
  await new Promise<void>((ready) => server.listen(options.port, options.host ?? '127.0.0.1', ready));
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.PORT ?? 3000);
  const corsOrigins = (process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean);
  const server = await serveForceApi({ port, corsOrigins });
  if (process.env.REFERRAL_POLL_MS) startReferralPoller(Number(process.env.REFERRAL_POLL_MS));
  if (process.env.RETENTION_POLL_MS) startRetentionPoller(Number(process.env.RETENTION_POLL_MS));
  process.send?.({ ready: true, port });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
