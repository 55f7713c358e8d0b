/**
 * Guards that refuse a request before anything parses it: body size and
 * content type. They run first so an oversized or odd body costs nothing.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NestingTooDeepProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem } from './problems';

/**
 * The largest report body a victim can send: the form posts urlencoded, where a character of a
 * three-byte script (Bengali, Gurmukhi) takes nine bytes (`%E0%A6%95`), and the contract allows an
 * account of 10,000 characters of up to four UTF-16 units each. 512 KiB keeps a full account in any
 * script, and every other field beside it, under the limit, far below API Gateway's 10 MB.
 */
export const REPORT_BODY_MAX_BYTES = 512 * 1024;

const bodyLimitDefaults = { maxBytes: 64 * 1024 };

/**
 * Refuses bodies larger than `maxBytes` with 413.
 *
 * @example
 * middy(handler).use(bodyLimit({ maxBytes: 65_536 }));
 */
export const bodyLimit = (options: Partial<typeof bodyLimitDefaults> = {}): MiddlewareObj<APIGatewayProxyEventV2> => {
  const { maxBytes } = { ...bodyLimitDefaults, ...options };
  return {
    before: async ({ event }) => {
      const body = event.body ?? '';
      // Base64 inflates by 4/3: compare decoded bytes without decoding.
      const bytes = event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, 'utf8');
      if (bytes > maxBytes) throw new PayloadTooLargeProblem(maxBytes);
    },
  };
};

/** The deepest a body may nest: every contract is a few levels deep, so this is generous. */
export const MAX_JSON_DEPTH = 32;

/** The deepest `[`/`{` nesting of a JSON text, counting only brackets outside strings; stops counting past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Refuses a JSON body nested deeper than `maxDepth` with a problem that says
 * so, before any parser or validator walks it.
 *
 * @example
 * middy(handler).use(bodyLimit()).use(limitNesting()).use(httpJsonBodyParser());
 */
export const limitNesting = (options: { maxDepth?: number } = {}): MiddlewareObj<APIGatewayProxyEventV2> => {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return {
    before: async ({ event }) => {
      if (!/json/i.test(event.headers?.['content-type'] ?? '') || typeof event.body !== 'string') return;
      const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      if (jsonDepth(text, maxDepth) > maxDepth) throw new NestingTooDeepProblem(maxDepth);
    },
  };
};

const contentTypeDefaults = { accepted: ['application/json'] as readonly string[] };

/**
 * Refuses requests whose media type is not one of `accepted` with 415.
 *
 * @example
 * middy(handler).use(requireContentType({ accepted: ['application/json'] }));
 */
export const requireContentType = (
  options: Partial<typeof contentTypeDefaults> = {},
): MiddlewareObj<APIGatewayProxyEventV2> => {
  const { accepted } = { ...contentTypeDefaults, ...options };
  return {
    before: async ({ event }) => {
      const header = event.headers?.['content-type'] ?? '';
      const [type = '', ...parameters] = header.split(';');
      const mediaType = type.trim().toLowerCase();
      if (!accepted.includes(mediaType)) throw new UnsupportedMediaTypeProblem(accepted);
      // Legal forms such as `application/json ; charset=utf-8` or `Application/JSON` reach the body parsers
      // in the one spelling they recognise: `type/subtype; name=value`.
      const canonical = [mediaType, ...parameters.map((parameter) => parameter.trim()).filter(Boolean)].join('; ');
      if (event.headers) event.headers['content-type'] = canonical;
    },
  };
};
