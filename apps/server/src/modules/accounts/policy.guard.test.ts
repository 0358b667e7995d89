import type { Role } from '@lianxin/shared';
import { describe, expect, it } from 'vitest';
import { GRANTABLE, GRANTING_ROLES, grantableAt, grantPaths, mayGrant } from './grants.policy';
import {
  type AuthContext,
  actorOf,
  auditFields,
  canActFor,
  type Grant,
  hasRole,
  PROXY_ROLES,
  proxyPaths,
  reaches,
  requireAuth,
  scopePaths,
} from './policy';

// Guards of the access policy (issue #21): a grant reaches its own subtree and nothing beside
// it. Materialised paths end in "/", so "/d/c1/" must not reach the sibling "/d/c10/".

const C1 = '/yunlong/yuntian/c1/';
const C10 = '/yunlong/yuntian/c10/';

function auth(grants: Grant[], actingFor: AuthContext['actingFor'] = null): AuthContext {
  return {
    accountId: 'acc-1',
    personId: 'person-1',
    sessionId: 's-1',
    csrfToken: 't',
    lang: 'zh-CN',
    largeText: false,
    grants,
    actingFor,
  };
}
const g = (role: Role, path: string, canProxy?: boolean): Grant => ({
  role,
  nodeId: path,
  path,
  ...(canProxy ? { canProxy } : {}),
});

describe('policy.reaches', () => {
  const worker = auth([g('community_worker', C1)]);
  it('reaches the granted node and everything under it, and nothing beside it', () => {
    expect(reaches(worker, C1, ['community_worker'])).toBe(true);
    expect(reaches(worker, `${C1}b1/`, ['community_worker'])).toBe(true);
    expect(reaches(worker, `${C1}b1/s1/u101/`, ['community_worker'])).toBe(true);
    // a sibling whose path merely starts the same way
    expect(reaches(worker, C10, ['community_worker'])).toBe(false);
    expect(reaches(worker, `${C10}b1/`, ['community_worker'])).toBe(false);
    // the parent is outside
    expect(reaches(worker, '/yunlong/yuntian/', ['community_worker'])).toBe(false);
  });
  it('counts only grants of the roles asked for; nobody signed in reaches nothing', () => {
    expect(reaches(worker, C1, ['volunteer'])).toBe(false);
    expect(reaches(worker, C1, [])).toBe(false);
    expect(reaches(null, C1, ['community_worker'])).toBe(false);
    const two = auth([g('volunteer', C10), g('community_worker', C1)]);
    expect(reaches(two, C10, ['community_worker'])).toBe(false);
    expect(reaches(two, C10, ['volunteer'])).toBe(true);
    expect(reaches(two, `${C1}x/`, ['volunteer', 'community_worker'])).toBe(true);
  });
});

describe('policy.scopePaths, hasRole, requireAuth', () => {
  const a = auth([g('volunteer', C10), g('community_worker', C1), g('branch_secretary', C10)]);
  it('lists exactly the paths of the roles asked for, in grant order', () => {
    expect(scopePaths(a, ['community_worker', 'branch_secretary'])).toEqual([C1, C10]);
    expect(scopePaths(a, ['volunteer'])).toEqual([C10]);
    expect(scopePaths(a, ['platform_admin'])).toEqual([]);
  });
  it('tells whether any grant has one of the roles', () => {
    expect(hasRole(a, ['volunteer'])).toBe(true);
    expect(hasRole(a, ['platform_admin', 'resident'])).toBe(false);
    expect(hasRole(null, ['volunteer'])).toBe(false);
  });
  it('refuses nobody signed in with 401 UNAUTHENTICATED and returns the caller otherwise', () => {
    expect(() => requireAuth(null)).toThrowError(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    expect(requireAuth(a)).toBe(a);
  });
});

describe('policy: acting for residents', () => {
  it('lets workers and secretaries act in their subtree, volunteers only with canProxy, admins never', () => {
    const a = auth([
      g('community_worker', C1),
      g('branch_secretary', '/s/b/'),
      g('volunteer', '/v/plain/'),
      g('volunteer', '/v/proxy/', true),
      g('subdistrict_admin', '/'),
      g('resident', '/r/', true),
    ]);
    expect(proxyPaths(a)).toEqual([C1, '/s/b/', '/v/proxy/']);
    expect(canActFor(a, `${C1}b1/`)).toBe(true);
    expect(canActFor(a, `${C10}b1/`)).toBe(false);
    expect(canActFor(a, '/v/proxy/u1/')).toBe(true);
    expect(canActFor(a, '/v/plain/u1/')).toBe(false);
    expect(canActFor(a, '/r/u1/')).toBe(false);
    expect(canActFor(null, `${C1}b1/`)).toBe(false);
  });

  it('names the resident as subject and the staff member as actor while acting for someone', () => {
    const self = auth([g('resident', C1)]);
    expect(actorOf(self)).toEqual({
      actorAccountId: 'acc-1',
      actorPersonId: 'person-1',
      subjectPersonId: 'person-1',
      onBehalfOf: null,
      channel: null,
    });
    const acting = auth([g('community_worker', C1)], { personId: 'elder-9', channel: 'phone' });
    const actor = actorOf(acting);
    expect(actor).toEqual({
      actorAccountId: 'acc-1',
      actorPersonId: 'person-1',
      subjectPersonId: 'elder-9',
      onBehalfOf: 'elder-9',
      channel: 'phone',
    });
    expect(auditFields(actor)).toEqual({ actorAccountId: 'acc-1', onBehalfOf: 'elder-9', channel: 'phone' });
    expect(() => actorOf(null)).toThrowError(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});

describe('grants.policy', () => {
  const a = auth([g('branch_secretary', C1), g('community_worker', '/w/'), g('volunteer', C10)]);
  it('grants only the roles the granting role may give, only inside its subtree', () => {
    expect(mayGrant(a, 'volunteer', `${C1}b1/`)).toBe(true);
    expect(mayGrant(a, 'volunteer', C10)).toBe(false);
    expect(mayGrant(a, 'committee_member', `${C1}b1/`)).toBe(false);
    expect(mayGrant(a, 'committee_member', '/w/c/')).toBe(true);
    expect(grantPaths(a, 'volunteer')).toEqual([C1, '/w/']);
    expect(grantPaths(a)).toEqual([C1, '/w/']);
    expect(grantPaths(a, 'community_worker')).toEqual([]);
  });
  it('lists exactly the roles grantable at a node, from every grant that reaches it', () => {
    expect(grantableAt(a, `${C1}b1/`)).toEqual(['resident', 'volunteer']);
    expect(grantableAt(a, `${C10}b1/`)).toEqual([]);
    expect(grantableAt(a, '/w/c/')).toEqual(['resident', 'volunteer', 'branch_secretary', 'committee_member', 'medical_staff']);
  });
});

describe('the role tables', () => {
  it('lets each role grant exactly the roles below it', () => {
    expect(GRANTABLE).toEqual({
      resident: [],
      volunteer: [],
      medical_staff: [],
      committee_member: [],
      branch_secretary: ['resident', 'volunteer'],
      community_worker: ['resident', 'volunteer', 'branch_secretary', 'committee_member', 'medical_staff'],
      subdistrict_admin: ['resident', 'volunteer', 'branch_secretary', 'committee_member', 'community_worker', 'medical_staff'],
      district_admin: [
        'resident',
        'volunteer',
        'branch_secretary',
        'committee_member',
        'community_worker',
        'medical_staff',
        'subdistrict_admin',
      ],
      platform_admin: [
        'resident',
        'volunteer',
        'branch_secretary',
        'committee_member',
        'community_worker',
        'medical_staff',
        'subdistrict_admin',
        'district_admin',
        'platform_admin',
      ],
    });
    expect([...GRANTING_ROLES].sort()).toEqual(
      ['branch_secretary', 'community_worker', 'subdistrict_admin', 'district_admin', 'platform_admin'].sort(),
    );
    expect(PROXY_ROLES).toEqual(['community_worker', 'branch_secretary']);
  });
});
