import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Cognito groups of a force's staff; authenticated routes name one of them. */
export const STAFF_GROUPS = ['call-handler', 'supervisor'] as const;

export type StaffGroup = (typeof STAFF_GROUPS)[number];

export interface StaffIdentityProps {
  forceCode: string;
  /** Prefix of the hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`); globally unique per region. Default `safe-pathway-<force>`. */
  signInDomainPrefix?: string;
}

/**
 * The force's own call-handler identities: a Cognito user pool with the
 * call-handler and supervisor groups, no self sign-up (accounts are created
 * by the force's administrators), TOTP MFA required, Plus tier threat
 * protection enforced.
 *
 * @example
 * const identity = new StaffIdentity(stack, 'Identity', { forceCode: 'exampleshire' });
 */
export class StaffIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The hosted sign-in (authorisation code + PKCE) the console uses: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domain: cognito.UserPoolDomain;
  readonly signInUrl: string;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `safe-pathway-${props.forceCode}-staff`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.client = this.userPool.addClient('StaffClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? `safe-pathway-${props.forceCode}` } });
    this.signInUrl = this.domain.baseUrl();
    for (const group of STAFF_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `${group}-group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: group === 'supervisor' ? 'Supervises the queue and disclosures' : 'Works the report queue',
      });
    }
  }

  /**
   * Lets the console sign staff in through the hosted sign-in: authorisation
   * code (PKCE, no client secret) back to `consoleUrl`, and sign-out back to it.
   *
   * @example
   * identity.allowConsole('https://d111111abcdef8.cloudfront.net/console/');
   */
  allowConsole(consoleUrl: string): void {
    const client = this.client.node.defaultChild as cognito.CfnUserPoolClient;
    client.allowedOAuthFlows = ['code'];
    client.allowedOAuthFlowsUserPoolClient = true;
    client.allowedOAuthScopes = ['openid', 'profile'];
    client.callbackUrLs = [consoleUrl];
    client.logoutUrLs = [consoleUrl];
    client.supportedIdentityProviders = ['COGNITO'];
  }
}
