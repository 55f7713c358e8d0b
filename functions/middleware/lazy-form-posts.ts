/**
 * The web form's final posts reach the API's own handlers
 * (web/http/form-posts.ts), but a JSON client must not pay for the form's
 * code and locales: this loads them on the first urlencoded post, and never
 * for JSON. With esbuild code splitting (infra/bundling.ts) the form is a
 * separate chunk that a JSON-only environment never reads.
 */
import type { MiddlewareObj } from '@middy/core';

/** The two middlewares of a form post route (see reportFormPosts / statusFormPosts). */
export interface FormPostMiddlewares {
  mapBody: MiddlewareObj;
  pages: MiddlewareObj;
}

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

type Request = { event: { headers?: Record<string, string | undefined> } };

/**
 * Wraps the form's middlewares so they load only when a request is a form post.
 * `load` must be a literal `import()` in the caller, so the bundler can split it out.
 *
 * @example
 * const form = lazyFormPosts(() => import('../../web/http/form-posts').then((web) => web.reportFormPosts()));
 * middy().use(form.pages).use(safeHeaders()) … .use(httpUrlencodeBodyParser()).use(form.mapBody).use(validateBody(…));
 */
export function lazyFormPosts(load: () => Promise<FormPostMiddlewares>): FormPostMiddlewares {
  let loaded: Promise<FormPostMiddlewares> | undefined;
  const form = () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  // Events whose body went through the form's mapping: only they may get the form's pages.
  const formEvents = new WeakSet<object>();
  return {
    mapBody: {
      before: async (request) => {
        const { event } = request as unknown as Request;
        if (!FORM_TYPE.test(event.headers?.['content-type'] ?? '')) return;
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
