/**
 * Trusted Types (the CSP says `require-trusted-types-for 'script'`): the
 * console itself never turns a string into HTML. MOJ Frontend's sortable
 * table inserts its sort-arrow icons as markup, so the one policy the CSP
 * admits (`default`) lets through only an SVG of that exact shape — paths
 * of drawing commands and numbers, nothing else — and refuses everything
 * else, so a report value can never become markup.
 */
export const MOJ_SORT_ARROW =
  /^<svg width="22" height="22" focusable="false" aria-hidden="true" role="img" viewBox="0 0 22 22" fill="none" xmlns="http:\/\/www\.w3\.org\/2000\/svg">\n(<path d="[MLHVZ0-9. ]+" fill="currentColor"\/>\n){1,2}<\/svg>$/;

interface TrustedTypesWindow {
  trustedTypes?: { createPolicy(name: string, rules: { createHTML(input: string): string }): unknown };
}

/** Registers the policy where the browser supports Trusted Types. */
export function installTrustedTypesPolicy(): void {
  const tt = (window as unknown as TrustedTypesWindow).trustedTypes;
  if (!tt) return;
  tt.createPolicy('default', {
    createHTML(input: string): string {
      if (MOJ_SORT_ARROW.test(input)) return input;
      throw new TypeError('HTML from a string is not allowed in the console');
    },
  });
}
