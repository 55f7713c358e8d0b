/**
 * The one way a handler answers with JSON, so every JSON answer carries the
 * same content type (and the safe headers the shell adds after it).
 */
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

/**
 * A JSON answer with the given status; no body when `body` is undefined.
 *
 * @example
 * return json(202, { disclosureId });
 */
export function json(statusCode: number, body?: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
}
