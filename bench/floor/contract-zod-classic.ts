/**
 * One contract, written on classic zod (what schemas/ uses), bundled by the
 * cold-start bench beside its twin on `zod/mini` (./contract-zod-mini.ts) to
 * measure what the contract's library costs a bundle at import. The contract
 * uses the kinds of checks schemas/report.ts uses (trimmed, bounded and
 * refined text, enums, optionals, arrays, an ISO date-time, a discriminated
 * union, bounded integers); it is not the report contract itself.
 */
import * as z from 'zod';

const Contract = z.object({
  account: z.string().trim().min(1).max(40_000).refine((value) => value.length > 0, 'must contain visible characters'),
  kind: z.enum(['domestic-abuse', 'stalking-harassment', 'other']),
  language: z.string().regex(/^[a-z]{2,3}$/).optional(),
  happenedAt: z.iso.datetime().optional(),
  contacts: z.array(z.object({ safe: z.boolean(), note: z.string().max(200).optional() })).max(5),
  reporter: z.discriminatedUnion('role', [z.object({ role: z.literal('victim') }), z.object({ role: z.literal('third-party'), relation: z.string().min(1).max(100) })]),
  children: z.number().int().min(0).max(20),
});

export const handler = async (event: { body?: string }) => ({ statusCode: Contract.safeParse(JSON.parse(event.body ?? '{}')).success ? 204 : 400 });
