/**
 * The pieces every OpenAPI path of the force API is written with: a problem
 * answer, a JSON answer, a required JSON body.
 */
import type { z } from 'zod';
import { ProblemSchema } from './responses';

/** An error answer: an RFC 9457 problem document. */
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

/** A JSON answer. */
export const ok = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema } } });

/**
 * A required JSON request body, spread into `request`.
 *
 * @example
 * registry.registerPath({ method: 'post', path: '/x', request: { ...jsonBody(XSchema) }, responses: {} });
 */
export const jsonBody = (schema: z.ZodType) => ({ body: { required: true, content: { 'application/json': { schema } } } });
