/**
 * The one shape of every sealed value the domain hands to the Encryption SDK
 * adapters (functions/adapters/crypto): seal a value under its binding, and
 * open it only under the same binding.
 */
import type { SealContext } from './report';

/**
 * Seals and opens one kind of value, bound to its context (its force and report by default; a part bound
 * tighter names more, as a message does its id and data class).
 *
 * @example
 * const sealed = await targets.seal({ charityId, recipientType: 'idva' }, { forceId, reportId });
 * const target = await targets.open(sealed, { forceId, reportId });
 */
export interface Sealer<T, C = SealContext> {
  seal(value: T, context: C): Promise<Uint8Array>;
  open(sealed: Uint8Array, context: C): Promise<T>;
}
