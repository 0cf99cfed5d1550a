import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiFetch, apiJson, registerDevice, testAdminToken, startTestPlatform } from '@kendali/test-support';

let platform: Platform;
let stopPlatform: () => Promise<void>;
const clients: MqttClient[] = [];

beforeAll(async () => {
  ({ platform, stop: stopPlatform } = await startTestPlatform('auth'));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.endAsync(true)));
  await stopPlatform?.();
});

const connect = async (options: IClientOptions) => {
  const client = await connectAsync(platform.addresses.mqtt, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
  clients.push(client);
  return client;
};
const as = (id: string, password: string, extra: IClientOptions = {}) => connect({ clientId: id, username: id, password, ...extra });
const refusal = (options: IClientOptions) => connect(options).then(() => 'connected', (error: { code?: number; message: string }) => error.code ?? error.message);
/** QoS granted per filter; 128 = refused [MQTT-3.9.3]. mqtt.js rejects a SUBACK holding 128, with the packet attached. */
const granted = (client: MqttClient, filters: string[]) =>
  client.subscribeAsync(filters).then(
    (grants) => grants.map((g) => g.qos),
    (error: { packet?: { granted?: number[] } }) => {
      if (!error.packet?.granted) throw error;
      return error.packet.granted;
    },
  );
const api = (path: string, init?: { method?: string; body?: unknown }) => apiJson<Record<string, unknown>>(platform.addresses.http, path, init);

describe('broker authentication', () => {
  let secret: string;

  beforeAll(async () => {
    secret = await registerDevice(platform.addresses.http, 'aq-auth', { kind: 'air-quality', name: 'AQ Auth', district: 'Benda' });
  });

  it('refuses an unknown device and a wrong secret with "bad user name or password" (4)', async () => {
    expect(await refusal({ clientId: 'aq-nobody', username: 'aq-nobody', password: 'whatever' })).toBe(4);
    expect(await refusal({ clientId: 'aq-auth', username: 'aq-auth', password: `${secret}x` })).toBe(4);
    expect(await refusal({ clientId: 'aq-auth' })).toBe(4);
  });

  it('refuses a client id that is not the device id (2), so no device can take over another session', async () => {
    expect(await refusal({ clientId: 'aq-other', username: 'aq-auth', password: secret })).toBe(2);
  });

  it('refuses a disabled device with "not authorised" (5), drops its open connection, and admits it again once enabled', async () => {
    const open = await as('aq-auth', secret);
    const dropped = new Promise<void>((resolve) => open.once('close', () => resolve()));
    await api('/api/devices/aq-auth', { method: 'PATCH', body: { enabled: false } });
    await dropped;
    expect(await refusal({ clientId: 'aq-auth', username: 'aq-auth', password: secret })).toBe(5);
    await api('/api/devices/aq-auth', { method: 'PATCH', body: { enabled: true } });
    expect((await as('aq-auth', secret)).connected).toBe(true);
  });

  it('stops accepting the old secret the moment it is rotated, and drops the connection made with it', async () => {
    const open = await as('aq-auth', secret);
    const dropped = new Promise<void>((resolve) => open.once('close', () => resolve()));
    const rotated = (await api('/api/devices/aq-auth/credentials', { method: 'POST' })).secret as string;
    await dropped;
    expect(await refusal({ clientId: 'aq-auth', username: 'aq-auth', password: secret })).toBe(4);
    expect((await as('aq-auth', rotated)).connected).toBe(true);
    secret = rotated;
  });

  it('drops the open connection of a deleted device and refuses it afterwards as unknown (4)', async () => {
    const doomedSecret = await registerDevice(platform.addresses.http, 'aq-doomed', { kind: 'air-quality', name: 'AQ Doomed', district: 'Benda' });
    const open = await as('aq-doomed', doomedSecret);
    const dropped = new Promise<void>((resolve) => open.once('close', () => resolve()));
    const deleted = await apiFetch(platform.addresses.http, '/api/devices/aq-doomed', { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    await dropped;
    expect(await refusal({ clientId: 'aq-doomed', username: 'aq-doomed', password: doomedSecret })).toBe(4);
  });
});

describe('topic ACL', () => {
  it("refuses a publish to another device's topic, storing nothing", async () => {
    const secretA = await registerDevice(platform.addresses.http, 'wl-a', { kind: 'water-level', name: 'A', district: 'Periuk' });
    await registerDevice(platform.addresses.http, 'wl-b', { kind: 'water-level', name: 'B', district: 'Periuk' });
    const a = await as('wl-a', secretA);
    const closed = new Promise<void>((resolve) => a.once('close', () => resolve()));
    void a.publishAsync(deviceTopic('wl-b', 'telemetry'), '{"waterLevelCm": 300}', { qos: 1 }).catch(() => undefined);
    await closed; // MQTT 3.1.1 cannot refuse one publish: the broker closes the offending connection
    const history = await api('/api/telemetry?device=wl-b&field=waterLevelCm');
    expect(history.points).toEqual([]);
  });

  it("refuses a subscription to another device's topics (SUBACK 0x80) but keeps the connection", async () => {
    const secretA = (await api('/api/devices/wl-a/credentials', { method: 'POST' })).secret as string;
    const a = await as('wl-a', secretA);
    expect(await granted(a, [deviceTopic('wl-b', 'errors'), deviceTopic('wl-b', 'telemetry'), 'kendali/#', deviceTopic('wl-a', 'errors')])).toEqual([128, 128, 128, 0]);
    expect(a.connected).toBe(true);
  });

  it('lets an internal observer read telemetry with an API token, never publish', async () => {
    const { token } = await apiJson<{ token: string }>(platform.addresses.http, '/api/tokens', { method: 'POST', body: { name: 'mirror', role: 'viewer' } });
    const observer = await connect({ clientId: 'mirror-1', username: 'kendali-observer', password: token });
    expect(await granted(observer, [deviceTopic('+', 'telemetry'), deviceTopic('+', 'errors')])).toEqual([0, 128]);
    const seen = new Promise<string>((resolve) => observer.once('message', (_t, payload) => resolve(payload.toString())));
    const secretB = (await api('/api/devices/wl-b/credentials', { method: 'POST' })).secret as string;
    const b = await as('wl-b', secretB);
    await b.publishAsync(deviceTopic('wl-b', 'telemetry'), '{"waterLevelCm": 188}', { qos: 1 });
    expect(await seen).toBe('{"waterLevelCm": 188}');
    const closed = new Promise<void>((resolve) => observer.once('close', () => resolve()));
    void observer.publishAsync(deviceTopic('wl-b', 'telemetry'), '{"waterLevelCm": 1}', { qos: 1 }).catch(() => undefined);
    await closed;
  });

  it('closes a connection that sends a packet over the size limit, and only that one', async () => {
    const secretB = (await api('/api/devices/wl-b/credentials', { method: 'POST' })).secret as string;
    const b = await as('wl-b', secretB);
    const secretA = (await api('/api/devices/wl-a/credentials', { method: 'POST' })).secret as string;
    const a = await as('wl-a', secretA);
    const closed = new Promise<void>((resolve) => a.once('close', () => resolve()));
    void a.publishAsync(deviceTopic('wl-a', 'telemetry'), Buffer.alloc(400 * 1024, 0x20), { qos: 1 }).catch(() => undefined);
    await closed;
    await b.publishAsync(deviceTopic('wl-b', 'telemetry'), '{"waterLevelCm": 190}', { qos: 1 });
    expect(b.connected).toBe(true);
  });
});

describe('bulk import', () => {
  it('dry-runs 1,000 devices with 5 bad rows and names exactly those lines', async () => {
    const lines = ['id,kind,name,district,lat,lon,installDate,enabled,gate'];
    const bad = new Map([
      [101, 'sl-bulk-0100,street-light,,Benda,,,,,'],
      [250, 'sl-bulk-0249,street-lamp,PJU 249,Benda,,,,,'],
      [502, 'sl-bulk-0501,street-light,PJU 501,Benda,-123,,,,'],
      [777, 'sl-bulk-0776,street-light,PJU 776,Benda,,,2026-13-45,,'],
      [1001, 'sl bulk 1000,street-light,PJU 1000,Benda,,,,,'],
    ]);
    for (let i = 0; i < 1_000; i++) {
      const line = i + 2; // the header is line 1
      lines.push(bad.get(line) ?? `sl-bulk-${String(i + 1).padStart(4, '0')},street-light,PJU ${i + 1},Benda,-6.125,106.68,2025-01-15,true,gate-${i % 7}`);
    }
    const response = await fetch(`${platform.addresses.http}/api/devices/import?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'text/csv' },
      body: lines.join('\n'),
    });
    const report = (await response.json()) as { valid: number; toCreate: string[]; problems: { line: number; message: string }[] };
    expect(response.status).toBe(200);
    expect(report.problems.map((p) => p.line)).toEqual([101, 250, 502, 777, 1001]);
    expect(report.valid).toBe(995);
    expect(report.toCreate).toHaveLength(995);
    expect((await apiFetch(platform.addresses.http, '/api/devices?q=sl-bulk')).ok).toBe(true);
    expect((await apiJson<unknown[]>(platform.addresses.http, '/api/devices?q=sl-bulk'))).toHaveLength(0); // a dry run changes nothing
  });
});

describe('brute-force protection', () => {
  it('blocks a device id after repeated failed connects, even with the right secret, and not its neighbours at the same address', async () => {
    const secret = await registerDevice(platform.addresses.http, 'tr-brute', { kind: 'traffic', name: 'Simpang', district: 'Pinang' });
    const neighbour = await registerDevice(platform.addresses.http, 'tr-neighbour', { kind: 'traffic', name: 'Simpang Timur', district: 'Pinang' });
    // The limit is 10 failures a minute for one id at one address.
    const answers: unknown[] = [];
    for (let i = 0; i < 12; i++) answers.push(await refusal({ clientId: 'tr-brute', username: 'tr-brute', password: `guess-${i}` }));
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(4));
    expect(answers.slice(10)).toEqual([5, 5]); // blocked: refused without the guess being checked
    expect(await refusal({ clientId: 'tr-brute', username: 'tr-brute', password: secret })).toBe(5);
    // Another device behind the same address (here 127.0.0.1) still connects.
    expect(await refusal({ clientId: 'tr-neighbour', username: 'tr-neighbour', password: neighbour })).toBe('connected');
  });
});
