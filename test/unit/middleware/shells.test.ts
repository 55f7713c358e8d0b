/**
 * One shell per kind of route: every handler file is its own few lines
 * composed through a named shell factory (functions/middleware/shells.ts),
 * and every HTTP route, whatever its kind, counts a refusal the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metrics } from '../../../functions/adapters/observability';
import { supervisorHandler } from '../../../functions/staff/staff-handler';
import { ROUTES } from '../../../infra/routes';
import { httpEvent, lambdaContext } from '../../support/reports';

const ROOT = join(import.meta.dirname, '../../..');
const MAX_HANDLER_LINES = 60;
const SHELL_FACTORIES = /\b(staffHandler|supervisorHandler|channelHandler|intakeShell|pageShell|workerShell)(<[^(]*>)?\(/;

/** Every function's entry file: functions/<name>/handler.ts. */
function handlerFiles(): string[] {
  return readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `functions/${entry.name}/handler.ts`)
    .filter((file) => {
      try {
        readFileSync(join(ROOT, file));
        return true;
      } catch {
        return false;
      }
    });
}

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

describe('handler shells', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps every handler file at 60 lines or fewer, naming any that is longer', () => {
    const files = handlerFiles();
    expect(files.length).toBeGreaterThan(20);
    const offenders = files
      .map((file) => ({ file, lines: readFileSync(join(ROOT, file), 'utf8').trimEnd().split('\n').length }))
      .filter(({ lines }) => lines > MAX_HANDLER_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(offenders).toEqual([]);
  });

  it('builds every handler through a named shell, never a middy chain of its own', () => {
    const offenders = handlerFiles().filter((file) => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      return /from '@middy\/core'/.test(source.replace(/import type [^;]*;/g, '')) || !SHELL_FACTORIES.test(source);
    });
    expect(offenders).toEqual([]);
  });

  it('refuses to file a route a call handler may take under the supervisor shell', () => {
    expect(() => supervisorHandler({ action: 'queue:claim' as never, run: async () => ({ statusCode: 200 }) })).toThrow(/not a supervisor-only action/);
  });

  it('counts a refusal as RequestRefused on every HTTP route of every kind, without touching a store', async () => {
    const addMetric = vi.spyOn(metrics, 'addMetric');
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const refusedBy: string[] = [];
    for (const route of ROUTES) {
      const { handler } = (await import(join(ROOT, route.entry))) as { handler: Handler };
      addMetric.mockClear();
      // Staff routes: no token (401). Public routes: a body type no route takes (415).
      const event = httpEvent(route.method, route.path, { body: 'x', headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' } });
      if (route.method === 'GET' && route.auth === 'public') continue;
      const response = await handler(event, lambdaContext(route.name));
      const refusals = addMetric.mock.calls.filter(([name]) => name === 'RequestRefused').length;
      refusedBy.push(`${route.name} ${route.path}: ${response.statusCode} ${refusals}`);
    }
    const expected = ROUTES.filter((route) => !(route.method === 'GET' && route.auth === 'public')).map(
      (route) => `${route.name} ${route.path}: ${route.auth === 'public' ? 415 : 401} 1`,
    );
    expect(refusedBy).toEqual(expected);
  }, 60_000);
});
