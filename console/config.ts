/**
 * What a deployed console needs to know, served beside it as `config.json`:
 * the force, where to sign in (Cognito's hosted sign-in in AWS, the local
 * OpenID Connect provider in `npm start`) and its idle time-out. No secret:
 * the app client is public and uses PKCE.
 */

/** How the sign-in service ends a session: OIDC RP-initiated logout, or Cognito's `/logout`. */
export type SignOutStyle = 'oidc' | 'cognito';

export interface ConsoleConfig {
  forceId: string;
  /** The force API's base URL; '' when the console is served from the API's own origin. */
  apiBase: string;
  clientId: string;
  /** Exactly as registered with the app client. */
  redirectUri: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint: string;
  signOut: SignOutStyle;
  scope: string;
  /** Minutes without a key press or click before the console forgets the session. */
  idleMinutes: number;
}

/** The sign-in service's origin: the only other origin the console may connect to. */
export function signInOrigin(config: Pick<ConsoleConfig, 'tokenEndpoint'>): string {
  return new URL(config.tokenEndpoint).origin;
}

/**
 * The console config of a Cognito user pool with a hosted sign-in domain.
 *
 * @example
 * cognitoConsoleConfig({ forceId: 'exampleshire', domainUrl: 'https://x.auth.eu-west-2.amazoncognito.com', clientId, consoleUrl })
 */
export function cognitoConsoleConfig(options: { forceId: string; domainUrl: string; clientId: string; consoleUrl: string; idleMinutes?: number }): ConsoleConfig {
  return {
    forceId: options.forceId,
    apiBase: '',
    clientId: options.clientId,
    redirectUri: options.consoleUrl,
    authorizationEndpoint: `${options.domainUrl}/oauth2/authorize`,
    tokenEndpoint: `${options.domainUrl}/oauth2/token`,
    endSessionEndpoint: `${options.domainUrl}/logout`,
    signOut: 'cognito',
    scope: 'openid profile',
    idleMinutes: options.idleMinutes ?? 15,
  };
}

/**
 * The console config of an OpenID Connect provider at `issuer` (the local one).
 *
 * @example
 * oidcConsoleConfig({ forceId: 'exampleshire', issuer: 'http://127.0.0.1:3099/exampleshire', clientId, consoleUrl })
 */
export function oidcConsoleConfig(options: { forceId: string; issuer: string; clientId: string; consoleUrl: string; idleMinutes?: number }): ConsoleConfig {
  return {
    forceId: options.forceId,
    apiBase: '',
    clientId: options.clientId,
    redirectUri: options.consoleUrl,
    authorizationEndpoint: `${options.issuer}/auth`,
    tokenEndpoint: `${options.issuer}/token`,
    endSessionEndpoint: `${options.issuer}/session/end`,
    signOut: 'oidc',
    scope: 'openid profile',
    idleMinutes: options.idleMinutes ?? 15,
  };
}
