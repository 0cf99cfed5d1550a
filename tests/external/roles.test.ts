import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, feedTopic, type Alarm, type Command, type CommandMessage, type DeviceInput, type FeedTelemetry, type LiveFrame, type SettingsMessage } from '@kendali/contracts';
import {
  apiFetch,
  apiJson,
  mosquittoAdmin,
  readLiveFrames,
  registerDevice,
  serverSuite,
  startSeveralMachines,
  testAdminToken,
  waitFor,
  type RunningPlatform,
  type SeveralMachines,
} from '@kendali/test-support';

const suite = serverSuite('mosquitto-dynamic-security', 'postgresql', 'influxdb');

const base = Date.now() - 3_600_000; // an hour ago: inside the 7 days ingest takes
const water: DeviceInput = { kind: 'water-level', district: 'Karawaci', name: 'Pintu Air Roles' };
const light: DeviceInput = { kind: 'street-light', district: 'Tangerang', name: 'SL Roles' };

/** A Prometheus figure from a node's /metrics (0 when absent). */
async function metric(http: string, name: string): Promise<number> {
  const text = await (await apiFetch(http, '/metrics')).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

describe.skipIf(!suite.available)(
  suite.title('roles beside Mosquitto: two ingest workers and an api node fed by the internal feed, sharing PostgreSQL and InfluxDB'),
  () => {
    let machines: SeveralMachines;
    const workerDirs = new Map<string, string>();
    const clients: MqttClient[] = [];
    let api: RunningPlatform;
    const workers = new Map<string, RunningPlatform>();
    let stopFrames: (() => void) | undefined;
    const frames: LiveFrame[] = [];
    let waterSecret: string;
    let lightSecret: string;

    /** Starts worker `nodeId`, again in its own data directory when it ran before. */
    const startWorker = async (nodeId: string) => {
      const { node, dataDir } = await machines.startNode('ingest', nodeId, workerDirs.get(nodeId));
      workers.set(nodeId, node);
      workerDirs.set(nodeId, dataDir);
    };

    const connect = async (id: string, secret: string, options: IClientOptions = {}) => {
      const client = await connectAsync(machines.mosquitto.url, { protocolVersion: 5, clientId: id, username: id, password: secret, reconnectPeriod: 0, ...options });
      clients.push(client);
      return client;
    };
    const publishLevels = async (device: MqttClient, from: number, to: number, between?: (index: number) => Promise<void>) => {
      for (let index = from; index < to; index += 1) {
        await device.publishAsync(deviceTopic('wl-roles', 'telemetry'), JSON.stringify({ ts: base + index * 1_000, waterLevelCm: 100 + index }), { qos: 1 });
        await between?.(index);
      }
    };
    const latestTs = async () => (await apiJson<{ latest: { ts: number } | null }>(api.http, '/api/devices/wl-roles')).latest?.ts;
    const feedCounts = async () => ({
      applied: await metric(api.http, 'kendali_feed_readings_applied_total'),
      duplicates: await metric(api.http, 'kendali_feed_readings_duplicate_total'),
      late: await metric(api.http, 'kendali_feed_readings_late_total'),
    });
    /** The api node's counts once they account for `readings` readings. */
    const countsReaching = (readings: number) =>
      waitFor(async () => {
        const counts = await feedCounts();
        return counts.applied + counts.late >= readings ? counts : undefined;
      }, `the api node to account for ${readings} readings`);

    beforeAll(async () => {
      machines = await startSeveralMachines();
      api = (await machines.startNode('api', 'api-1')).node;
      waterSecret = await registerDevice(api.http, 'wl-roles', water);
      lightSecret = await registerDevice(api.http, 'sl-roles', light);
      // Both workers at once: they learn the devices just registered from the shared registry as they start.
      await Promise.all([startWorker('w1'), startWorker('w2')]);
      stopFrames = await readLiveFrames(api.http, testAdminToken, (frame) => frames.push(frame));
    });

    afterAll(async () => {
      stopFrames?.();
      for (const client of clients) await client.endAsync(true).catch(() => undefined);
      await machines?.close();
    });

    it("applies every reading once on the api node, whichever worker stored it, and the workers serve only health and metrics", async () => {
      const device = await connect('wl-roles', waterSecret);
      await publishLevels(device, 0, 30);
      await waitFor(async () => ((await latestTs()) === base + 29_000 ? true : undefined), 'the newest reading on the api node');
      // Readings taken in by different workers reach the api node in either order; held for a moment,
      // they are applied oldest first. Each is applied once, or counted late if it came after a newer one.
      const counts = await countsReaching(30);
      expect(counts.applied + counts.late).toBe(30);
      expect(counts.duplicates).toBe(0);

      // The shared subscription split the stream between the workers, and each stored its share once.
      const stored = await Promise.all([...workers.values()].map((worker) => metric(worker.http, 'kendali_readings_stored_total')));
      expect(stored.every((count) => count > 0)).toBe(true);
      expect(stored.reduce((sum, count) => sum + count, 0)).toBe(30);

      // Live frames carried the device's readings forward only: never one twice, never back in time.
      const shown = () => frames.slice(1).flatMap((frame) => frame.readings.filter((reading) => reading.deviceId === 'wl-roles').map((reading) => reading.ts));
      await waitFor(() => (shown().at(-1) === base + 29_000 ? true : undefined), 'a live frame with the newest reading');
      expect(shown().every((ts, index, all) => index === 0 || ts > all[index - 1]!)).toBe(true);

      const worker = workers.get('w1')!;
      expect((await apiJson<{ checks: { broker: { ok: boolean } } }>(worker.http, '/readyz')).checks.broker.ok).toBe(true);
      expect((await apiFetch(worker.http, '/api/devices/wl-roles')).status).toBe(404);
      expect((await apiFetch(worker.http, '/wall')).status).toBe(404);
      expect((await apiJson<{ checks: { feed: { ok: boolean } } }>(api.http, '/readyz')).checks.feed.ok).toBe(true);
    });

    it('applies a feed message delivered again once, and never a reading twice when a worker is killed mid-stream and restarted', async () => {
      // A worker that published and died before its device's PUBACK publishes the same message again.
      const service = await connectAsync(machines.mosquitto.url, { protocolVersion: 5, clientId: 'roles-test-service', username: mosquittoAdmin.username, password: mosquittoAdmin.password, reconnectPeriod: 0 });
      clients.push(service);
      const again: FeedTelemetry = {
        deviceId: 'wl-roles',
        receivedAt: base + 29_500,
        readings: [{ deviceId: 'wl-roles', kind: 'water-level', district: 'Karawaci', ts: base + 29_000, receivedAt: base + 29_500, fields: { waterLevelCm: 129 } }],
        rejections: [],
      };
      const before = await feedCounts();
      await service.publishAsync(feedTopic('telemetry', 'wl-roles'), JSON.stringify(again), { qos: 1 });
      const counted = await waitFor(async () => {
        const counts = await feedCounts();
        return counts.duplicates === before.duplicates + 1 ? counts : undefined;
      }, 'the copy to be counted');
      expect(counted).toEqual({ ...before, duplicates: before.duplicates + 1 });
      expect(await latestTs()).toBe(base + 29_000);

      const device = clients[0]!;
      await publishLevels(device, 30, 60, async (index) => {
        if (index === 39) await workers.get('w1')!.kill();
      });
      await startWorker('w1'); // the same node id resumes the session, with what it had not acknowledged
      await waitFor(async () => ((await latestTs()) === base + 59_000 ? true : undefined), 'the newest reading after the restart');
      const counts = await countsReaching(60);
      // Every reading is accounted for once: applied, or (held by the killed worker until it came
      // back, behind newer ones) stored and counted late; none is applied twice.
      expect(counts.applied + counts.late).toBe(60);
    });

    it('raises an alarm on the api node from a reading a worker stored, and announces it retained through Mosquitto', async () => {
      const alarmSubscriber = async (clientId: string, retainAsPublished: boolean) => {
        const client = await connectAsync(machines.mosquitto.url, { protocolVersion: 5, clientId, username: mosquittoAdmin.username, password: mosquittoAdmin.password, reconnectPeriod: 0 });
        clients.push(client);
        const announced: { alarm: Alarm; retained: boolean }[] = [];
        client.on('message', (_topic, payload, packet) => {
          if (payload.length > 0) announced.push({ ...(JSON.parse(payload.toString()) as { alarm: Alarm }), retained: packet.retain });
        });
        // With Retain As Published a live delivery keeps the retain flag it was published with;
        // without it, only a message sent from the broker's retained store carries the flag [MQTT-3.3.1-12, MQTT-3.3.1-13].
        await client.subscribeAsync('kendali/v1/alarms/#', { qos: 1, rap: retainAsPublished });
        return announced;
      };
      const watched = await alarmSubscriber('roles-test-alarm-watcher', true);
      await clients[0]!.publishAsync(deviceTopic('wl-roles', 'telemetry'), JSON.stringify({ ts: base + 70_000, waterLevelCm: 420 }), { qos: 1 }); // Siaga 2
      const alarm = await waitFor(async () => (await apiJson<Alarm[]>(api.http, '/api/alarms?device=wl-roles')).find((open) => open.type === 'siaga'), 'the Siaga alarm on the api node');
      expect(alarm).toMatchObject({ severity: 'major', value: 420 });
      // The api node announces the raise as a retained message...
      expect(await waitFor(() => watched.find((message) => message.alarm.id === alarm.id), 'the raise on kendali/v1/alarms/…')).toMatchObject({ alarm: { deviceId: 'wl-roles', severity: 'major' }, retained: true });
      // ...so a follower subscribing after it gets the open alarm at once, from the broker's retained store.
      const followed = await alarmSubscriber('roles-test-alarm-follower', false);
      expect(await waitFor(() => followed.find((message) => message.alarm.id === alarm.id), 'the retained alarm for a late follower')).toMatchObject({ alarm: { deviceId: 'wl-roles', severity: 'major' }, retained: true });
    });

    it('sends a command through Mosquitto to the device and takes its result back on the api node', async () => {
      const device = await connect('sl-roles', lightSecret, { clean: false, properties: { sessionExpiryInterval: 300 } });
      await device.subscribeAsync(deviceTopic('sl-roles', 'commands'), { qos: 1 });
      const received = new Promise<CommandMessage>((resolve) => device.once('message', (_topic, payload) => resolve(JSON.parse(payload.toString()) as CommandMessage)));
      const command = await apiJson<Command>(api.http, '/api/devices/sl-roles/commands', { method: 'POST', body: { name: 'set-dimming', params: { level: 0.6 } } });
      expect(command.state).toBe('queued');
      expect(await received).toEqual({ id: command.id, name: 'set-dimming', params: { level: 0.6 }, expiresAt: command.expiresAt });
      await device.publishAsync(deviceTopic('sl-roles', 'commands/result'), JSON.stringify({ id: command.id, ok: true, detail: 'dimmed' }), { qos: 1 });
      expect(await waitFor(async () => {
        const answered = await apiJson<Command>(api.http, `/api/commands/${command.id}`);
        return answered.state === 'done' ? answered : undefined;
      }, 'the result on the api node')).toMatchObject({ state: 'done', detail: 'dimmed' });
      await device.endAsync();
    });

    it('publishes desired settings retained, so a device subscribing later gets them, and takes its report back', async () => {
      const put = await apiFetch(api.http, '/api/devices/sl-roles/settings', { method: 'PUT', body: { settings: { reportIntervalS: 60 } } });
      expect(put.status, await put.clone().text()).toBe(200);
      const device = await connect('sl-roles', lightSecret); // a new connection of the device, after the settings were published
      const received = new Promise<{ message: SettingsMessage; retained: boolean }>((resolve) =>
        device.once('message', (_topic, payload, packet) => resolve({ message: JSON.parse(payload.toString()) as SettingsMessage, retained: packet.retain })),
      );
      await device.subscribeAsync(deviceTopic('sl-roles', 'settings'), { qos: 1 });
      const { message, retained } = await received;
      expect(retained).toBe(true);
      expect(message).toMatchObject({ version: 1, settings: { reportIntervalS: 60 } });
      await device.publishAsync(deviceTopic('sl-roles', 'settings/reported'), JSON.stringify({ version: 1, settings: { reportIntervalS: 60 } }), { qos: 1 });
      await waitFor(async () => ((await apiJson<{ state: string }>(api.http, '/api/devices/sl-roles/settings')).state === 'in-sync' ? true : undefined), 'the report to bring the device in sync');
    });
  },
);
