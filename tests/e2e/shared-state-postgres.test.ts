import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerification } from '@kendali/contracts';
import {
  apiFetch,
  apiJson,
  makeTempDir,
  postgresAdmin,
  postgresProgram,
  spawnPlatform,
  startPostgres,
  systemSuite,
  testedVersions,
  waitFor,
  type Postgres,
  type RunningPlatform,
} from '@kendali/test-support';

// Two platform processes, each with its own data directory and ports, sharing one PostgreSQL
// (KENDALI_DATABASE_URL): what one node does to people, tokens and the audit log, the other sees.
const suite = systemSuite(postgresProgram, 'apt-get install postgresql', testedVersions.postgres);
const password = 'jembatan-berendeng-2026';

describe.skipIf(!suite.available)(suite.title('shared state in PostgreSQL: two nodes'), () => {
  let postgres: Postgres;
  let databaseUrl: string;
  const folders: Awaited<ReturnType<typeof makeTempDir>>[] = [];
  const nodes: RunningPlatform[] = [];
  let a: RunningPlatform;
  let b: RunningPlatform;

  const startNode = async (env: Record<string, string> = {}) => {
    const data = await makeTempDir('shared-state-node');
    folders.push(data);
    const node = await spawnPlatform({ KENDALI_DATA_DIR: data.path, KENDALI_DATABASE_URL: databaseUrl, ...env }, { stopWithParent: true });
    nodes.push(node);
    return node;
  };

  beforeAll(async () => {
    postgres = await startPostgres();
    databaseUrl = await postgres.createDatabase('kendali');
    a = await startNode({ KENDALI_LOG_LEVEL: 'info' });
    b = await startNode();
  }, 90_000);

  afterAll(async () => {
    for (const node of nodes) await node.stop();
    for (const folder of folders) await folder.remove();
    await postgres?.close();
  });

  it('signs in on one a person made on the other, refuses on one a token revoked on the other, and keeps one audit chain', async () => {
    expect(a.output()).toMatch(/shared state in PostgreSQL: people, sessions, API tokens, display credentials and their pairing codes, sign-in lock-outs and the audit log; the device registry, profiles, alarms, rules/);
    expect(a.output()).not.toContain(postgresAdmin.password);

    await apiJson(a.http, '/api/users', { method: 'POST', body: { username: 'rina', displayName: 'Rina Kusuma', role: 'operator', password } });
    await waitFor(async () => ((await apiFetch(b.http, '/api/users/rina')).ok ? true : undefined), 'node b to know rina');
    const signIn = await fetch(`${b.http}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rina', password }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const session = await waitFor(async () => {
      const answer = await fetch(`${a.http}/api/auth/session`, { headers: { cookie } });
      return answer.ok ? ((await answer.json()) as { user: { username: string } } | null) : undefined;
    }, 'the session begun on b to be known on a');
    expect(session?.user.username).toBe('rina');

    const issued = await apiJson<{ id: string; token: string }>(a.http, '/api/tokens', { method: 'POST', body: { name: 'wall script', role: 'viewer' } });
    await waitFor(async () => ((await apiFetch(b.http, '/api/devices', { token: issued.token })).status === 200 ? true : undefined), 'the token made on a to work on b');
    expect((await apiFetch(b.http, `/api/tokens/${issued.id}`, { method: 'DELETE' })).status).toBe(204);
    await waitFor(async () => ((await apiFetch(a.http, '/api/devices', { token: issued.token })).status === 401 ? true : undefined), 'the token revoked on b to be refused on a');

    const logOf = (node: RunningPlatform) => apiJson<AuditEntry[]>(node.http, '/api/audit?limit=1000');
    const [fromA, fromB] = [await logOf(a), await logOf(b)];
    expect(fromA).toEqual(fromB);
    const actions = fromA.map((entry) => `${entry.action} ${entry.target ?? ''}`.trim());
    expect(actions).toEqual(expect.arrayContaining(['POST /api/users rina', 'sign-in rina', 'POST /api/tokens', `DELETE /api/tokens/:id ${issued.id}`]));
    const verified = await apiJson<AuditVerification>(a.http, '/api/audit/verify');
    expect(verified).toMatchObject({ ok: true, entries: fromA.length, head: { seq: fromA[0]!.seq } });
    expect(await apiJson<AuditVerification>(b.http, '/api/audit/verify')).toEqual(verified);
  });

  it('locks an account on both after ten failed sign-ins spread over the two, and pairs a wall whose code one showed through the other', async () => {
    await apiJson(b.http, '/api/users', { method: 'POST', body: { username: 'dewi', displayName: 'Dewi Lestari', role: 'viewer', password } });
    await waitFor(async () => ((await apiFetch(a.http, '/api/users/dewi')).ok ? true : undefined), 'node a to know dewi');
    const signIn = (node: RunningPlatform, tried: string) => apiFetch(node.http, '/api/auth/login', { method: 'POST', body: { username: 'dewi', password: tried } });
    for (let n = 0; n < 10; n++) expect((await signIn(n % 2 === 0 ? a : b, 'not-her-password')).status).toBe(401);
    for (const node of [a, b]) {
      const locked = await signIn(node, password);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await apiFetch(b.http, '/api/users/dewi/unlock', { method: 'POST' })).status).toBe(200);
    expect((await signIn(a, password)).status).toBe(200);

    const wall = await apiJson<{ code: string; pollId: string }>(a.http, '/api/displays/pairings', { method: 'POST' });
    const confirmed = await apiJson<{ id: string }>(b.http, `/api/displays/pairings/${wall.code}/confirm`, { method: 'POST', body: { name: 'Wall 4, LIVE Room', validDays: 30 } });
    const paired = await apiJson<{ status: string; credential: string; display: { id: string } }>(a.http, `/api/displays/pairings/${wall.pollId}`);
    expect(paired).toMatchObject({ status: 'paired', display: { id: confirmed.id } });
    expect((await apiFetch(b.http, `/api/displays/pairings/${wall.pollId}`)).status).toBe(404); // handed over once, on either node
    await waitFor(async () => ((await apiFetch(a.http, '/api/cities', { token: paired.credential })).status === 200 ? true : undefined), 'the wall credential to work on a');
    expect((await apiFetch(a.http, '/api/devices', { token: paired.credential })).status).toBe(403);
  });

  it('stops with exit 2 and one line naming KENDALI_DATABASE_URL when PostgreSQL refuses the credentials', async () => {
    const data = await makeTempDir('shared-state-refused');
    folders.push(data);
    const wrong = postgres.urlWithWrongPassword('kendali');
    const start = spawnPlatform({ KENDALI_DATA_DIR: data.path, KENDALI_DATABASE_URL: wrong });
    const failure = await start.then(
      () => new Error('the platform started with a wrong database password'),
      (error: unknown) => error as Error,
    );
    expect(failure.message).toMatch(/exited with 2 before it was ready/);
    expect(failure.message).toMatch(new RegExp(`kendali: KENDALI_DATABASE_URL: PostgreSQL at 127\\.0\\.0\\.1:${postgres.port}/kendali as kendali refused Kendali: .*Fix KENDALI_DATABASE_URL`));
    expect(failure.message).not.toContain('not-the-password');
  });
});
