import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type AuditEntry, type AuditVerification, type Readiness, type StoredProfile } from '@kendali/contracts';
import {
  apiFetch,
  apiJson,
  makeTempDir,
  postgresAdmin,
  registerDevice,
  spawnPlatform,
  postgresForSuite,
  serverSuite,
  waitFor,
  type RunningPlatform,
} from '@kendali/test-support';

// Two platform processes, each with its own data directory and ports, sharing one PostgreSQL
// (KENDALI_DATABASE_URL): what one node does to people, tokens, the audit log, devices and kinds, the other sees.
const suite = serverSuite('postgresql');
const password = 'jembatan-berendeng-2026';

describe.skipIf(!suite.available)(suite.title('shared state in PostgreSQL: two nodes'), () => {
  const postgres = postgresForSuite({ beforeAll, afterAll });
  let databaseUrl: string;
  const folders: Awaited<ReturnType<typeof makeTempDir>>[] = [];
  const nodes: RunningPlatform[] = [];

  const startNode = async (env: Record<string, string> = {}) => {
    const data = await makeTempDir('shared-state-node');
    folders.push(data);
    const node = await spawnPlatform({ KENDALI_DATA_DIR: data.path, KENDALI_DATABASE_URL: databaseUrl, ...env }, { stopWithParent: true });
    nodes.push(node);
    return node;
  };

  // Node a logs at info, so its start-up line saying what is shared can be checked. Started once, for every test that needs two.
  let twoNodes: Promise<[RunningPlatform, RunningPlatform]> | undefined;
  const startTwoNodes = () => (twoNodes ??= (async () => [await startNode({ KENDALI_LOG_LEVEL: 'info' }), await startNode()] as [RunningPlatform, RunningPlatform])());

  beforeAll(async () => {
    databaseUrl = await postgres.createDatabase('kendali');
  });

  // Before the server stops: postgresForSuite's afterAll, registered first, runs last.
  afterAll(async () => {
    for (const node of nodes) await node.stop();
    for (const folder of folders) await folder.remove();
  });

  it('signs in on one a person made on the other, refuses on one a token revoked on the other, and keeps one audit chain', async () => {
    const [a, b] = await startTwoNodes();
    expect(a.output()).toMatch(/shared state in PostgreSQL: people, sessions, API tokens, display credentials and their pairing codes, sign-in lock-outs, the audit log, the device registry, the discovery list, device profiles, alarms and rules, commands and device settings/);
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

  it('authenticates on one a device registered on the other, refuses it there once disabled, and puts a kind version in force on both', async () => {
    const [a, b] = await startTwoNodes();
    const secret = await registerDevice(a.http, 'wl-shared', { kind: 'water-level', name: 'Pintu Air 10', district: 'Periuk' });
    const connectTo = (node: RunningPlatform) =>
      connectAsync(node.mqtt, { clientId: 'wl-shared', username: 'wl-shared', password: secret, reconnectPeriod: 0, connectTimeout: 5_000 }).then(
        async (client) => {
          await client.endAsync();
          return 'connected';
        },
        (error: { code?: number; message: string }) => error.code ?? error.message,
      );
    expect(await waitFor(async () => ((await connectTo(b)) === 'connected' ? 'connected' : undefined), 'wl-shared to connect to b')).toBe('connected');
    expect((await apiFetch(a.http, '/api/devices/wl-shared', { method: 'PATCH', body: { enabled: false } })).status).toBe(200);
    expect(await waitFor(async () => ((await connectTo(b)) === 5 ? 5 : undefined), 'b to refuse the device disabled on a')).toBe(5);

    const waterLevel = await apiJson<StoredProfile>(a.http, '/api/kinds/water-level');
    const next = { ...waterLevel.profile, fields: { ...waterLevel.profile.fields, salinityPpt: { type: 'number', unit: 'ppt', min: 0, max: 50 } } };
    const put = await apiJson<StoredProfile>(a.http, '/api/kinds/water-level', { method: 'PUT', body: next });
    const onB = await waitFor(async () => {
      const stored = await apiJson<StoredProfile>(b.http, '/api/kinds/water-level');
      return stored.version === put.version ? stored : undefined;
    }, 'the version put on a to be in force on b');
    expect(onB).toEqual(put);
    expect(onB.profile.fields).toHaveProperty('salinityPpt');
  });

  it('locks an account on both after ten failed sign-ins spread over the two, and pairs a wall whose code one showed through the other', async () => {
    const [a, b] = await startTwoNodes();
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

  it('raises an alarm once on the leading node, takes its acknowledgement on the other, and hands the lead over when the leader dies', async () => {
    const [a, b] = await startTwoNodes();
    const leaderGauge = async (node: RunningPlatform) => Number(/^kendali_alarm_leader (\d)$/m.exec(await (await apiFetch(node.http, '/metrics')).text())?.[1]);
    const alarmsCheck = async (node: RunningPlatform) => (await apiJson<Readiness>(node.http, '/readyz')).checks.alarms;
    expect([await leaderGauge(a), await leaderGauge(b)]).toEqual([1, 0]);
    expect(await alarmsCheck(b)).toEqual({ ok: true, detail: 'another node evaluates alarm rules; this one follows its alarms' });

    // The device publishes to node a, which leads: the alarm is raised there and both list it.
    const secret = await registerDevice(a.http, 'wl-berendeng', { kind: 'water-level', name: 'Pintu Air Berendeng', district: 'Tangerang' });
    const device = await connectAsync(a.mqtt, { clientId: 'wl-berendeng', username: 'wl-berendeng', password: secret, reconnectPeriod: 0 });
    try {
      await device.publishAsync(deviceTopic('wl-berendeng', 'telemetry'), JSON.stringify({ waterLevelCm: 430 }), { qos: 1 });
    } finally {
      await device.endAsync(true);
    }
    const openOn = async (node: RunningPlatform) => (await apiJson<Alarm[]>(node.http, '/api/alarms?device=wl-berendeng'));
    const [raised] = await waitFor(async () => ((await openOn(b)).length > 0 ? openOn(b) : undefined), 'node b to list the alarm node a raised');
    expect(await openOn(a)).toEqual([raised]);

    await apiJson(b.http, `/api/alarms/${raised!.id}/ack`, { method: 'POST', body: { comment: 'petugas dikirim' } });
    await waitFor(async () => ((await openOn(a))[0]?.state === 'acknowledged' ? true : undefined), 'node a to show the acknowledgement made on b');
    const { events } = await apiJson<{ events: { type: string }[] }>(a.http, `/api/alarms/${raised!.id}`);
    expect(events.map((event) => event.type)).toEqual(['raised', 'acknowledged']);

    await a.kill();
    await waitFor(async () => ((await leaderGauge(b)) === 1 ? true : undefined), 'node b to take the lead once node a died');
    expect(await alarmsCheck(b)).toEqual({ ok: true, detail: 'this node evaluates alarm rules (leader)' });
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
