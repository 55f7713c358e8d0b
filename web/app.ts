/**
 * The web form as two functions, one per route: GET /form starts a
 * journey, POST /form moves it on. The Lambda handler is a thin shell over these.
 */
import { randomUUID } from 'node:crypto';
import { languageFromHeader } from './i18n';
import { advance, languageOf } from './journey/engine';
import { formStateFrom, type FormState } from './journey/form-state';
import { fieldForPath } from './journey/steps';
import { fieldErrors, pageContext } from './page-context';
import { confirmationPage, languagesPage, safetyPage, statusPage, stepPage } from './pages';
import type { SiteConfig } from './site';

/**
 * A fresh journey: the language from Accept-Language, and a random key that
 * makes sending the same answers twice store one report (the API's
 * Idempotency-Key). No cookie, nothing stored.
 *
 * @example
 * const page = await startPage(site, event.headers['accept-language']);
 */
export async function startPage(site: SiteConfig, acceptLanguage: string | undefined): Promise<string> {
  const lang = languageFromHeader(acceptLanguage, site.languages);
  const state: FormState = { 'journey.lang': [lang], 'journey.key': [randomUUID()] };
  return stepPage(await pageContext({ lang, site, state }), 'danger');
}

/**
 * Renders the page that follows a POST of the journey form.
 *
 * @param body the urlencoded body as `node:querystring` parses it
 * @example
 * const { status, page } = await formPost(site, parse(event.body));
 */
export async function formPost(site: SiteConfig, body: Record<string, unknown>): Promise<{ status: number; page: string }> {
  const posted = formStateFrom(body);
  if (!posted['journey.key']) posted['journey.key'] = [randomUUID()];
  const action = typeof body.action === 'string' ? body.action : Array.isArray(body.action) && typeof body.action[0] === 'string' ? body.action[0] : 'continue';
  const outcome = advance(posted, action, site.languages);
  const lang = languageOf(outcome.state, site.languages);
  if (outcome.page === 'languages') return { status: 200, page: languagesPage(await pageContext({ lang, site, state: outcome.state })) };
  if (outcome.page === 'safety') return { status: 200, page: safetyPage(await pageContext({ lang, site, state: outcome.state })) };
  if (outcome.page === 'status') return { status: 200, page: statusPage(await pageContext({ lang, site, state: outcome.state })) };
  if (outcome.page === 'confirmation') {
    return { status: 200, page: confirmationPage(await pageContext({ lang, site, state: outcome.state }), { receipt: outcome.receipt, urgent: outcome.urgent }) };
  }
  const context = await pageContext({ lang, site, state: outcome.state });
  const errors = fieldErrors(context.t, outcome.problems, fieldForPath);
  return { status: errors.size ? 400 : 200, page: stepPage({ ...context, errors }, outcome.step) };
}
