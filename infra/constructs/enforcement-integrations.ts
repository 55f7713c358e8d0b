import { Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ForceConfig } from '../force-config';
import { PURPOSE_TAG } from '../purpose';
import { pascalCase } from './functions';

export interface EnforcementIntegrationsProps {
  forceCode: string;
  integrations: ForceConfig['enforcementIntegrations'];
}

/**
 * One role per declared enforcement integration, tagged `purpose=enforcement`
 * and granted nothing on report data. Whatever later forwards to the
 * integration runs as this role, so the safeguarding key's explicit deny and
 * the enforcement firewall both apply to it from the first deploy.
 *
 * @example
 * new EnforcementIntegrations(stack, 'Enforcement', { forceCode, integrations: config.enforcementIntegrations });
 */
export class EnforcementIntegrations extends Construct {
  /** Roles by integration id. */
  readonly roles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: EnforcementIntegrationsProps) {
    super(scope, id);
    for (const integration of props.integrations) {
      const role = new iam.Role(this, `${pascalCase(integration.id)}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `safe-pathway ${props.forceCode}: enforcement integration ${integration.id} (${integration.payloadContract})`,
      });
      Tags.of(role).add(PURPOSE_TAG, integration.purpose);
      Tags.of(role).add('integration', integration.id);
      this.roles.set(integration.id, role);
    }
  }
}
