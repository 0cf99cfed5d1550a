import { describe, expect, it } from 'vitest';
import { claimAt, personFromClaims, roleFrom, usernameFrom, type OidcClaimRules } from './oidc-claims';

const rules: OidcClaimRules = {
  roleClaim: 'groups',
  roleMap: [
    { value: 'kendali-wall', role: 'viewer' },
    { value: 'kendali-admin', role: 'admin' },
    { value: 'kendali-ops', role: 'operator' },
  ],
  defaultRole: null,
  departmentClaim: null,
};

describe('claims of the identity provider', () => {
  it('reads a claim by a dotted path, a claim named with a dot first', () => {
    const claims = { realm_access: { roles: ['a'] }, 'https://kendali/roles': ['b'], nested: { 'x.y': 1 } };
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['a']);
    expect(claimAt(claims, 'https://kendali/roles')).toEqual(['b']);
    expect(claimAt(claims, 'realm_access.missing')).toBeUndefined();
    expect(claimAt(claims, 'realm_access.roles.length')).toBeUndefined(); // only into objects, never into arrays or their properties
    expect(claimAt(claims, 'toString')).toBeUndefined();
  });

  it('gives the highest role any value maps to, in whatever order the provider lists them', () => {
    expect(roleFrom({ groups: ['kendali-wall', 'kendali-admin', 'kendali-ops'] }, rules)).toBe('admin');
    expect(roleFrom({ groups: ['staff', 'kendali-ops', 'kendali-wall'] }, rules)).toBe('operator');
    expect(roleFrom({ groups: 'kendali-wall' }, rules)).toBe('viewer'); // one value as a string
    expect(roleFrom({ groups: ['Kendali-Admin', 'kendali-admin '] }, rules)).toBeNull(); // values match exactly
    expect(roleFrom({ groups: [42, { name: 'kendali-admin' }] }, rules)).toBeNull();
    expect(roleFrom({}, rules)).toBeNull();
    expect(roleFrom({ groups: ['staff'] }, { ...rules, defaultRole: 'viewer' })).toBe('viewer');
    expect(roleFrom({ groups: ['kendali-ops'] }, { ...rules, defaultRole: 'viewer' })).toBe('operator');
  });

  it('makes a username of the allowed pattern from preferred_username, else sub', () => {
    expect(usernameFrom('Siti.Rahma')).toBe('siti.rahma');
    expect(usernameFrom('siti@pemkot.go.id')).toBe('siti-pemkot.go.id');
    expect(usernameFrom('Désirée Ñandú')).toBe('desiree-nandu');
    expect(usernameFrom('  _x')).toBeNull(); // a single character left is too short
    expect(usernameFrom('日本')).toBeNull();
    expect(usernameFrom('a'.repeat(100))).toBe('a'.repeat(64));
    expect(personFromClaims({ sub: 'f0c1-77', groups: ['kendali-ops'] }, rules)).toMatchObject({ ok: true, person: { username: 'f0c1-77', displayName: 'f0c1-77' } });
  });

  it('describes the person: subject, name, role, and the department only when a claim is named', () => {
    const claims = { sub: 'abc-123', preferred_username: 'Siti.R', name: ' Siti Rahma ', groups: ['kendali-ops'], org: { opd: ['BPBD', 'DLH'] } };
    expect(personFromClaims(claims, rules)).toEqual({ ok: true, person: { subject: 'abc-123', username: 'siti.r', displayName: 'Siti Rahma', role: 'operator' } });
    expect(personFromClaims(claims, { ...rules, departmentClaim: 'org.opd' })).toMatchObject({ ok: true, person: { department: 'BPBD' } });
    expect(personFromClaims(claims, { ...rules, departmentClaim: 'unit' })).toMatchObject({ ok: true, person: { department: null } });
    expect(personFromClaims({ ...claims, name: undefined, given_name: 'Siti', family_name: 'Rahma' }, rules)).toMatchObject({ person: { displayName: 'Siti Rahma' } });
    expect(personFromClaims({ ...claims, name: 'x'.repeat(300) }, rules)).toMatchObject({ person: { displayName: 'x'.repeat(100) } });
  });

  it('refuses a person with no role or no usable name', () => {
    expect(personFromClaims({ sub: 'abc', groups: ['staff'] }, rules)).toEqual({ ok: false, reason: 'no-role' });
    expect(personFromClaims({ preferred_username: 'siti', groups: ['kendali-ops'] }, rules)).toEqual({ ok: false, reason: 'no-username' }); // no sub
    expect(personFromClaims({ sub: '★', groups: ['kendali-ops'] }, rules)).toEqual({ ok: false, reason: 'no-username' });
  });
});
