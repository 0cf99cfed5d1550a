import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInProfiles, roleSatisfies, roles, type Role } from '@kendali/contracts';
import type { Core } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let core: Core;
let app: FastifyInstance;
const tokens = {} as Record<Role, string>;
/** A signed-in person of each role: the session cookie's id and the session's CSRF token. */
const sessions = {} as Record<Role, { id: string; csrfToken: string }>;
let display = '';
let logged = '';

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  api = await openApiUnderTest('roles', { logger: pino({ level: 'trace' }, sink) });
  ({ core, app } = api);
  for (const role of roles) {
    tokens[role] = (await core.tokens.create(`${role} token`, role)).token;
    await core.users.create({ username: `${role}-person`, displayName: `${role} person`, role, password: `Plateau-${role}-kendali-42` }, 'roles test');
    const { id, session } = await core.sessions.begin(`${role}-person`);
    sessions[role] = { id, csrfToken: session.csrfToken };
  }
  display = (await core.displays.create('Wall 1, LIVE Room', 86_400_000, 'roles test')).credential;
  await core.registry.create('aq-1', { kind: 'air-quality', name: 'AQ 1', district: 'Benda' });
});

afterAll(() => api?.close());

/**
 * Every protected route with the least role it needs, and whether a wall screen's display credential
 * may call it (`display`: what /wall reads). A route missing here, or marked otherwise, is caught below.
 */
const routes: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; role: Role; display?: true; pattern?: string; body?: unknown }[] = [
  { method: 'GET', url: '/api/devices', role: 'viewer' },
  { method: 'GET', url: '/api/devices/aq-1', role: 'viewer' },
  { method: 'GET', url: '/api/telemetry?device=aq-1&field=pm25', role: 'viewer' },
  { method: 'GET', url: '/api/history?device=aq-1&fields=pm25', role: 'viewer' },
  { method: 'GET', url: '/api/export?device=aq-1&fields=pm25', role: 'operator' },
  { method: 'GET', url: '/api/reports/daily?date=2026-01-01', role: 'viewer' },
  { method: 'GET', url: '/api/reports/monthly?month=2026-01', role: 'viewer' },
  { method: 'GET', url: '/api/rejections', role: 'viewer' },
  { method: 'GET', url: '/api/auth/whoami', role: 'viewer', display: true },
  { method: 'GET', url: '/metrics', role: 'viewer' },
  { method: 'GET', url: '/api/info', role: 'viewer' },
  { method: 'GET', url: '/api/cities', role: 'viewer', display: true },
  { method: 'GET', url: '/api/live/devices', role: 'viewer', display: true },
  { method: 'GET', url: '/api/pending', role: 'engineer' },
  { method: 'POST', url: '/api/pending/none/approve', role: 'engineer', body: { kind: 'traffic', name: 'X', district: 'Benda' } },
  { method: 'DELETE', url: '/api/pending/none', role: 'engineer' },
  { method: 'POST', url: '/api/devices', role: 'engineer', body: { id: 'aq-new', kind: 'air-quality', name: 'New', district: 'Benda' } },
  { method: 'PUT', url: '/api/devices/aq-1', role: 'engineer', body: { kind: 'air-quality', name: 'AQ 1', district: 'Benda' } },
  { method: 'PATCH', url: '/api/devices/aq-1', role: 'engineer', body: { name: 'AQ Benda 1' } },
  { method: 'POST', url: '/api/devices/aq-1/credentials', role: 'engineer' },
  { method: 'GET', url: '/api/devices/export', role: 'engineer' },
  { method: 'POST', url: '/api/devices/import?dryRun=true', role: 'engineer', body: [] },
  { method: 'DELETE', url: '/api/devices/aq-gone', role: 'engineer' },
  { method: 'GET', url: '/api/alarms', role: 'viewer' },
  { method: 'GET', url: '/api/alarms/handover', role: 'viewer' },
  { method: 'GET', url: '/api/alarms/none', role: 'viewer' },
  { method: 'POST', url: '/api/alarms/none/ack', role: 'operator', body: { comment: 'seen' } },
  { method: 'POST', url: '/api/alarms/none/shelve', role: 'operator', body: { minutes: 30, reason: 'maintenance' } },
  { method: 'POST', url: '/api/alarms/none/unshelve', role: 'operator' },
  { method: 'POST', url: '/api/devices/aq-1/commands', role: 'operator', body: { name: 'set-interval', params: { seconds: 60 } } },
  { method: 'POST', url: '/api/commands', role: 'operator', body: { selector: { kind: 'air-quality' }, name: 'set-interval', params: { seconds: 60 } } },
  { method: 'GET', url: '/api/commands', role: 'viewer' },
  { method: 'GET', url: '/api/commands/none', role: 'viewer' },
  { method: 'PUT', url: '/api/devices/aq-1/settings', role: 'engineer', body: { settings: { reportIntervalS: 60 } } },
  { method: 'GET', url: '/api/devices/aq-1/settings', role: 'viewer' },
  { method: 'GET', url: '/api/settings?state=drift', role: 'viewer' },
  { method: 'GET', url: '/api/alarm-rules', role: 'viewer' },
  { method: 'GET', url: '/api/alarm-rules/versions', role: 'viewer' },
  { method: 'PUT', url: '/api/alarm-rules', role: 'engineer', body: { rules: [] } },
  { method: 'GET', url: '/api/kinds', role: 'viewer', display: true },
  { method: 'GET', url: '/api/kinds/air-quality', role: 'viewer' },
  { method: 'GET', url: '/api/kinds/air-quality/versions', role: 'viewer' },
  { method: 'PUT', url: '/api/kinds/air-quality', role: 'engineer', body: builtInProfiles['air-quality'] },
  { method: 'POST', url: '/api/kinds/air-quality/try', role: 'engineer', body: builtInProfiles['air-quality'] },
  { method: 'GET', url: '/api/tokens', role: 'engineer' },
  { method: 'POST', url: '/api/tokens', role: 'engineer', body: { name: 'script', role: 'viewer' } },
  { method: 'DELETE', url: '/api/tokens/none', role: 'engineer' },
  { method: 'GET', url: '/api/displays', role: 'admin' },
  { method: 'POST', url: '/api/displays/pairings/ACDE-FGHJ/confirm', pattern: '/api/displays/pairings/:code/confirm', role: 'admin', body: { name: 'Wall 2', validDays: 30 } },
  { method: 'DELETE', url: '/api/displays/none', role: 'admin' },
  { method: 'POST', url: '/api/admin/rollups/rebuild', role: 'admin', body: { from: '2026-03-10T00:00Z', to: '2026-03-10T01:00Z' } },
  { method: 'POST', url: '/api/admin/backup', role: 'admin' },
  { method: 'GET', url: '/api/users', role: 'admin' },
  { method: 'GET', url: '/api/users/none', role: 'admin' },
  { method: 'POST', url: '/api/users', role: 'admin', body: { username: 'x', displayName: 'X', role: 'viewer', password: 'short' } },
  { method: 'PATCH', url: '/api/users/none', role: 'admin', body: { displayName: 'Nobody' } },
  { method: 'DELETE', url: '/api/users/none', role: 'admin' },
  { method: 'POST', url: '/api/users/none/unlock', role: 'admin' },
  { method: 'POST', url: '/api/auth/addresses/203.0.113.9/unlock', role: 'admin', pattern: '/api/auth/addresses/:address/unlock' },
  { method: 'GET', url: '/api/audit', role: 'admin' },
  { method: 'GET', url: '/api/audit/verify', role: 'admin' },
];
const streams = ['/api/live', '/api/devices/aq-1/messages']; // SSE: checked for refusal only
const displayStreams = new Set(['/api/live']);

type Credential = 'token' | 'session' | 'display';
/** Headers presenting a credential: a token, a person's session cookie (with its CSRF token on writes), or a wall's display credential. */
function present(credential: Credential, role: Role, method: string): Record<string, string> {
  if (credential === 'display') return { authorization: `Bearer ${display}` };
  if (credential === 'token') return { authorization: `Bearer ${tokens[role]}` };
  return { cookie: `kendali_session=${sessions[role].id}`, ...(method === 'GET' ? {} : { 'x-csrf-token': sessions[role].csrfToken }) };
}
const patternOf = (route: (typeof routes)[number]) =>
  route.pattern ??
  route.url
    .split('?')[0]!
    .replace(/aq-1|aq-gone|none/, (id, at: number, url: string) => (url.startsWith('/api/users/') ? ':username' : ':id'))
    .replace(/^\/api\/kinds\/air-quality/, '/api/kinds/:kind');

describe('API roles', () => {
  it('covers every protected route in the table above, and marks for displays exactly the routes it does', () => {
    const tested = new Set([
      ...routes.map((r) => `${r.method} ${patternOf(r)} ${r.display === true ? 'display' : '-'}`),
      ...streams.map((s) => `GET ${s.replace('aq-1', ':id')} ${displayStreams.has(s) ? 'display' : '-'}`),
    ]);
    expect(new Set(app.protectedRoutes.map((r) => `${r.method} ${r.url} ${r.display ? 'display' : '-'}`))).toEqual(tested);
  });

  for (const route of routes) {
    it(`${route.method} ${route.url} needs ${route.role}${route.display ? ', and a wall screen may call it' : ''}, with a token, a session or a display credential`, async () => {
      const send = (headers: Record<string, string> = {}) =>
        app.inject({ method: route.method, url: route.url, headers, ...(route.body === undefined ? {} : { payload: route.body as object }) });
      const admitted = (response: Awaited<ReturnType<typeof send>>, what: string) => {
        // The route itself answers (a 404 for an id that does not exist is fine), never a 5xx.
        expect(response.statusCode, what).toBeLessThan(500);
        expect([401, 403], what).not.toContain(response.statusCode);
        if (response.statusCode >= 400) expect(response.json().error.code, what).toMatch(/^KENDALI_ERR_(?!AUTH|FORBIDDEN|DISPLAY_FORBIDDEN|DISPLAY_EXPIRED|CSRF|SESSION)/);
      };
      expect((await send()).statusCode).toBe(401);
      expect((await send({ authorization: 'Bearer kdl_not-a-token' })).json().error.code).toBe('KENDALI_ERR_AUTH_INVALID');
      expect((await send({ authorization: 'Bearer kdd_not-a-display' })).json().error.code).toBe('KENDALI_ERR_AUTH_INVALID');
      for (const credential of ['token', 'session'] as const) {
        for (const role of roles) {
          const response = await send(present(credential, role, route.method));
          const what = `${role} ${credential} on ${route.method} ${route.url}: ${response.statusCode} ${response.body}`;
          if (roleSatisfies(role, route.role)) admitted(response, what);
          else expect(response.json().error, what).toEqual({ code: 'KENDALI_ERR_FORBIDDEN', message: `This route needs the ${route.role} role; the token has ${role}` });
        }
      }
      const response = await send(present('display', 'viewer', route.method));
      const what = `display on ${route.method} ${route.url}: ${response.statusCode} ${response.body}`;
      if (route.display) admitted(response, what);
      else {
        expect(response.statusCode, what).toBe(403);
        expect(response.json().error.code, what).toBe('KENDALI_ERR_DISPLAY_FORBIDDEN');
      }
    });
  }

  it("lists an external broker's hooks apart from the roles; without a hook secret they are off, whatever credential comes", async () => {
    const hooks = ['POST /api/broker/emqx/authenticate', 'POST /api/broker/emqx/authorize'];
    expect(app.brokerHookRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(hooks);
    for (const hook of hooks) {
      const [method, url] = hook.split(' ') as ['POST', string];
      const credentials = [{}, present('token', 'admin', method), present('session', 'admin', method), present('display', 'viewer', method)];
      for (const headers of credentials) {
        const response = await app.inject({ method, url, headers, payload: { clientid: 'aq-1', username: 'aq-1', password: 'x', peerhost: '10.0.0.1' } });
        expect(response.statusCode, `${hook} ${JSON.stringify(headers)}`).toBe(404);
        expect(response.json().error.code).toBe('KENDALI_ERR_BROKER_HOOKS_OFF');
      }
    }
  });

  it.each(streams)('%s refuses requests without a token', async (url) => {
    expect((await app.inject({ url })).statusCode).toBe(401);
  });

  it('refuses a display credential on /api/devices/:id/messages, a stream the wall does not read', async () => {
    const response = await app.inject({ url: `/api/devices/aq-1/messages?token=${display}` });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('KENDALI_ERR_DISPLAY_FORBIDDEN');
  });

  it('refuses a session write without its CSRF token', async () => {
    const response = await app.inject({ method: 'PATCH', url: '/api/devices/aq-1', headers: { cookie: `kendali_session=${sessions.admin.id}` }, payload: { name: 'x' } });
    expect(response.json().error.code).toBe('KENDALI_ERR_CSRF');
  });

  it('leaves health and docs public', async () => {
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/docs/json' })).statusCode).toBe(200);
  });

  it('leaves the ways of signing in public: asked before anyone has a credential', async () => {
    expect((await app.inject({ url: '/api/auth/providers' })).json()).toEqual({ password: true, oidc: null });
    expect((await app.inject({ url: '/api/auth/session' })).json()).toBeNull();
    // Single sign-on is not set up here: the answer says so, not that a token is missing.
    for (const url of ['/api/auth/oidc/start', '/api/auth/oidc/callback?code=x&state=y']) expect((await app.inject({ url })).json().error.code).toBe('KENDALI_ERR_OIDC_OFF');
  });

  // RFC 7235 §2.1: the scheme is case-insensitive; one or more spaces follow it.
  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR  '])('takes the scheme "%s" like "Bearer"', async (scheme) => {
    const response = await app.inject({ url: '/api/auth/whoami', headers: { authorization: `${scheme} ${tokens.operator}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'operator token', role: 'operator' });
  });

  it.each(['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer${'x'.repeat(43)}`])('finds no token in "%s"', async (authorization) => {
    const response = await app.inject({ url: '/api/auth/whoami', headers: { authorization } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('KENDALI_ERR_AUTH_REQUIRED');
  });

  it('accepts ?token= on GET only (wall displays), never on writes', async () => {
    expect((await app.inject({ url: `/api/devices?token=${tokens.viewer}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PATCH', url: `/api/devices/aq-1?token=${tokens.admin}`, payload: { name: 'x' } })).statusCode).toBe(401);
  });

  it('never writes a token, a display credential or a pairing poll id to the log', async () => {
    await app.inject({ url: `/api/devices?token=${tokens.viewer}` });
    await app.inject({ url: '/api/devices', headers: { authorization: `Bearer ${tokens.admin}` } });
    await app.inject({ url: '/api/devices', headers: { authorization: 'Bearer kdl_wrong-secret-value' } });
    expect(logged).toContain('"url":"/api/devices?token=[redacted]"');
    const { pollId } = (await app.inject({ method: 'POST', url: '/api/displays/pairings' })).json<{ pollId: string }>();
    await app.inject({ url: `/api/displays/pairings/${pollId}` });
    await app.inject({ url: `/api/live/devices?token=${display}` });
    expect(logged).toContain('"url":"/api/displays/pairings/[redacted]"');
    expect(logged).not.toContain(pollId);
    expect(logged).not.toContain(display);
    for (const token of [...Object.values(tokens), 'kdl_wrong-secret-value']) expect(logged).not.toContain(token);
  });
});
