/**
 * HTML answers: the page, `no-store` and the other security headers already
 * set by `safeHeaders`, and a content security policy that lets the page load
 * its own assets and nothing else.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NO_STORE_HEADERS } from './safe-headers';
import { brandStyleHash, type SiteConfig } from '../../web/site';

/** Scripts, styles, images and fonts from this origin only; the one inline style is allowed by its hash. */
export function pageCsp(site: SiteConfig): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${brandStyleHash(site)}`,
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * @example
 * return htmlResponse(200, page, response.headers, site);
 */
export function htmlResponse(
  statusCode: number,
  page: string,
  headers: Record<string, string | number | boolean> | undefined,
  site: SiteConfig,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      ...headers,
      ...NO_STORE_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': pageCsp(site),
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex, nofollow',
    },
    body: page,
  };
}
