/**
 * The web form's final posts reach the API's own handlers
 * (functions/middleware/form-posts.ts), and so do the receipt channel's pages
 * (functions/middleware/channel-posts.ts), but a JSON client must not pay for
 * the pages' code and locales: this loads them on the first urlencoded post,
 * and never for JSON. With esbuild code splitting (infra/bundling.ts) the form is a
 * separate chunk that a JSON-only environment never reads.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The middlewares of a form post route (see reportFormPosts / statusFormPosts / channelFormPosts). */
export interface FormPostMiddlewares {
  mapBody: MiddlewareObj;
  pages: MiddlewareObj;
  /** Refuses a form post sent from another website, before its body is read (functions/middleware/cross-site.ts). */
  crossSite?: MiddlewareObj<APIGatewayProxyEventV2>;
}

/** What {@link lazyFormPosts} hands the route: every middleware present, each a no-op for JSON. */
export type LazyFormPostMiddlewares = Required<FormPostMiddlewares>;

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

type Request = { event: { headers?: Record<string, string | undefined> } };

/** Whether the request is a form post; runs before header normalisation, so the name is matched in any case. */
function isFormPost(headers: Record<string, string | undefined> | undefined): boolean {
  const name = Object.keys(headers ?? {}).find((header) => header.toLowerCase() === 'content-type');
  return FORM_TYPE.test((name && headers?.[name]) ?? '');
}

/**
 * Wraps the form's middlewares so they load only when a request is a form post.
 * `load` must be a literal `import()` in the caller, so the bundler can split it out.
 *
 * @example
 * const form = lazyFormPosts(() => import('./form-posts').then((web) => web.reportFormPosts()));
 * middy().use(form.pages).use(safeHeaders()) … .use(httpUrlencodeBodyParser()).use(form.mapBody).use(validateBody(…));
 */
export function lazyFormPosts(load: () => Promise<FormPostMiddlewares>): LazyFormPostMiddlewares {
  let loaded: Promise<FormPostMiddlewares> | undefined;
  const form = () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  // Events whose body went through the form's mapping: only they may get the form's pages.
  const formEvents = new WeakSet<object>();
  return {
    crossSite: {
      before: async (request) => {
        const { event } = request as unknown as Request;
        if (!isFormPost(event.headers)) return;
        formEvents.add(event);
        await (await form()).crossSite?.before?.(request);
      },
      onError: async (request) => {
        if (!formEvents.has((request as unknown as Request).event)) return;
        await (await form()).crossSite?.onError?.(request);
      },
    },
    mapBody: {
      before: async (request) => {
        const { event } = request as unknown as Request;
        if (!isFormPost(event.headers)) return;
        formEvents.add(event);
        await (await form()).mapBody.before?.(request);
      },
    },
    pages: {
      after: async (request) => {
        if (!formEvents.has((request as unknown as Request).event)) return;
        await (await form()).pages.after?.(request);
      },
      onError: async (request) => {
        if (!formEvents.has((request as unknown as Request).event)) return;
        await (await form()).pages.onError?.(request);
      },
    },
  };
}
