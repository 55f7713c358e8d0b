/**
 * Guards that refuse a request before anything parses it: body size and
 * content type. They run first so an oversized or odd body costs nothing.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeProblem, UnsupportedMediaTypeProblem } from './problems';

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
      const mediaType = header.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!accepted.includes(mediaType)) throw new UnsupportedMediaTypeProblem(accepted);
    },
  };
};
