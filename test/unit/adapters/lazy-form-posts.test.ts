/**
 * The API functions reach the web form's code only for a form post: a JSON
 * post never loads it, and a form post gets the form's middlewares.
 */
import type { MiddlewareObj } from '@middy/core';
import { describe, expect, it } from 'vitest';
import { lazyFormPosts } from '../../../functions/middleware/lazy-form-posts';

function recordingForm() {
  const seen: string[] = [];
  const form: { mapBody: MiddlewareObj; pages: MiddlewareObj } = {
    mapBody: { before: async () => void seen.push('mapBody') },
    pages: { after: async () => void seen.push('pages.after'), onError: async () => void seen.push('pages.onError') },
  };
  let loads = 0;
  const lazy = lazyFormPosts(async () => {
    loads++;
    return form;
  });
  return { lazy, seen, loads: () => loads };
}

const request = (contentType: string) => ({ event: { headers: { 'content-type': contentType } } }) as never;

describe('lazy form posts', () => {
  it('never loads the form for a JSON post, whatever happens after', async () => {
    const { lazy, seen, loads } = recordingForm();
    const json = request('application/json');
    await lazy.mapBody.before?.(json);
    await lazy.pages.after?.(json);
    await lazy.pages.onError?.(json);
    expect(loads()).toBe(0);
    expect(seen).toEqual([]);
  });

  it('loads the form once for form posts and runs its middlewares for them', async () => {
    const { lazy, seen, loads } = recordingForm();
    for (let i = 0; i < 3; i++) {
      const form = request('application/x-www-form-urlencoded; charset=utf-8');
      await lazy.mapBody.before?.(form);
      await lazy.pages.after?.(form);
    }
    expect(loads()).toBe(1);
    expect(seen).toEqual(['mapBody', 'pages.after', 'mapBody', 'pages.after', 'mapBody', 'pages.after']);
  });

  it('gives no form page to a request that failed before its body was mapped (e.g. 413, 415)', async () => {
    const { lazy, seen } = recordingForm();
    await lazy.pages.onError?.(request('application/x-www-form-urlencoded'));
    expect(seen).toEqual([]);
  });
});
