import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let admin: { authorization: string };

/** A loopback port nothing listens on: a provider that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const issuer = `http://127.0.0.1:${await closedPort()}/realms/pemkot`;
  api = await openApiUnderTest('oidc-routes', {
    oidc: { issuer, clientId: 'kendali', clientSecret: null, redirectUrl: null, name: 'Keycloak Pemkot', roleClaim: 'groups', roleMap: [{ value: 'kendali-ops', role: 'operator' }], defaultRole: null, departmentClaim: null },
  });
  admin = await api.bearer('admin');
});

afterAll(() => api?.close());

describe('single sign-on while the provider is down', () => {
  it('still offers it, and sends the browser back to the page it came from saying the provider cannot be reached', async () => {
    expect((await api.app.inject({ url: '/api/auth/providers' })).json()).toEqual({ password: true, oidc: { name: 'Keycloak Pemkot', startUrl: '/api/auth/oidc/start' } });
    const start = await api.app.inject({ url: '/api/auth/oidc/start?returnTo=%2Fops%3Flang%3Den' });
    expect(start.statusCode).toBe(302);
    expect(start.headers.location).toBe('/ops?lang=en&signInError=KENDALI_ERR_OIDC_UNAVAILABLE');
    expect(start.cookies.map((cookie) => cookie.name)).not.toContain('kendali_oidc');
  });

  it('refuses a callback no sign-in of this browser is waiting for, and records who knows what tried', async () => {
    const callback = await api.app.inject({ url: '/api/auth/oidc/callback?code=stolen-code&state=guessed', cookies: { kendali_oidc: 'made-up' }, remoteAddress: '10.1.2.3' });
    expect(callback.headers.location).toBe('/?signInError=KENDALI_ERR_OIDC_STATE');
    expect(callback.cookies.find((cookie) => cookie.name === 'kendali_session')).toBeUndefined();
    expect(callback.cookies.find((cookie) => cookie.name === 'kendali_oidc')).toMatchObject({ value: '', path: '/api/auth/oidc' }); // cleared
    const [entry] = (await api.app.inject({ url: '/api/audit?limit=1', headers: admin })).json<AuditEntry[]>();
    expect(entry).toMatchObject({ actor: 'anonymous', role: null, address: '10.1.2.3', action: 'sign-in-failed', target: null, status: 302 });
    expect(JSON.parse(entry!.summary)).toMatchObject({ provider: 'Keycloak Pemkot', refused: 'KENDALI_ERR_OIDC_STATE' });
    expect(entry!.summary).not.toContain('stolen-code');
  });
});
