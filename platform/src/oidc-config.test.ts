import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

const keycloak = {
  KENDALI_OIDC_ISSUER: 'https://sso.tangerangkota.go.id/realms/pemkot',
  KENDALI_OIDC_CLIENT_ID: 'kendali',
  KENDALI_OIDC_CLIENT_SECRET: 'b9c4-not-to-be-shown-7e21',
  KENDALI_OIDC_ROLE_MAP: 'kendali-admin=admin, kendali-ops=operator,,/pemkot/bpbd=engineer',
};

describe('loadConfig: single sign-on (OpenID Connect)', () => {
  it('is off unless an issuer is set', () => {
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('reads the provider, the client, the button label and the role mapping, with defaults for the rest', () => {
    expect(loadConfig(keycloak).oidc).toEqual({
      issuer: 'https://sso.tangerangkota.go.id/realms/pemkot',
      clientId: 'kendali',
      clientSecret: 'b9c4-not-to-be-shown-7e21',
      redirectUrl: null,
      name: 'SSO',
      roleClaim: 'groups',
      roleMap: [
        { value: 'kendali-admin', role: 'admin' },
        { value: 'kendali-ops', role: 'operator' },
        { value: '/pemkot/bpbd', role: 'engineer' },
      ],
      defaultRole: null,
      departmentClaim: null,
    });
    const all = loadConfig({
      ...keycloak,
      KENDALI_OIDC_CLIENT_SECRET: '',
      KENDALI_OIDC_ROLE_MAP: 'a=b=viewer',
      KENDALI_OIDC_REDIRECT_URL: 'https://kendali.tangerangkota.go.id/api/auth/oidc/callback',
      KENDALI_OIDC_NAME: 'Keycloak Pemkot',
      KENDALI_OIDC_ROLE_CLAIM: 'realm_access.roles',
      KENDALI_OIDC_DEFAULT_ROLE: 'viewer',
      KENDALI_OIDC_DEPARTMENT_CLAIM: 'opd',
    }).oidc;
    expect(all).toMatchObject({ clientSecret: null, roleMap: [{ value: 'a=b', role: 'viewer' }], redirectUrl: 'https://kendali.tangerangkota.go.id/api/auth/oidc/callback', name: 'Keycloak Pemkot', roleClaim: 'realm_access.roles', defaultRole: 'viewer', departmentClaim: 'opd' });
    expect(Object.isFrozen(all)).toBe(true);
  });

  it('takes a default role instead of a mapping: everyone the provider vouches for signs in', () => {
    expect(loadConfig({ ...keycloak, KENDALI_OIDC_ROLE_MAP: '', KENDALI_OIDC_DEFAULT_ROLE: 'viewer' }).oidc).toMatchObject({ roleMap: [], defaultRole: 'viewer' });
  });

  it('is all or nothing: a setting without the issuer, or an issuer without a client or roles, names what to set', () => {
    expect(problemsOf({ KENDALI_OIDC_CLIENT_ID: 'kendali', KENDALI_OIDC_NAME: 'SSO' })).toEqual([
      expect.stringMatching(/^KENDALI_OIDC_CLIENT_ID, KENDALI_OIDC_NAME set but KENDALI_OIDC_ISSUER is not: set KENDALI_OIDC_ISSUER/),
    ]);
    expect(problemsOf({ KENDALI_OIDC_ISSUER: keycloak.KENDALI_OIDC_ISSUER })).toEqual([
      expect.stringMatching(/^KENDALI_OIDC_ISSUER is set but KENDALI_OIDC_CLIENT_ID is not/),
      expect.stringMatching(/neither KENDALI_OIDC_ROLE_MAP nor KENDALI_OIDC_DEFAULT_ROLE is: nobody could sign in/),
    ]);
  });

  it('names the setting of a value that does not parse, and never shows the client secret', () => {
    expect(problemsOf({ ...keycloak, KENDALI_OIDC_ROLE_MAP: 'kendali-admin=root' })).toEqual([
      expect.stringMatching(/^KENDALI_OIDC_ROLE_MAP="kendali-admin=root": "kendali-admin=root" is not <group or role at the provider>=<viewer\|operator\|engineer\|admin>; write e\.g\. .*Fix or unset KENDALI_OIDC_ROLE_MAP/),
    ]);
    expect(problemsOf({ ...keycloak, KENDALI_OIDC_DEFAULT_ROLE: 'superuser' })).toEqual([expect.stringMatching(/^KENDALI_OIDC_DEFAULT_ROLE="superuser": must be one of viewer, operator, engineer, admin\./)]);
    expect(problemsOf({ ...keycloak, KENDALI_OIDC_ISSUER: 'sso.example' })).toEqual([expect.stringMatching(/^KENDALI_OIDC_ISSUER="sso.example": must be the https URL of the identity provider/)]);
    const secret = `b9c4${'x'.repeat(5_000)}`;
    expect(problemsOf({ ...keycloak, KENDALI_OIDC_CLIENT_SECRET: secret })).toEqual(['KENDALI_OIDC_CLIENT_SECRET=(hidden): must be at most 4096 characters (the secret the provider issued for the client). Fix or unset KENDALI_OIDC_CLIENT_SECRET (README, Settings).']);
  });

  it('takes plain HTTP only for a provider on this machine', () => {
    expect(loadConfig({ ...keycloak, KENDALI_OIDC_ISSUER: 'http://127.0.0.1:8180/realms/test' }).oidc?.issuer).toBe('http://127.0.0.1:8180/realms/test');
    expect(loadConfig({ ...keycloak, KENDALI_OIDC_ISSUER: 'http://localhost:8180/realms/test' }).oidc?.issuer).toBe('http://localhost:8180/realms/test');
    expect(problemsOf({ ...keycloak, KENDALI_OIDC_ISSUER: 'http://sso.tangerangkota.go.id/realms/pemkot' })).toEqual([expect.stringMatching(/^KENDALI_OIDC_ISSUER=".*": must be https \(plain http only for a provider on this machine/)]);
    expect(problemsOf({ ...keycloak, KENDALI_OIDC_REDIRECT_URL: 'http://kendali.example/api/auth/oidc/callback' })).toEqual([expect.stringMatching(/^KENDALI_OIDC_REDIRECT_URL=.*must be https/)]);
  });
});
