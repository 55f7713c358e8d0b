/**
 * Lets the JSON API's own handlers serve the web form's final posts, so a
 * form report goes through exactly the same parse → ReportSubmissionSchema →
 * idempotent acceptance path as a JSON one. Two middlewares per route:
 *
 * - `mapBody` (after the urlencoded parser, before `validateBody`) turns the
 *   form's fields into the contract's shape, and the journey's key into the
 *   Idempotency-Key header;
 * - `pages` (registered before `safeHeaders`, so it runs last) turns the JSON
 *   answer, or the problem, into an HTML page for form posts only. JSON
 *   clients see no difference.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { IDEMPOTENCY_KEY_PATTERN } from '../../schemas/idempotency';
import type { ReportStatus } from '../domain/report';
import { problemFor, type HttpProblem } from './problems';
import { formStateFrom, text, type FormState } from '../../web/journey/form-state';
import { languageOf } from '../../web/journey/engine';
import { fieldForPath } from '../../web/journey/steps';
import { formToSubmission } from '../../web/journey/submission';
import { fieldErrors, pageContext } from '../../web/page-context';
import { checkPage, confirmationPage, problemPage, sentReceiptReplacedPage, statusPage, type StatusOutcome } from '../../web/pages';
import { siteFromEnv, type SiteConfig } from '../../web/site';
import { htmlResponse } from './html-response';

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** True when the request is an HTML form post (the browser's own encoding). */
export function isFormPost(event: { headers?: Record<string, string | undefined> }): boolean {
  return FORM_TYPE.test(event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '');
}

/**
 * Posts of our own pages: urlencoded AND carrying the journey's hidden fields.
 * Only these get HTML back; any other urlencoded client gets the API's
 * problem documents, like a JSON client.
 */
const pagePosts = new WeakSet<object>();

function isPagePost(event: object, body: unknown): boolean {
  return (
    isFormPost(event as { headers?: Record<string, string | undefined> }) &&
    typeof body === 'object' &&
    body !== null &&
    Object.keys(body).some((name) => name.startsWith('journey.'))
  );
}

/** The answers of a form post, kept aside (not in the event) for rendering the answer page. */
const postedStates = new WeakMap<object, FormState>();

type Request = { event: Omit<APIGatewayProxyEventV2, 'body'> & { body: unknown }; response: APIGatewayProxyResultV2 | undefined; error?: unknown };

let cachedSite: SiteConfig | undefined;
const site = () => (cachedSite ??= siteFromEnv());

/** Forgets the cached site (tests change the environment). */
export function resetSite(): void {
  cachedSite = undefined;
}

function jsonBody(response: APIGatewayProxyResultV2 | undefined): Record<string, unknown> {
  const body = typeof response === 'object' && response !== null && 'body' in response ? response.body : undefined;
  try {
    return JSON.parse(body ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

function structured(response: APIGatewayProxyResultV2 | undefined): { headers?: Record<string, string | number | boolean> } {
  return typeof response === 'object' && response !== null ? (response as { headers?: Record<string, string | number | boolean> }) : {};
}

/**
 * POST /reports from the check-your-answers page.
 *
 * @example
 * const form = reportFormPosts();
 * middy().use(form.pages).use(safeHeaders()) … .use(httpUrlencodeBodyParser()).use(form.mapBody).use(validateBody(…));
 */
export function reportFormPosts(): { mapBody: MiddlewareObj; pages: MiddlewareObj } {
  const mapBody: MiddlewareObj = {
    before: async (request) => {
      const { event } = request as unknown as Request;
      if (!isPagePost(event, event.body)) return;
      pagePosts.add(event);
      const state = formStateFrom(event.body as Record<string, unknown>);
      postedStates.set(event, state);
      event.body = formToSubmission(state);
      const key = text(state, 'journey.key');
      if (key && IDEMPOTENCY_KEY_PATTERN.test(key)) event.headers = { ...event.headers, 'idempotency-key': key };
    },
  };
  const pages: MiddlewareObj = {
    after: async (request) => {
      const { event, response } = request as unknown as Request;
      if (!pagePosts.has(event)) return;
      const state = postedStates.get(event) ?? {};
      const answer = jsonBody(response);
      // The confirmation carries no answers: only the language and what it shows survive the report.
      const receipt = String(answer.receipt ?? '');
      const urgent = typeof answer.emergencyAdvice === 'string';
      const confirmationState = { 'journey.lang': [languageOf(state, site().languages)], 'journey.step': ['confirmation'], 'journey.receipt': [receipt], 'journey.urgent': [urgent ? 'yes' : 'no'] };
      const context = await pageContext({ lang: languageOf(state, site().languages), site: site(), state: confirmationState });
      const page = confirmationPage(context, { receipt, urgent });
      (request as unknown as Request).response = htmlResponse(200, page, structured(response).headers, site());
    },
    onError: async (request) => {
      const { event, response, error } = request as unknown as Request;
      if (!pagePosts.has(event) || response === undefined) return;
      const problem: HttpProblem = problemFor(error);
      let state = postedStates.get(event) ?? formStateFrom(typeof event.body === 'object' ? (event.body as Record<string, unknown>) : {});
      const lang = languageOf(state, site().languages);
      let page: string;
      if (problem.status === 400 && problem.errors?.length) {
        const context = await pageContext({ lang, site: site(), state });
        page = checkPage({ ...context, errors: fieldErrors(context.t, problem.errors, fieldForPath) });
      } else if (problem.code === 'receipt-replaced') {
        // Sent long ago, its receipt since replaced: no receipt, and no answers carried on to resend.
        page = sentReceiptReplacedPage(await pageContext({ lang, site: site(), state: { 'journey.lang': [lang] } }));
      } else {
        // A key reused for different answers cannot succeed: the retry gets a fresh one.
        if (problem.code === 'idempotency-key-reused') state = { ...state, 'journey.key': [crypto.randomUUID()] };
        page = problemPage(await pageContext({ lang, site: site(), state }), { maybeStored: problem.status >= 500 });
      }
      (request as unknown as Request).response = htmlResponse(problem.status, page, structured(response).headers, site());
    },
  };
  return { mapBody, pages };
}

/**
 * POST /reports/status from the check-a-report page.
 *
 * @example
 * const form = statusFormPosts();
 */
export function statusFormPosts(): { mapBody: MiddlewareObj; pages: MiddlewareObj } {
  const langs = new WeakMap<object, FormState>();
  const render = async (request: Request, status: number, outcome: StatusOutcome) => {
    const state = langs.get(request.event) ?? {};
    const context = await pageContext({ lang: languageOf(state, site().languages), site: site(), state: { 'journey.lang': [languageOf(state, site().languages)], 'journey.view': ['status'] } });
    request.response = htmlResponse(status, statusPage(context, outcome), structured(request.response).headers, site());
  };
  const mapBody: MiddlewareObj = {
    before: async (request) => {
      const { event } = request as unknown as Request;
      if (!isPagePost(event, event.body)) return;
      pagePosts.add(event);
      const body = (event.body ?? {}) as Record<string, unknown>;
      langs.set(event, formStateFrom(body));
      event.body = { receipt: typeof body.receipt === 'string' ? body.receipt : '' };
    },
  };
  const pages: MiddlewareObj = {
    after: async (request) => {
      const typed = request as unknown as Request;
      if (!pagePosts.has(typed.event)) return;
      await render(typed, 200, { kind: 'found', status: jsonBody(typed.response).status as ReportStatus });
    },
    onError: async (request) => {
      const typed = request as unknown as Request;
      if (!pagePosts.has(typed.event) || typed.response === undefined) return;
      const problem = problemFor(typed.error);
      const kind = problem.status === 404 ? 'not-found' : problem.status === 429 ? 'throttled' : problem.status === 400 ? 'invalid' : 'unavailable';
      await render(typed, problem.status, { kind });
    },
  };
  return { mapBody, pages };
}
