/**
 * What a staff consent withdrawal needs beyond the desk and the audit trail:
 * the firewall's outbox and target sealer, the receipt channel's store (its
 * conditional body write carries the re-sealed body) and the report cipher.
 * Kept apart from the firewall runtime so its other functions do not bundle
 * the channel store.
 */
import { DynamoChannelStore } from '../adapters/dynamodb/channel-store';
import type { ConsentWithdrawalDeps } from '../domain/referrals/withdraw';
import { firewallRuntime } from './firewall-runtime';

/**
 * @example
 * const result = await recordConsentWithdrawal({ desk, audit, ...(await withdrawalRuntime()) }, staff, reportId, kinds);
 */
export async function withdrawalRuntime(): Promise<Omit<ConsentWithdrawalDeps, 'desk' | 'audit'>> {
  const { outbox, targets, force } = await firewallRuntime();
  // The cipher seals under the report key only (the function holds no safeguarding key for sealing).
  return { outbox, targets, store: new DynamoChannelStore(force.dynamo.document, force.config.TABLE_NAME), cipher: force.cipher };
}
