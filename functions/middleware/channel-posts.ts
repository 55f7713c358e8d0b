/**
 * Lets the receipt channel's API routes answer the "Check on or
 * update your report" pages too, as form-posts.ts does for the report and
 * the status look-up: `mapBody` reshapes a page's urlencoded post into the
 * route's contract (the same validation as JSON clients), `pages` turns the
 * JSON answer or the problem into the next page. Only posts of our own pages
 * (carrying `journey.*` fields) get HTML; every other client sees the API.
 * The routes load this module only for a urlencoded post
 * (functions/channel/channel-handler.ts), as a chunk of its own.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { problemFor } from './problems';
import { CONSENT_KINDS } from '../../schemas/channel';
import { changeDonePage, changeRefusedPage, newReceiptPage, receiptEntryPage, threadPage, type ChannelPage, type ThreadPageData } from '../../web/channel-pages';
import { formStateFrom } from '../../web/journey/form-state';
import { languageOf } from '../../web/journey/engine';
import { formToSubmission } from '../../web/journey/submission';
import { pageContext, type PageContext } from '../../web/page-context';
import { siteFromEnv, type SiteConfig } from '../../web/site';
import { isFormPost } from './form-posts';

export type { ChannelPage } from '../../web/channel-pages';
import { htmlResponse } from './html-response';

type Request = { event: Omit<APIGatewayProxyEventV2, 'body'> & { body: unknown }; response: APIGatewayProxyResultV2 | undefined; error?: unknown };
type Body = Record<string, unknown>;

const one = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
};
const many = (body: Body, name: string): string[] => {
  const value = body[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string' && item.trim() !== '');
};

/** The route's contract, from the page's fields. */
function contractBody(page: ChannelPage, body: Body, now: Date): Body {
  const receipt = one(body, 'receipt');
  switch (page) {
    case 'thread':
    case 'receipt':
      return { receipt };
    case 'reply':
      return { receipt, text: one(body, 'text') };
    case 'pause': {
      if (one(body, 'action') === 'lift') return { receipt, action: 'lift' };
      const days = Number(one(body, 'pause.days'));
      return { receipt, action: 'pause', until: Number.isInteger(days) && days > 0 ? new Date(now.getTime() + days * 86_400_000).toISOString() : '' };
    }
    case 'plan':
      // The same reshaping as the report form's safe-contact step (blanks absent, yes/no booleans).
      return { receipt, safeContact: formToSubmission(formStateFrom(body)).safeContact };
    case 'consents': {
      const chosen = many(body, 'consents');
      return { receipt, give: CONSENT_KINDS.filter((kind) => chosen.includes(kind)), withdraw: CONSENT_KINDS.filter((kind) => !chosen.includes(kind)) };
    }
  }
}

let cachedSite: SiteConfig | undefined;
const site = () => (cachedSite ??= siteFromEnv());

function jsonOf(response: APIGatewayProxyResultV2 | undefined): Body {
  const text = typeof response === 'object' && response !== null && 'body' in response ? response.body : undefined;
  try {
    return JSON.parse(text ?? '{}') as Body;
  } catch {
    return {};
  }
}

const headersOf = (response: APIGatewayProxyResultV2 | undefined) =>
  typeof response === 'object' && response !== null ? (response as { headers?: Record<string, string | number | boolean> }).headers : undefined;

/**
 * @example
 * const form = lazyFormPosts(() => import('./channel-posts').then((web) => web.channelFormPosts('reply')));
 */
export function channelFormPosts(page: ChannelPage): { mapBody: MiddlewareObj; pages: MiddlewareObj } {
  const posted = new WeakMap<object, { context: PageContext; receipt: string }>();
  const render = (request: Request, status: number, html: (context: PageContext, receipt: string) => string) => {
    const { context, receipt } = posted.get(request.event)!;
    request.response = htmlResponse(status, html(context, receipt), headersOf(request.response), site());
  };
  const mapBody: MiddlewareObj = {
    before: async (request) => {
      const { event } = request as unknown as Request;
      const body = (typeof event.body === 'object' && event.body !== null ? event.body : {}) as Body;
      if (!isFormPost(event as { headers?: Record<string, string | undefined> }) || !Object.keys(body).some((name) => name.startsWith('journey.'))) return;
      const lang = languageOf(formStateFrom(body));
      posted.set(event, { context: await pageContext({ lang, site: site(), state: { 'journey.lang': [lang] } }), receipt: one(body, 'receipt') });
      event.body = contractBody(page, body, new Date());
    },
  };
  const pages: MiddlewareObj = {
    after: async (request) => {
      const typed = request as unknown as Request;
      if (!posted.has(typed.event)) return;
      const answer = jsonOf(typed.response);
      const { t } = posted.get(typed.event)!.context;
      switch (page) {
        case 'thread':
          return render(typed, 200, (context, receipt) => threadPage(context, receipt, answer as unknown as ThreadPageData));
        case 'receipt':
          return render(typed, 200, (context) => newReceiptPage(context, String(answer.receipt ?? '')));
        case 'pause':
          return render(typed, 200, (context, receipt) =>
            changeDonePage(context, receipt, answer.pausedUntil ? t.t('channel.done.paused') : t.t('channel.done.lifted')),
          );
        default:
          return render(typed, 200, (context, receipt) => changeDonePage(context, receipt, t.t(`channel.done.${page}`)));
      }
    },
    onError: async (request) => {
      const typed = request as unknown as Request;
      if (!posted.has(typed.event) || typed.response === undefined) return;
      const problem = problemFor(typed.error);
      if (problem.status === 404 || problem.status === 429) {
        return render(typed, problem.status, (context) => receiptEntryPage(context, problem.status === 404 ? 'not-found' : 'throttled'));
      }
      if (problem.status === 400 && page === 'thread') return render(typed, 400, (context) => receiptEntryPage(context, 'invalid'));
      if (problem.status === 400) return render(typed, 400, (context, receipt) => changeRefusedPage(context, receipt));
      return render(typed, problem.status, (context) => receiptEntryPage(context, 'unavailable'));
    },
  };
  return { mapBody, pages };
}
