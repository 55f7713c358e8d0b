/**
 * GET /form and POST /form — the reference web form, rendered on the server
 * so it works with JavaScript off. Every step posts back here with the
 * answers so far in hidden fields; the final step posts to POST /reports.
 * This function holds no keys and touches no table: it only renders.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { formPost, startPage } from '../../web/app';
import { refuseCrossSiteForms } from '../middleware/cross-site';
import { htmlResponse } from '../middleware/html-response';
import { pageContext } from '../../web/page-context';
import { problemPage } from '../../web/pages';
import { siteFromEnv, type SiteConfig } from '../../web/site';
import { logger, metrics } from '../adapters/observability';
import { pageShell } from '../middleware/shells';

let site: SiteConfig | undefined;

async function serveForm(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  site ??= siteFromEnv();
  if (event.requestContext.http.method === 'GET') {
    return htmlResponse(200, await startPage(site, event.headers['accept-language']), {}, site);
  }
  const { status, page } = await formPost(site, (event.body ?? {}) as unknown as Record<string, unknown>);
  logger.info('form step', { status });
  return htmlResponse(status, page, {}, site);
}

/**
 * Runs after the security headers: puts back the page's own CSP (theirs is
 * the API's `default-src 'none'`), and answers any failure with a page that
 * still has Exit this page on it, never a bare error.
 */
const htmlPages = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => ({
  after: async (request) => {
    site ??= siteFromEnv();
    const response = request.response as { statusCode: number; body: string; headers?: Record<string, string> };
    request.response = htmlResponse(response.statusCode, response.body, response.headers, site);
  },
  onError: async (request) => {
    if (request.response === undefined) return;
    site ??= siteFromEnv();
    const status = (request.response as { statusCode?: number }).statusCode ?? 500;
    const page = problemPage(await pageContext({ lang: 'en', site, state: {} }));
    request.response = htmlResponse(status, page, (request.response as { headers?: Record<string, string> }).headers, site);
  },
});

// A step posted from another website would pre-fill answers: refused before its body is read, the form starts afresh.
export const handler = pageShell({ logger, metrics }, { crossSite: refuseCrossSiteForms(), pages: htmlPages() }).handler(serveForm);
