import { describe, expect, it } from 'vitest';
import { decideStaffAccess, highestRole, ROLE_ACTIONS, STAFF_ACTIONS, staffRoles, type TokenClaims } from '../../../../functions/domain/access/staff-access';

const trusted = { forceId: 'example-north', issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_north', audience: 'north-client' };
const claims = (overrides: Partial<TokenClaims> = {}): TokenClaims => ({
  sub: 'user-1',
  iss: trusted.issuer,
  client_id: trusted.audience,
  token_use: 'access',
  'cognito:groups': '[call-handler]',
  ...overrides,
});

describe('staff roles from cognito:groups', () => {
  it.each([
    ['[call-handler supervisor]', ['call-handler', 'supervisor']],
    ['[supervisor]', ['supervisor']],
    ['["call-handler","supervisor"]', ['call-handler', 'supervisor']],
    [['call-handler'], ['call-handler']],
    ['call-handler', ['call-handler']],
    ['[admins cleaners]', []],
    ['[]', []],
    [undefined, []],
    [42, []],
  ])('reads %j', (groups, roles) => {
    expect(staffRoles(groups)).toEqual(roles);
  });

  it('never mistakes a group that merely contains a role name for the role', () => {
    expect(staffRoles('[not-a-supervisor call-handlers]')).toEqual([]);
  });

  it('takes the most privileged role', () => {
    expect(highestRole(['call-handler', 'supervisor'])).toBe('supervisor');
    expect(highestRole([])).toBeUndefined();
  });
});

describe('staff access decisions', () => {
  it('lets a call handler work the queue but not reassign or read the audit trail', () => {
    expect(decideStaffAccess(claims(), trusted, 'queue:claim')).toEqual({
      allowed: true,
      principal: { actor: 'user-1', role: 'call-handler', roles: ['call-handler'], forceId: 'example-north' },
    });
    expect(decideStaffAccess(claims(), trusted, 'report:reassign')).toMatchObject({ allowed: false, reason: 'role-not-allowed', actor: 'user-1', role: 'call-handler' });
    expect(decideStaffAccess(claims(), trusted, 'audit:read')).toMatchObject({ allowed: false, reason: 'role-not-allowed' });
  });

  it('lets a supervisor do everything', () => {
    for (const action of STAFF_ACTIONS) {
      expect(decideStaffAccess(claims({ 'cognito:groups': '[supervisor]' }), trusted, action).allowed).toBe(true);
    }
    expect(ROLE_ACTIONS.supervisor).toEqual(STAFF_ACTIONS);
  });

  it.each([
    ['another force’s issuer', { iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_south' }, 'wrong-force'],
    ['another app client', { client_id: 'south-client' }, 'wrong-audience'],
    ['an ID token', { token_use: 'id', client_id: undefined, aud: trusted.audience }, 'not-an-access-token'],
    ['no staff group', { 'cognito:groups': '[volunteers]' }, 'no-staff-role'],
    ['no subject', { sub: undefined }, 'no-token'],
  ])('refuses %s', (_case, overrides, reason) => {
    expect(decideStaffAccess(claims(overrides as Partial<TokenClaims>), trusted, 'queue:list')).toMatchObject({ allowed: false, reason });
  });

  it('accepts the app client as `aud` as well as `client_id`', () => {
    expect(decideStaffAccess(claims({ client_id: undefined, aud: [trusted.audience] }), trusted, 'queue:list').allowed).toBe(true);
  });

  it('refuses a missing token', () => {
    expect(decideStaffAccess(undefined, trusted, 'queue:list')).toMatchObject({ allowed: false, reason: 'no-token', actor: 'unknown', role: 'none' });
  });
});
