import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type RejectionNotice, type TelemetryHistory } from '@kendali/contracts';
import {
  apiFetch,
  apiJson,
  makeTempDir,
  mosquittoAdmin,
  registerDevice,
  spawnPlatform,
  serverSuite,
  startMosquitto,
  waitFor,
  type Mosquitto,
  type RunningPlatform,
} from '@kendali/test-support';

const suite = serverSuite('mosquitto-dynamic-security');

const base = Date.now() - 3_600_000; // an hour ago: every reading of the suite is in the past and inside the 7 days ingest takes
const range = `from=${base - 3_600_000}&to=${base + 3_600_000}`;
const water = { kind: 'water-level', district: 'Karawaci' } as const;

describe.skipIf(!suite.available)(
  suite.title('external broker mode: Kendali as an ingest worker of Mosquitto with dynamic security'),
  () => {
    let mosquitto: Mosquitto;
    let data: Awaited<ReturnType<typeof makeTempDir>>;
    let platform: RunningPlatform;
    const clients: MqttClient[] = [];

    /** Kendali as an ingest worker on `connections` connections, members of the one share group. */
    const startKendali = (connections: number, logLevel = 'warn') =>
      spawnPlatform(
        {
          KENDALI_DATA_DIR: data.path,
          KENDALI_MQTT_URL: mosquitto.url,
          KENDALI_MQTT_USERNAME: mosquittoAdmin.username,
          KENDALI_MQTT_PASSWORD: mosquittoAdmin.password,
          KENDALI_INGEST_CONNECTIONS: String(connections),
          KENDALI_LOG_LEVEL: logLevel,
        },
        { stopWithParent: true },
      );

    /** A device's MQTT connection to Mosquitto (MQTT v5, so a refused publish comes back as a reason code). */
    const connectDevice = async (id: string, secret: string, options: IClientOptions = {}) => {
      const client = await connectAsync(mosquitto.url, { protocolVersion: 5, clientId: id, username: id, password: secret, reconnectPeriod: 0, ...options });
      (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      clients.push(client);
      return client;
    };

    /** Resolves with the CONNACK's refusal, or fails if the broker lets the device in. */
    const refusal = async (id: string, secret: string) => {
      const attempt = await connectDevice(id, secret).then(
        async (client) => {
          await client.endAsync(true);
          return 'accepted';
        },
        (error: Error & { code?: number }) => error.code,
      );
      return attempt;
    };

    const readingsOf = async (id: string) => {
      const answer = await apiJson<TelemetryHistory>(platform.http, `/api/telemetry?device=${id}&field=waterLevelCm&${range}`);
      return new Map(answer.points.map((point) => [point.t, point.value]));
    };

    beforeAll(async () => {
      mosquitto = await startMosquitto();
      data = await makeTempDir('external');
      platform = await startKendali(3);
    });

    afterAll(async () => {
      for (const client of clients) await client.endAsync(true).catch(() => undefined);
      await platform?.stop();
      await mosquitto?.close();
      await data?.remove();
    });

    it('stops the start in one line naming the setting when the broker refuses Kendali\'s user', async () => {
      const elsewhere = await makeTempDir('external-refused');
      try {
        const start = spawnPlatform({ KENDALI_DATA_DIR: elsewhere.path, KENDALI_MQTT_URL: mosquitto.url, KENDALI_MQTT_USERNAME: mosquittoAdmin.username, KENDALI_MQTT_PASSWORD: 'not-the-password' });
        await expect(start).rejects.toThrow(/exited with 2[^]*kendali: KENDALI_ERR_EXTERNAL_BROKER: .*KENDALI_MQTT_USERNAME.* could not connect to mqtt:\/\/127\.0\.0\.1:\d+ as kendali-admin: Connection refused: Not authorized/);
      } finally {
        await elsewhere.remove();
      }
    });

    it('stores the readings a registered device publishes through Mosquitto, and answers a bad one on its errors topic through Mosquitto', async () => {
      const secret = await registerDevice(platform.http, 'wl-ext-1', { ...water, name: 'Alamanda' });
      const device = await connectDevice('wl-ext-1', secret);
      const notices: RejectionNotice[] = [];
      device.on('message', (_topic, payload) => notices.push(JSON.parse(payload.toString()) as RejectionNotice));
      await device.subscribeAsync(deviceTopic('wl-ext-1', 'errors'), { qos: 0 });
      await device.publishAsync(deviceTopic('wl-ext-1', 'telemetry'), JSON.stringify({ ts: base, waterLevelCm: 201.5 }), { qos: 1 });
      expect(await waitFor(async () => (await readingsOf('wl-ext-1')).get(base), 'the reading in Kendali')).toBe(201.5);
      await device.publishAsync(deviceTopic('wl-ext-1', 'telemetry'), JSON.stringify({ ts: base + 1_000, waterLevelCm: 'high' }), { qos: 1 });
      const notice = await waitFor(() => notices[0], 'the rejection on the errors topic');
      expect(notice).toMatchObject({ code: 'KENDALI_ERR_FIELD_TYPE', topic: deviceTopic('wl-ext-1', 'telemetry') });
      expect([...(await readingsOf('wl-ext-1')).keys()]).toEqual([base]);
      // Engineers are told to connect devices to Mosquitto, and readiness follows Kendali's connection to it.
      expect((await apiJson<{ mqtt: { host: string; tcpPort: number } }>(platform.http, '/api/info')).mqtt).toMatchObject({ host: '127.0.0.1', tcpPort: mosquitto.port });
      const ready = await apiJson<{ checks: { broker: { ok: boolean; detail: string } } }>(platform.http, '/readyz');
      expect(ready.checks.broker).toMatchObject({ ok: true, detail: expect.stringMatching(/^3 of 3 connections taking devices' messages/) as unknown });
      const metrics = await (await apiFetch(platform.http, '/metrics')).text();
      expect(metrics).toMatch(/^kendali_ingest_connections_up 3$/m);
    });

    it('keeps a device to its own topics: a publish to another device\'s telemetry is refused by Mosquitto and nothing is stored for it', async () => {
      const secretA = await registerDevice(platform.http, 'wl-ext-a', { ...water, name: 'Bulakan' });
      await registerDevice(platform.http, 'wl-ext-b', { ...water, name: 'Periuk' });
      const deviceA = await connectDevice('wl-ext-a', secretA);
      const forged = await deviceA.publishAsync(deviceTopic('wl-ext-b', 'telemetry'), JSON.stringify({ ts: base, waterLevelCm: 999 }), { qos: 1 }).then(
        (packet) => (packet as { reasonCode?: number } | undefined)?.reasonCode ?? 0,
        (error: Error & { code?: number }) => error.code,
      );
      expect(forged).toBe(0x87); // Not authorized [MQTT-3.4.2.1]
      // A reading of its own after it: once that is stored, the forged one would have been too.
      await deviceA.publishAsync(deviceTopic('wl-ext-a', 'telemetry'), JSON.stringify({ ts: base, waterLevelCm: 150 }), { qos: 1 });
      await waitFor(async () => (await readingsOf('wl-ext-a')).get(base), 'device A\'s own reading');
      expect((await readingsOf('wl-ext-b')).size).toBe(0);
    });

    it('reflects a disable, an enable, secret rotations and a deletion in Mosquitto at once', async () => {
      const secret = await registerDevice(platform.http, 'wl-ext-2', { ...water, name: 'Kali Sabi' });
      const device = await connectDevice('wl-ext-2', secret);
      const closed = new Promise((resolve) => device.once('close', () => resolve(true)));
      await apiJson(platform.http, '/api/devices/wl-ext-2', { method: 'PATCH', body: { enabled: false } });
      await closed; // Mosquitto drops the connection of a disabled account
      // Mosquitto 2.0 answers every refused CONNECT of dynamic security with 0x87 Not authorized [MQTT-3.2.2.2].
      expect(await refusal('wl-ext-2', secret)).toBe(0x87);

      await apiJson(platform.http, '/api/devices/wl-ext-2', { method: 'PATCH', body: { enabled: true } });
      expect(await refusal('wl-ext-2', secret)).toBe('accepted');

      const rotated = await apiJson<{ secret: string }>(platform.http, '/api/devices/wl-ext-2/credentials', { method: 'POST' });
      expect(await refusal('wl-ext-2', secret)).toBe(0x87);
      const renewed = await connectDevice('wl-ext-2', rotated.secret);
      await renewed.publishAsync(deviceTopic('wl-ext-2', 'telemetry'), JSON.stringify({ ts: base, waterLevelCm: 88 }), { qos: 1 });
      expect(await waitFor(async () => (await readingsOf('wl-ext-2')).get(base), 'the reading sent with the new secret')).toBe(88);

      // A rotation ends the connection made with the secret before it; a deletion ends the account.
      const renewedClosed = new Promise((resolve) => renewed.once('close', () => resolve(true)));
      const again = await apiJson<{ secret: string }>(platform.http, '/api/devices/wl-ext-2/credentials', { method: 'POST' });
      await renewedClosed;
      const latest = await connectDevice('wl-ext-2', again.secret);
      const latestClosed = new Promise((resolve) => latest.once('close', () => resolve(true)));
      expect((await apiFetch(platform.http, '/api/devices/wl-ext-2', { method: 'DELETE' })).status).toBe(204);
      await latestClosed;
      expect(await refusal('wl-ext-2', again.secret)).toBe(0x87);

      // A device registered disabled gets its account disabled; an enable lets it in.
      const dormant = await apiJson<{ secret: string }>(platform.http, '/api/devices', { method: 'POST', body: { id: 'wl-ext-4', ...water, name: 'Cikokol', enabled: false } });
      expect(await refusal('wl-ext-4', dormant.secret)).toBe(0x87);
      await apiJson(platform.http, '/api/devices/wl-ext-4', { method: 'PATCH', body: { enabled: true } });
      expect(await refusal('wl-ext-4', dormant.secret)).toBe('accepted');
    });

    it('stores every reading Mosquitto acknowledged exactly once after the ingest worker is frozen, killed and started again with fewer connections, and resyncs accounts at start', async () => {
      const secret = await registerDevice(platform.http, 'wl-ext-3', { ...water, name: 'Cisadane' });
      const device = await connectDevice('wl-ext-3', secret);
      const count = 500;
      const valueOf = (i: number) => 100 + i / 10;
      const publish = (from: number, to: number) =>
        Promise.all(Array.from({ length: to - from }, (_, k) => device.publishAsync(deviceTopic('wl-ext-3', 'telemetry'), JSON.stringify({ ts: base + (from + k) * 1_000, waterLevelCm: valueOf(from + k) }), { qos: 1 })));

      // The first half goes to a running worker; it is frozen once it has stored some of it.
      await publish(0, count / 2);
      await waitFor(async () => ((await readingsOf('wl-ext-3')).size >= 50 ? true : undefined), 'the first readings stored');
      platform.child.kill('SIGSTOP');
      // The second half is acknowledged by Mosquitto while the worker is frozen: none of it can be stored before the kill.
      await publish(count / 2, count);

      // While Kendali is away, an account appears in its group that the registry does not know, and one outside it.
      const admin = await connectAsync(mosquitto.url, { protocolVersion: 5, clientId: 'test-admin', ...mosquittoAdmin, reconnectPeriod: 0 });
      clients.push(admin);
      await admin.subscribeAsync('$CONTROL/dynamic-security/v1/response');
      const answered = new Promise((resolve) => admin.on('message', resolve));
      await admin.publishAsync(
        '$CONTROL/dynamic-security/v1',
        JSON.stringify({
          commands: [
            { command: 'createClient', username: 'stray-device', password: 'stray-password', groups: [{ groupname: 'kendali-devices' }] },
            { command: 'createClient', username: 'operator-tool', password: 'tool-password' },
            // As on a new broker: a registered device without an account, which only a rotation can give it.
            { command: 'deleteClient', username: 'wl-ext-a' },
          ],
        }),
        { qos: 1 },
      );
      await answered;

      await platform.kill();
      // The broker spread the frozen worker's share over its three sessions; started again with one
      // connection, the worker drains and ends the other two, which would otherwise hold their part for days.
      platform = await startKendali(1, 'info');

      const stored = await waitFor(async () => {
        const readings = await readingsOf('wl-ext-3');
        return readings.size === count ? readings : undefined;
      }, `all ${count} readings stored after the restart`);
      expect([...stored.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => base + i * 1_000));
      expect([...stored.entries()].every(([t, value]) => value === valueOf((t - base) / 1_000))).toBe(true);
      // Counted by the store itself, not as points of a map: one reading per (device, ts).
      const counted = await apiJson<TelemetryHistory>(platform.http, `/api/telemetry?device=wl-ext-3&field=waterLevelCm&${range}&every=1d&fn=count`);
      expect(counted.points.reduce((sum, point) => sum + Number(point.value ?? 0), 0)).toBe(count);

      expect(platform.output()).toMatch(/"clientIds":\["kendali-[0-9a-f]{16}~2","kendali-[0-9a-f]{16}~3"\][^\n]*drained and ended/);
      expect(await refusal('stray-device', 'stray-password')).toBe(0x87);
      expect(platform.output()).toMatch(/"devices":\["wl-ext-a"\][^\n]*registered devices without an account there; rotate their secrets/);
      const tool = await connectAsync(mosquitto.url, { protocolVersion: 5, clientId: 'operator-tool', username: 'operator-tool', password: 'tool-password', reconnectPeriod: 0 });
      await tool.endAsync(true);
      // Devices registered before the restart still connect: their accounts survived the resync.
      const again = await connectDevice('wl-ext-3', secret, { clientId: 'wl-ext-3' });
      expect(again.connected).toBe(true);
    });

    it('stops cleanly on SIGTERM: the session is left with the broker and the store closed', async () => {
      expect(await platform.stop()).toBe(0);
    });
  },
);
