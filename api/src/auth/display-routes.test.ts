import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type DisplayPairing, type DisplayPairingState, type WhoAmI } from '@kendali/contracts';
import type { Core } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let core: Core;
let app: FastifyInstance;
let admin: { authorization: string };
const t0 = Date.parse('2026-03-10T00:00:00Z');
const clock = manualClock(t0);
const dayMs = 86_400_000;

beforeAll(async () => {
  api = await openApiUnderTest('displays', { clock, followCredentialsEveryMs: 100 });
  ({ core, app } = api);
  await app.listen({ port: 0, host: '127.0.0.1' });
  admin = await api.bearer('admin');
  await core.registry.create('wl-1', { kind: 'water-level', name: 'Pos Pintu Air 10', district: 'Tangerang', metadata: { gate: 'pintu-air-10', vendor: 'Acme', simCard: '0812-555' } });
});

afterAll(() => api?.close());

/** Pairs a wall as the dashboard does: asks for a code, an admin confirms it, the wall fetches its credential. */
async function pair(name: string, validDays: number): Promise<{ credential: string; state: DisplayPairingState }> {
  const begun = await app.inject({ method: 'POST', url: '/api/displays/pairings' });
  expect(begun.statusCode).toBe(201);
  const pairing = begun.json<DisplayPairing>();
  const confirmed = await app.inject({ method: 'POST', url: `/api/displays/pairings/${pairing.code.toLowerCase()}/confirm`, headers: admin, payload: { name, validDays } });
  expect(confirmed.statusCode).toBe(201);
  const state = (await app.inject({ url: `/api/displays/pairings/${pairing.pollId}` })).json<DisplayPairingState>();
  return { credential: state.credential!, state };
}

describe('wall screens, and streams that end with their credential', () => {
  it('pairs a wall by its short code: the wall waits, an admin confirms, the wall receives its credential once', async () => {
    const begun = await app.inject({ method: 'POST', url: '/api/displays/pairings' });
    const pairing = begun.json<DisplayPairing>();
    expect(pairing).toEqual({ code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/), pollId: expect.any(String), expiresAt: t0 + 10 * 60_000, pollIntervalMs: 2_000 });
    expect((await app.inject({ url: `/api/displays/pairings/${pairing.pollId}` })).json()).toMatchObject({ status: 'waiting', code: pairing.code, credential: null });

    const wrong = await app.inject({ method: 'POST', url: '/api/displays/pairings/AAAA-AAAA/confirm', headers: admin, payload: { name: 'x', validDays: 1 } });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.code).toBe('KENDALI_ERR_PAIRING_NOT_FOUND');

    const confirmed = await app.inject({ method: 'POST', url: `/api/displays/pairings/${pairing.code.replace('-', '')}/confirm`, headers: admin, payload: { name: 'Wall 1, LIVE Room', validDays: 90 } });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json()).toMatchObject({ name: 'Wall 1, LIVE Room', createdBy: 'test admin (admin)', expiresAt: t0 + 90 * dayMs, revokedAt: null });

    const paired = (await app.inject({ url: `/api/displays/pairings/${pairing.pollId}` })).json<DisplayPairingState>();
    expect(paired).toMatchObject({ status: 'paired', display: { name: 'Wall 1, LIVE Room' }, credential: expect.stringMatching(/^kdd_/) });
    const again = await app.inject({ url: `/api/displays/pairings/${pairing.pollId}` });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('KENDALI_ERR_PAIRING_NOT_FOUND');

    const whoami = await app.inject({ url: '/api/auth/whoami', headers: { authorization: `Bearer ${paired.credential}` } });
    expect(whoami.json<WhoAmI>()).toEqual({
      id: paired.display!.id,
      name: 'Wall 1, LIVE Room',
      role: 'viewer',
      createdAt: new Date(t0).toISOString(),
      revoked: false,
      owner: 'test admin (admin)',
      expiresAt: new Date(t0 + 90 * dayMs).toISOString(),
      via: 'display',
      username: null,
    });
    const listed = (await app.inject({ url: '/api/displays', headers: admin })).json();
    expect(listed).toContainEqual({ ...paired.display, lastSeenAt: t0 });
  });

  it('lets a display read what the wall shows, with only the Siaga facts of the registry, and nothing else', async () => {
    const { credential } = await pair('Wall 2', 30);
    const bearer = { authorization: `Bearer ${credential}` };
    const devices = await app.inject({ url: '/api/live/devices', headers: bearer });
    expect(devices.statusCode).toBe(200);
    expect(devices.json()).toEqual([
      { id: 'wl-1', kind: 'water-level', name: 'Pos Pintu Air 10', district: 'Tangerang', lat: null, lon: null, metadata: { gate: 'pintu-air-10' }, state: 'unknown', lastSeen: null, latest: null },
    ]);
    for (const url of ['/api/cities', '/api/kinds', `/api/auth/whoami?token=${credential}`]) expect((await app.inject({ url, headers: bearer })).statusCode, url).toBe(200);
    for (const url of ['/api/devices', '/api/rejections', '/metrics', '/api/audit', '/api/tokens', '/api/displays', '/api/alarms']) {
      const refused = await app.inject({ url, headers: bearer });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code, url).toBe('KENDALI_ERR_DISPLAY_FORBIDDEN');
    }
    const write = await app.inject({ method: 'PATCH', url: '/api/devices/wl-1', headers: bearer, payload: { name: 'x' } });
    expect(write.json().error.code).toBe('KENDALI_ERR_DISPLAY_FORBIDDEN');
  });

  it('refuses a display past its expiry, asking for the screen to be paired again', async () => {
    const { credential } = await pair('Wall 3', 1);
    clock.advance(dayMs);
    const refused = await app.inject({ url: '/api/live/devices', headers: { authorization: `Bearer ${credential}` } });
    clock.set(t0);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toEqual({ code: 'KENDALI_ERR_DISPLAY_EXPIRED', message: `This wall screen's credential expired at ${new Date(t0 + dayMs).toISOString()}; pair the screen again` });
  });

  it('ends the live stream of a display revoked, and refuses it from then on; the audit log has the pairing and the revocation without the credential', async () => {
    const { credential, state } = await pair('Wall 4', 30);
    const { port } = app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/api/live?token=${credential}`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('retry:');

    const revoked = await app.inject({ method: 'DELETE', url: `/api/displays/${state.display!.id}`, headers: admin });
    expect(revoked.statusCode).toBe(204);
    // The stream ends by itself: read until the server closes it.
    for (;;) if ((await reader.read()).done) break;
    const refused = await app.inject({ url: `/api/live/devices?token=${credential}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('KENDALI_ERR_AUTH_INVALID');
    expect((await app.inject({ method: 'DELETE', url: '/api/displays/no-such-wall', headers: admin })).json().error.code).toBe('KENDALI_ERR_DISPLAY_NOT_FOUND');

    const entries = await core.audit.query({ limit: 100 });
    const actions = entries.map((entry) => entry.action);
    expect(actions).toContain('POST /api/displays/pairings/:code/confirm');
    expect(actions).toContain('DELETE /api/displays/:id');
    expect(JSON.stringify(entries)).not.toContain(credential);
  });

  it('ends a live stream opened with an API token once the token is revoked, as for a display', async () => {
    const { token, record } = await core.tokens.create('old wall URL', 'viewer');
    const { port } = app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/api/live?token=${token}`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${record.id}`, headers: admin })).statusCode).toBe(204);
    for (;;) if ((await reader.read()).done) break;
  });

  it('ends the live stream of a person signed in once an admin disables them', async () => {
    await core.users.create({ username: 'rina', displayName: 'Rina', role: 'viewer', password: 'gerbang-pintu-air-10' }, 'test');
    const { id } = await core.sessions.begin('rina');
    const { port } = app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/api/live`, { headers: { cookie: `kendali_session=${id}` } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    expect((await app.inject({ method: 'PATCH', url: '/api/users/rina', headers: admin, payload: { enabled: false } })).statusCode).toBe(200);
    for (;;) if ((await reader.read()).done) break;
  });

  it('limits the codes one address asks for (429 with Retry-After)', async () => {
    let response = await app.inject({ method: 'POST', url: '/api/displays/pairings', remoteAddress: '10.9.9.9' });
    for (let asked = 1; response.statusCode === 201 && asked <= 100; asked++) response = await app.inject({ method: 'POST', url: '/api/displays/pairings', remoteAddress: '10.9.9.9' });
    expect(response.statusCode).toBe(429);
    expect(response.json().error.code).toBe('KENDALI_ERR_PAIRING_RATE');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app.inject({ method: 'POST', url: '/api/displays/pairings', remoteAddress: '10.9.9.10' })).statusCode).toBe(201);
  });
});
