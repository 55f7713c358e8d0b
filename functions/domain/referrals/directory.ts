/**
 * The integrations a force declares (infra/forces/<code>.json):
 * support charities and enforcement-purpose integrations. These are the
 * shapes the functions need at run time; the CDK stack passes them in.
 */
import type { RecipientType } from '../../../schemas/report';

export interface Charity {
  id: string;
  name: string;
  recipientTypes: RecipientType[];
  servicesOffered: string[];
  /** UK postcode areas ("S", "DN"). */
  areasServed: string[];
  /** BCP 47 language tags. */
  languages: string[];
  webhookUrl: string;
  byAndFor: boolean;
}

export interface EnforcementIntegration {
  id: string;
  purpose: 'enforcement';
  endpoint: string;
  payloadContract: string;
}

export interface IntegrationDirectory {
  charities: Charity[];
  enforcementIntegrations: EnforcementIntegration[];
  /** Values no outbound payload may ever hold (seeded canaries); scanned by the last-line guard. */
  canaries: string[];
}

/** Reads an integration's signing secret (Secrets Manager in AWS, a git-ignored file locally). */
export interface SigningSecrets {
  secretFor(integrationId: string): Promise<Uint8Array>;
}
