import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, systemOwner, type ApiToken, type IssuedApiToken } from '@kendali/contracts';
import type { Core } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let core: Core;
let app: FastifyInstance;
let admin: { authorization: string };
const t0 = Date.parse('2026-03-10T00:00:00Z');
const clock = manualClock(t0);

/** A person signed in: the session cookie and its CSRF token, as the dashboard sends them on writes. */
async function signedIn(username: string): Promise<Record<string, string>> {
  const { id, session } = await core.sessions.begin(username);
  return { cookie: `kendali_session=${id}`, 'x-csrf-token': session.csrfToken };
}

beforeAll(async () => {
  api = await openApiUnderTest('token-owners', { clock });
  ({ core, app } = api);
  admin = await api.bearer('admin');
  await core.users.create({ username: 'budi', displayName: 'Budi Santoso', role: 'engineer', password: 'sungai-cisadane-2026' }, 'test');
  await core.users.create({ username: 'siti', displayName: 'Siti Rahma', role: 'engineer', password: 'gerbang-pintu-air-10' }, 'test');
});

afterAll(() => api?.close());

const create = (headers: Record<string, string>, payload: object) => app.inject({ method: 'POST', url: '/api/tokens', headers, payload });

describe('API tokens owned by people', () => {
  it('belong to whoever makes them, never with a role above theirs, and expire when asked', async () => {
    const budi = await signedIn('budi');
    const made = await create(budi, { name: 'import script', role: 'engineer', expiresAt: '2026-03-11T00:00:00+07:00' });
    expect(made.statusCode).toBe(201);
    const issued = made.json<IssuedApiToken>();
    expect(issued).toMatchObject({ name: 'import script', role: 'engineer', owner: 'budi', expiresAt: '2026-03-10T17:00:00.000Z', revoked: false });

    const tooHigh = await create(budi, { name: 'wish', role: 'admin' });
    expect(tooHigh.statusCode).toBe(403);
    expect(tooHigh.json().error).toEqual({ code: 'KENDALI_ERR_TOKEN_ROLE_TOO_HIGH', message: 'A token may not have the admin role: at most engineer, the role of whoever creates it' });
    const past = await create(budi, { name: 'late', role: 'viewer', expiresAt: '2026-03-09T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toContain('not in the future');

    const whoami = await app.inject({ url: '/api/auth/whoami', headers: { authorization: `Bearer ${issued.token}` } });
    expect(whoami.json()).toMatchObject({ name: 'import script', owner: 'budi', via: 'token', username: null, expiresAt: '2026-03-10T17:00:00.000Z' });
    const system = await app.inject({ url: '/api/auth/whoami', headers: admin });
    expect(system.json()).toMatchObject({ owner: systemOwner, via: 'token', role: 'admin' });
    const session = await app.inject({ url: '/api/auth/whoami', headers: budi });
    expect(session.json()).toMatchObject({ owner: 'budi', via: 'session', username: 'budi' });

    clock.set(Date.parse('2026-03-10T17:00:00Z'));
    const expired = await app.inject({ url: '/api/devices', headers: { authorization: `Bearer ${issued.token}` } });
    clock.set(t0);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toEqual({ code: 'KENDALI_ERR_TOKEN_EXPIRED', message: 'The token expired at 2026-03-10T17:00:00.000Z; ask its owner (or an admin) for a new one' });
  });

  it('are listed and revoked by their owner, and by admins all of them', async () => {
    const budi = await signedIn('budi');
    const siti = await signedIn('siti');
    const budis = (await create(budi, { name: 'budi dashboard script', role: 'viewer' })).json<IssuedApiToken>();
    const sitis = (await create(siti, { name: 'siti export job', role: 'operator' })).json<IssuedApiToken>();
    const listedBy = async (headers: Record<string, string>) => (await app.inject({ url: '/api/tokens', headers })).json<ApiToken[]>().map((token) => token.name);
    expect(await listedBy(siti)).toEqual(['siti export job']);
    expect(await listedBy(budi)).not.toContain('siti export job');
    expect(await listedBy(admin)).toEqual(expect.arrayContaining(['siti export job', 'budi dashboard script']));

    const notHers = await app.inject({ method: 'DELETE', url: `/api/tokens/${budis.id}`, headers: siti });
    expect(notHers.statusCode).toBe(404);
    expect(notHers.json().error.code).toBe('KENDALI_ERR_TOKEN_NOT_FOUND');
    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${sitis.id}`, headers: siti })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${budis.id}`, headers: admin })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/devices', headers: { authorization: `Bearer ${budis.token}` } })).statusCode).toBe(401);
  });

  it('never let a token of the platform below admin see or revoke the platform\'s admin token', async () => {
    const engineer = (await create(admin, { name: 'platform engineer job', role: 'engineer' })).json<IssuedApiToken>();
    expect(engineer.owner).toBe(systemOwner);
    const bearer = { authorization: `Bearer ${engineer.token}` };
    const listed = (await app.inject({ url: '/api/tokens', headers: bearer })).json<ApiToken[]>();
    expect(listed.map((token) => token.role)).not.toContain('admin');
    expect(listed.map((token) => token.name)).toContain('platform engineer job');
    const adminToken = (await app.inject({ url: '/api/auth/whoami', headers: admin })).json<ApiToken>();
    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${adminToken.id}`, headers: bearer })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/auth/whoami', headers: admin })).statusCode).toBe(200);
  });

  it('act no higher than their owner now: a demoted owner demotes the token, a disabled one stops it', async () => {
    const siti = await signedIn('siti');
    const token = (await create(siti, { name: 'siti register job', role: 'engineer' })).json<IssuedApiToken>().token;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/pending', headers: bearer })).statusCode).toBe(200);

    await app.inject({ method: 'PATCH', url: '/api/users/siti', headers: admin, payload: { role: 'operator' } });
    const demoted = await app.inject({ url: '/api/pending', headers: bearer });
    expect(demoted.statusCode).toBe(403);
    expect(demoted.json().error.code).toBe('KENDALI_ERR_FORBIDDEN');
    expect((await app.inject({ url: '/api/auth/whoami', headers: bearer })).json().role).toBe('operator');

    await app.inject({ method: 'PATCH', url: '/api/users/siti', headers: admin, payload: { enabled: false } });
    const disabled = await app.inject({ url: '/api/devices', headers: bearer });
    expect(disabled.statusCode).toBe(401);
    expect(disabled.json().error.code).toBe('KENDALI_ERR_TOKEN_OWNER_INACTIVE');
    await app.inject({ method: 'PATCH', url: '/api/users/siti', headers: admin, payload: { enabled: true, role: 'engineer' } });
    expect((await app.inject({ url: '/api/pending', headers: bearer })).statusCode).toBe(200);
  });

  it('records making and revoking a token in the audit log, never the token itself', async () => {
    const made = (await create(admin, { name: 'audited', role: 'viewer' })).json<IssuedApiToken>();
    await app.inject({ method: 'DELETE', url: `/api/tokens/${made.id}`, headers: admin });
    const entries = await core.audit.query({ limit: 50 });
    expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['POST /api/tokens', 'DELETE /api/tokens/:id']));
    expect(JSON.stringify(entries)).not.toContain(made.token);
  });
});
