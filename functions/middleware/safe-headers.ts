/**
 * Security headers on every answer, errors included, with `no-store` so no
 * browser, proxy or shared device keeps a copy of anything a victim sent or saw.
 */
import type { MiddlewareObj } from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';

export const NO_STORE_HEADERS = {
  'Cache-Control': 'no-store, max-age=0',
  Pragma: 'no-cache',
} as const;

/**
 * @example
 * middy(handler).use(safeHeaders()).use(httpProblems());
 */
export const safeHeaders = (): MiddlewareObj[] => {
  const noStore = async (request: { response: unknown }) => {
    const response = request.response as { headers?: Record<string, string> } | undefined;
    if (response && typeof response === 'object') {
      response.headers = { ...response.headers, ...NO_STORE_HEADERS };
    }
  };
  // Registered first, so its after/onError run last, over the final response.
  return [{ after: noStore, onError: noStore }, httpSecurityHeaders({ contentSecurityPolicy: { 'default-src': "'none'", 'frame-ancestors': "'none'" } })];
};
