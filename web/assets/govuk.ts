/**
 * Typed access to GOV.UK Frontend's browser module. The build (web/build.ts)
 * makes this import external, so the browser loads the package's own
 * govuk-frontend.min.js from the same folder.
 */
// @ts-expect-error -- the package ships no type declarations; the two names used are typed below.
import * as govuk from 'govuk-frontend';

export const ExitThisPage = (govuk as { ExitThisPage: { prototype: object } }).ExitThisPage;
export const initAll = (govuk as { initAll: (config?: { onError?: (error: unknown) => void }) => void }).initAll;
