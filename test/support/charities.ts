/**
 * A charity of the referral directory, for unit tests: serves postcode area
 * `S` in Polish, offers no named services, and is not by-and-for unless the
 * test says otherwise.
 */
import type { Charity } from '../../functions/domain/referrals/directory';

/**
 * @example
 * const charities = [charity('north-idva'), charity('north-da', { recipientTypes: ['local-da-service'] })];
 */
export function charity(id: string, overrides: Partial<Charity> = {}): Charity {
  return {
    id,
    name: id,
    recipientTypes: ['idva'],
    servicesOffered: [],
    areasServed: ['S'],
    languages: ['pl'],
    webhookUrl: `https://${id}.example/referrals`,
    byAndFor: false,
    ...overrides,
  };
}
