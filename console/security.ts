/**
 * The console's security headers, one definition for the local server and
 * CloudFront: a strict Content-Security-Policy (scripts and styles from the
 * console's own origin only, nothing inline; connections to the force API —
 * the same origin — and the sign-in service only; no framing; Trusted Types
 * required, with one policy that admits only MOJ Frontend's own sort-arrow
 * icons), no caching of anything, and no referrer.
 */

/** The name of the only Trusted Types policy the console creates (console/src/trusted-types.ts). */
export const TRUSTED_TYPES_POLICY = 'default';

/**
 * @example
 * consoleContentSecurityPolicy('https://exampleshire.auth.eu-west-2.amazoncognito.com')
 */
export function consoleContentSecurityPolicy(signInOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self' ${signInOrigin}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "manifest-src 'none'",
    "worker-src 'none'",
    "require-trusted-types-for 'script'",
    `trusted-types ${TRUSTED_TYPES_POLICY}`,
  ].join('; ');
}

/** Every header the console's files are served with. */
export function consoleSecurityHeaders(signInOrigin: string): Record<string, string> {
  return {
    'Content-Security-Policy': consoleContentSecurityPolicy(signInOrigin),
    'Cache-Control': 'no-store, max-age=0',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
