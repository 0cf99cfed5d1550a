import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, SignedIn } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let admin: { authorization: string };
const password = 'pintu-air-sepuluh-2026';

beforeAll(async () => {
  api = await openApiUnderTest('sign-in');
  admin = await api.bearer('admin');
  const created = await api.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'siti', displayName: 'Siti Rahma', role: 'operator', department: 'BPBD', password } });
  expect(created.statusCode).toBe(201);
});

afterAll(() => api?.close());

async function signIn(username = 'siti', secret = password, remoteAddress = '10.0.0.8') {
  const response = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: secret }, remoteAddress });
  const cookie = response.cookies.find((c) => c.name === 'kendali_session');
  return { response, cookie, header: cookie ? { cookie: `kendali_session=${cookie.value}` } : {}, body: response.json<SignedIn>() };
}

describe('signing in with a password', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie (not Secure over plain HTTP) and answers who and the CSRF token', async () => {
    const { response, cookie, body } = await signIn();
    expect(response.statusCode).toBe(200);
    expect(cookie).toMatchObject({ name: 'kendali_session', httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 12 * 3_600 });
    expect(cookie?.secure).toBeUndefined();
    expect(body.user).toMatchObject({ username: 'siti', displayName: 'Siti Rahma', role: 'operator', department: 'BPBD' });
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(JSON.stringify(body)).not.toContain(password);
  });

  it('acts as the person: reads with the cookie, writes only with the CSRF token, and the trail names them', async () => {
    const { header, body } = await signIn();
    const whoami = await api.app.inject({ url: '/api/auth/whoami', headers: header });
    expect(whoami.json()).toMatchObject({ name: 'Siti Rahma', role: 'operator', via: 'session', username: 'siti' });
    const noCsrf = await api.app.inject({ method: 'POST', url: '/api/alarms/none/ack', headers: header, payload: {} });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('KENDALI_ERR_CSRF');
    const withCsrf = await api.app.inject({ method: 'POST', url: '/api/alarms/none/ack', headers: { ...header, 'x-csrf-token': body.csrfToken }, payload: {} });
    expect(withCsrf.json().error.code).toBe('KENDALI_ERR_ALARM_NOT_FOUND'); // past authentication: the route itself answered
    const engineerOnly = await api.app.inject({ method: 'PATCH', url: '/api/devices/none', headers: { ...header, 'x-csrf-token': body.csrfToken }, payload: { name: 'x' } });
    expect(engineerOnly.json().error).toEqual({ code: 'KENDALI_ERR_FORBIDDEN', message: 'This route needs the engineer role; the token has operator' });
    const trail = (await api.app.inject({ url: '/api/audit?limit=5', headers: admin })).json<AuditEntry[]>();
    expect(trail[0]).toMatchObject({ actor: 'Siti Rahma', role: 'operator', action: 'PATCH /api/devices/:id', status: 403 });
    expect(trail[1]).toMatchObject({ actor: 'Siti Rahma', action: 'POST /api/alarms/:id/ack', status: 404 });
    expect(trail.find((entry) => entry.action === 'sign-in')).toMatchObject({ actor: 'Siti Rahma', role: 'operator', target: 'siti', status: 200, address: '10.0.0.8' });
    expect(JSON.stringify(trail)).not.toContain(password);
  });

  it('ends the session at sign-out: the old cookie no longer works', async () => {
    const { header } = await signIn();
    expect((await api.app.inject({ url: '/api/alarms', headers: header })).statusCode).toBe(200);
    const out = await api.app.inject({ method: 'POST', url: '/api/auth/logout', headers: header });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'kendali_session')?.value).toBe('');
    const after = await api.app.inject({ url: '/api/alarms', headers: header });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('KENDALI_ERR_SESSION_ENDED');
  });

  it('signs a person out everywhere when an admin disables them', async () => {
    await api.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'budi', displayName: 'Budi Santoso', role: 'viewer', password } });
    const { header } = await signIn('budi');
    expect((await api.app.inject({ url: '/api/alarms', headers: header })).statusCode).toBe(200);
    const disabled = await api.app.inject({ method: 'PATCH', url: '/api/users/budi', headers: admin, payload: { enabled: false } });
    expect(disabled.json()).toMatchObject({ username: 'budi', enabled: false });
    expect((await api.app.inject({ url: '/api/alarms', headers: header })).statusCode).toBe(401);
    expect((await signIn('budi')).response.statusCode).toBe(401);
  });

  it('refuses a weak password and the last admin with reasons', async () => {
    const weak = await api.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'eka', displayName: 'Eka', role: 'viewer', password: 'password1234' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'KENDALI_ERR_PASSWORD_WEAK' });
    expect(weak.json().error.message).toMatch(/most common/);
    const taken = await api.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'siti', displayName: 'S', role: 'viewer', password } });
    expect(taken.statusCode).toBe(409);
  });

  it('locks the account after 10 wrong passwords, for the right one from another address too, and says for how long', async () => {
    await api.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'dewi', displayName: 'Dewi', role: 'engineer', password } });
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await signIn('dewi', `salah-${i}-tebakan-lagi`, '203.0.113.9')).response.statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(10).fill(429));
    const right = await signIn('dewi', password, '198.51.100.4');
    expect(right.response.statusCode).toBe(429);
    expect(right.response.json().error.code).toBe('KENDALI_ERR_SIGN_IN_LOCKED');
    expect(Number(right.response.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(right.cookie).toBeUndefined();
    const trail = (await api.app.inject({ url: '/api/audit?target=dewi&limit=30', headers: admin })).json<AuditEntry[]>();
    expect(trail.filter((entry) => entry.action === 'sign-in-failed')).toHaveLength(10);
    expect(trail[0]).toMatchObject({ action: 'sign-in-locked', actor: 'anonymous', role: null, target: 'dewi', status: 429, address: '198.51.100.4' });
    expect(JSON.stringify(trail)).not.toMatch(/salah-\d|pintu-air/);

    const unlocked = await api.app.inject({ method: 'POST', url: '/api/users/dewi/unlock', headers: admin });
    expect(unlocked.json()).toEqual({ username: 'dewi', wasLocked: true });
    expect((await signIn('dewi', password, '198.51.100.4')).response.statusCode).toBe(200);
    expect((await api.app.inject({ method: 'POST', url: '/api/users/dewi/unlock', headers: admin })).json()).toEqual({ username: 'dewi', wasLocked: false });
    expect((await api.app.inject({ method: 'POST', url: '/api/users/nobody/unlock', headers: admin })).json().error.code).toBe('KENDALI_ERR_USER_NOT_FOUND');
    // The address was not refused (10 failures, its allowance is 50); one that is not an address is refused.
    const address = await api.app.inject({ method: 'POST', url: '/api/auth/addresses/203.0.113.9/unlock', headers: admin });
    expect(address.json()).toEqual({ address: '203.0.113.9', wasLocked: false });
    const [lastEntry] = (await api.app.inject({ url: '/api/audit?limit=1', headers: admin })).json<AuditEntry[]>();
    expect(lastEntry).toMatchObject({ action: 'POST /api/auth/addresses/:address/unlock', target: '203.0.113.9', status: 200 });
    expect((await api.app.inject({ method: 'POST', url: '/api/auth/addresses/not%20an%20address/unlock', headers: admin })).json().error.code).toBe('KENDALI_ERR_REQUEST_INVALID');
  }, 60_000); // ten scrypt checks
});

describe('a session found again, and what the audit log keeps of it', () => {
  it('answers the session of the cookie after a reload: the person, the same CSRF token, when it ends', async () => {
    const { header, body } = await signIn();
    const found = await api.app.inject({ url: '/api/auth/session', headers: header });
    expect(found.statusCode).toBe(200);
    expect(found.json<SignedIn>()).toMatchObject({ user: { username: 'siti', displayName: 'Siti Rahma', role: 'operator' }, csrfToken: body.csrfToken, expiresAt: body.expiresAt });
    // Without a session cookie (nobody signed in yet, or only a token): no session, said as an answer.
    const withToken = await api.app.inject({ url: '/api/auth/session', headers: admin });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json()).toBeNull();
    expect((await api.app.inject({ url: '/api/auth/session' })).json()).toBeNull();
    await api.app.inject({ method: 'POST', url: '/api/auth/logout', headers: header });
    const ended = await api.app.inject({ url: '/api/auth/session', headers: header });
    expect(ended.statusCode).toBe(401);
    expect(ended.json().error.code).toBe('KENDALI_ERR_SESSION_ENDED');
  });

  it('records sign-in, sign-out and a wrong password as such, naming who and the username tried', async () => {
    const { header } = await signIn('siti', password, '10.0.0.21');
    await api.app.inject({ method: 'POST', url: '/api/auth/logout', headers: header, remoteAddress: '10.0.0.21' });
    await signIn('siti', 'not-her-password-at-all', '10.0.0.22');
    const trail = (await api.app.inject({ url: '/api/audit?limit=3', headers: admin })).json<AuditEntry[]>();
    expect(trail.map(({ action, actor, role, target, address, status }) => ({ action, actor, role, target, address, status }))).toEqual([
      { action: 'sign-in-failed', actor: 'anonymous', role: null, target: 'siti', address: '10.0.0.22', status: 401 },
      { action: 'sign-out', actor: 'Siti Rahma', role: 'operator', target: null, address: '10.0.0.21', status: 204 },
      { action: 'sign-in', actor: 'Siti Rahma', role: 'operator', target: 'siti', address: '10.0.0.21', status: 200 },
    ]);
    expect(trail[0]!.summary).toBe('{"username":"siti","password":"[redacted]"}');
  });

  it('never keeps a password or a token: sign-in, accounts created and changed, tokens issued', async () => {
    const secrets = ['another-long-secret-2026', 'a-new-password-for-eka-2026'];
    await signIn('siti', secrets[0]);
    await api.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'eka', displayName: 'Eka', role: 'viewer', password: secrets[0] } });
    await api.app.inject({ method: 'PATCH', url: '/api/users/eka', headers: admin, payload: { password: secrets[1] } });
    const issued = await api.app.inject({ method: 'POST', url: '/api/tokens', headers: admin, payload: { name: 'wall 7', role: 'viewer' } });
    secrets.push(issued.json<{ token: string }>().token, admin.authorization.replace('Bearer ', ''));
    const logged = (await api.app.inject({ url: '/api/audit?format=csv&limit=1000', headers: admin })).body;
    expect(logged).toContain('POST /api/tokens');
    expect(logged).toContain('PATCH /api/users/:username');
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });
});
