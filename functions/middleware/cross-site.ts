/**
 * Refuses HTML form posts (urlencoded) sent from another website. Without
 * this, a hostile page could post a report in the victim's browser, or post
 * a form step whose hidden fields pre-fill answers (an abuser's number as the
 * "safe" contact). Browsers say where a post comes from: `Sec-Fetch-Site`
 * (every current browser), else `Origin`. A post that is cross-site by either
 * is refused with 403 and a page that keeps nothing and carries nothing over:
 * the victim starts afresh from GET /form. Same-origin posts, and clients
 * that send neither header (JSON and other non-browser clients, which no
 * hostile page can drive), are unaffected.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CrossSitePostProblem } from './problems';
import { languageFromHeader } from '../../web/i18n';
import { pageContext } from '../../web/page-context';
import { crossSitePage } from '../../web/pages';
import { siteFromEnv } from '../../web/site';
import { isFormPost } from './form-posts';
import { htmlResponse } from './html-response';

/** `Sec-Fetch-Site` values of a request this site's own pages (or the person, typing) made. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

function lowerCased(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

/**
 * Whether a request came from another website. Our own origins are this
 * request's host (locally, and any host a proxy forwards) and the force's
 * site origins (`SITE_ORIGINS`, comma-separated: behind CloudFront the API
 * sees its own host, not the site's).
 *
 * @example
 * isCrossSite({ 'sec-fetch-site': 'cross-site' }); // true
 * isCrossSite({ origin: 'https://report.example.org', host: 'report.example.org' }); // false
 */
export function isCrossSite(headers: Record<string, string | undefined>, siteOrigins: readonly string[] = []): boolean {
  const lower = lowerCased(headers);
  const fetchSite = lower['sec-fetch-site'];
  if (fetchSite !== undefined) return !OWN_FETCH_SITES.has(fetchSite.trim().toLowerCase());
  const origin = lower.origin;
  if (origin === undefined) return false;
  const hosts = [lower['x-forwarded-host'], lower.host].filter((host): host is string => Boolean(host));
  const own = new Set([...siteOrigins, ...hosts.flatMap((host) => [`https://${host}`, `http://${host}`])].map((value) => value.toLowerCase()));
  // `null` is what a sandboxed frame or a privacy-stripped redirect sends: never our own page.
  return !own.has(origin.trim().toLowerCase());
}

function siteOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.SITE_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/**
 * Register it before the route's page and problem middlewares (so its
 * `onError` runs last and its page is the answer) and before any body parser.
 *
 * @example
 * middy().use(refuseCrossSiteForms()).use(form.pages).use(safeHeaders()) …
 */
export function refuseCrossSiteForms(): MiddlewareObj<APIGatewayProxyEventV2> {
  const refused = new WeakSet<object>();
  return {
    before: async (request) => {
      const { event } = request;
      if (event.requestContext?.http?.method !== 'POST' || !isFormPost({ headers: lowerCased(event.headers) })) return;
      if (!isCrossSite(event.headers ?? {}, siteOrigins())) return;
      refused.add(event);
      // Nothing of the body is read: not parsed, not validated, not rendered.
      throw new CrossSitePostProblem();
    },
    onError: async (request) => {
      if (!refused.has(request.event)) return;
      const site = siteFromEnv();
      const lang = languageFromHeader(lowerCased(request.event.headers)['accept-language']);
      request.response = htmlResponse(403, crossSitePage(await pageContext({ lang, site, state: {} })), {}, site);
    },
  };
}
