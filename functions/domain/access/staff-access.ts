/**
 * Who may do what on a force's staff API. Pure rules over claims the function
 * has verified itself (functions/adapters/token-verifier.ts: signature,
 * issuer, expiry), behind API Gateway's JWT authorizer: the token must belong
 * to THIS force, be an access token for its app client, and carry a role that
 * allows the action.
 *
 * One Cognito user pool per force means one issuer per force: a token's force
 * is the force whose issuer signed it. Roles are the pool's groups
 * (`cognito:groups`).
 */

/** Staff roles, least to most privileged. A supervisor can do all a call handler can. */
export const STAFF_ROLES = ['call-handler', 'supervisor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Roles that work under the safeguarding purpose and so may, on an explicit
 * request with a reason, open the protected-immigration section. Roles added
 * later (analysts, integrations) are NOT safeguarding roles unless listed here.
 */
export const SAFEGUARDING_ROLES: readonly StaffRole[] = ['call-handler', 'supervisor'];

/**
 * Everything a staff route can ask to do, each with the operation name it is recorded under in the audit
 * trail (as the queue desk records it).
 */
export const ACTION_OPERATIONS = {
  'queue:list': 'queue-list',
  'queue:claim': 'claim',
  'report:read': 'read-report',
  'report:read-protected': 'read-protected',
  'report:contact-attempt': 'contact-attempt',
  'report:outcome': 'outcome',
  'report:lease': 'lease',
  'report:reassign': 'reassign',
  'audit:read': 'audit-read',
  // The firewall's call-handler route.
  'report:withdraw-consent': 'consent-withdrawal',
  // The firewall's supervisor-only routes.
  'report:suspect-check': 'suspect-check',
  'referral:dead-letters': 'dead-letters',
  'referral:redrive': 'referral-redrive',
  'transparency:read': 'transparency',
  // Per-class retention, supervisor only: bring a class's removal forward.
  'report:retention': 'retention-bring-forward',
  // The victim's receipt channel: lease holder or supervisor.
  'report:message': 'staff-message',
  'report:read-messages': 'read-messages',
} as const satisfies Readonly<Record<string, string>>;
export type StaffAction = keyof typeof ACTION_OPERATIONS;

/** Everything a staff route can ask to do, in the order of {@link ACTION_OPERATIONS}. */
export const STAFF_ACTIONS = Object.keys(ACTION_OPERATIONS) as readonly StaffAction[];

/** The role → actions table. Report-level rules (lease holder or supervisor) apply on top. */
export const ROLE_ACTIONS: Readonly<Record<StaffRole, readonly StaffAction[]>> = {
  'call-handler': [
    'queue:list',
    'queue:claim',
    'report:read',
    'report:read-protected',
    'report:contact-attempt',
    'report:outcome',
    'report:lease',
    'report:withdraw-consent',
    'report:message',
    'report:read-messages',
  ],
  supervisor: STAFF_ACTIONS,
};

/** A signed-in member of staff, after the checks below. */
export interface StaffPrincipal {
  /** The token's `sub`: stable, opaque, what the lease and the audit trail name. */
  actor: string;
  /** The most privileged of the token's roles: what the audit trail records. */
  role: StaffRole;
  roles: readonly StaffRole[];
  forceId: string;
}

/** The parts of a token the rules read (the verified token's, or as an authorizer passes them on). */
export interface TokenClaims {
  sub?: unknown;
  iss?: unknown;
  aud?: unknown;
  client_id?: unknown;
  token_use?: unknown;
  'cognito:groups'?: unknown;
  [claim: string]: unknown;
}

/** What this function trusts: its force, that force's issuer and app client. */
export interface TrustedIssuer {
  forceId: string;
  issuer: string;
  audience: string;
}

/**
 * Why a request was refused. `token-missing` and `token-invalid` are the
 * function's own token check (claims on the event without a bearer token the
 * function could verify: a direct invoke or a forged event), answered 401.
 */
export type AccessRefusalReason =
  | 'no-token'
  | 'token-missing'
  | 'token-invalid'
  | 'wrong-force'
  | 'wrong-audience'
  | 'not-an-access-token'
  | 'no-staff-role'
  | 'role-not-allowed';

export type AccessDecision =
  | { allowed: true; principal: StaffPrincipal }
  | {
      allowed: false;
      reason: AccessRefusalReason;
      /** Who asked, when the token says (for the audit record of the refusal). */
      actor: string;
      role: StaffRole | 'none';
    };

/**
 * Reads `cognito:groups` in both forms it arrives in: a JSON array (the token
 * itself) or the string API Gateway's JWT authorizer hands to Lambda,
 * `"[call-handler supervisor]"`. Unknown groups are ignored.
 *
 * @example
 * staffRoles('[call-handler supervisor]'); // ['call-handler', 'supervisor']
 * staffRoles(['call-handler']);            // ['call-handler']
 */
export function staffRoles(groups: unknown): StaffRole[] {
  let names: string[] = [];
  if (Array.isArray(groups)) names = groups.filter((group): group is string => typeof group === 'string');
  else if (typeof groups === 'string') {
    const trimmed = groups.trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      const inner = trimmed.slice(1, -1);
      // A JSON array string (some proxies re-serialise) or API Gateway's space-separated form.
      names = inner.includes('"') ? parseJsonList(trimmed) : inner.split(/[\s,]+/);
    } else names = trimmed.split(/[\s,]+/);
  }
  return STAFF_ROLES.filter((role) => names.includes(role));
}

function parseJsonList(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** The most privileged role of a list, or undefined when it is empty. */
export function highestRole(roles: readonly StaffRole[]): StaffRole | undefined {
  return [...STAFF_ROLES].reverse().find((role) => roles.includes(role));
}

/** True when some role in `roles` allows `action`. */
export function rolesAllow(roles: readonly StaffRole[], action: StaffAction): boolean {
  return roles.some((role) => ROLE_ACTIONS[role].includes(action));
}

function audienceOf(claims: TokenClaims): string[] {
  // Cognito access tokens carry `client_id`, ID tokens `aud`: API Gateway accepts either.
  const values: unknown[] = [claims.client_id, ...(Array.isArray(claims.aud) ? claims.aud : [claims.aud])];
  return values.filter((value): value is string => typeof value === 'string');
}

/**
 * Decides whether the holder of `claims` may do `action` in the trusted force.
 *
 * @example
 * const decision = decideStaffAccess(claims, { forceId: 'example-north', issuer, audience }, 'queue:claim');
 * if (!decision.allowed) refuse(decision.reason);
 */
export function decideStaffAccess(claims: TokenClaims | undefined, trusted: TrustedIssuer, action: StaffAction): AccessDecision {
  const actor = typeof claims?.sub === 'string' && claims.sub ? claims.sub : 'unknown';
  const roles = staffRoles(claims?.['cognito:groups']);
  const role = highestRole(roles) ?? 'none';
  const refuse = (reason: AccessRefusalReason): AccessDecision => ({ allowed: false, reason, actor, role });
  if (!claims || actor === 'unknown') return refuse('no-token');
  if (claims.iss !== trusted.issuer) return refuse('wrong-force');
  if (!audienceOf(claims).includes(trusted.audience)) return refuse('wrong-audience');
  // An ID token is for the client app, not for the API: only access tokens are accepted.
  if (claims.token_use !== 'access') return refuse('not-an-access-token');
  const highest = highestRole(roles);
  if (!highest) return refuse('no-staff-role');
  if (!rolesAllow(roles, action)) return refuse('role-not-allowed');
  return { allowed: true, principal: { actor, role: highest, roles, forceId: trusted.forceId } };
}
