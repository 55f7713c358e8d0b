/**
 * The contract of ./contract-zod-classic.ts, check for check, on `zod/mini`
 * (functions instead of methods, so a bundle keeps only what it calls).
 */
import * as z from 'zod/mini';

const Contract = z.object({
  account: z.string().check(z.trim(), z.minLength(1), z.maxLength(40_000), z.refine((value) => value.length > 0, 'must contain visible characters')),
  kind: z.enum(['domestic-abuse', 'stalking-harassment', 'other']),
  language: z.optional(z.string().check(z.regex(/^[a-z]{2,3}$/))),
  happenedAt: z.optional(z.iso.datetime()),
  contacts: z.array(z.object({ safe: z.boolean(), note: z.optional(z.string().check(z.maxLength(200))) })).check(z.maxLength(5)),
  reporter: z.discriminatedUnion('role', [z.object({ role: z.literal('victim') }), z.object({ role: z.literal('third-party'), relation: z.string().check(z.minLength(1), z.maxLength(100)) })]),
  children: z.number().check(z.int(), z.minimum(0), z.maximum(20)),
});

export const handler = async (event: { body?: string }) => ({ statusCode: Contract.safeParse(JSON.parse(event.body ?? '{}')).success ? 204 : 400 });
