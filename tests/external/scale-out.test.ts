import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type Command, type CommandMessage, type DeviceSettings, type DeviceStatus, type ImportReport, type SettingsMessage } from '@kendali/contracts';
import { apiFetch, apiJson, registerDevice, serverSuite, startSeveralMachines, waitFor, within, type RunningPlatform, type SeveralMachines } from '@kendali/test-support';

// Several machines, played on loopback: Mosquitto with dynamic security, PostgreSQL for the shared
// registry and alarms, InfluxDB for the readings, three ingest workers and two api nodes, each its
// own process. A thousand devices, each connected as itself, publish twenty thousand readings while
// a worker is killed and started again and the alarm leader is stopped. Before that, a street light
// answers commands and takes settings given through either api node.
const suite = serverSuite('mosquitto-dynamic-security', 'postgresql', 'influxdb');
const title = suite.title('scale-out: 1,000 devices, 3 ingest workers and 2 api nodes beside Mosquitto, PostgreSQL and InfluxDB');

const deviceCount = 1_000;
const readingsPerDevice = 20;
/** Readings per MQTT message (a JSON array): a worker stores one message per commit. */
const readingsPerMessage = 5;
const messagesPerDevice = readingsPerDevice / readingsPerMessage;
const base = Math.floor((Date.now() - 3_600_000) / 1_000) * 1_000; // an hour ago, on a whole second: inside the 7 days ingest takes
const districts = ['Karawaci', 'Tangerang', 'Periuk'];
const ids = Array.from({ length: deviceCount }, (_, index) => `scale-${String(index).padStart(4, '0')}`);
/** Posts whose last reading is Siaga 2: the first raised before the alarm leader stops, the others after. */
const floodedBefore = ids.slice(0, 3);
const floodedAfter = ids.slice(3, 6);
const flooded = new Set([...floodedBefore, ...floodedAfter]);
const siaga2Cm = 420; // between the default Siaga 2 (400 cm) and Siaga 1 (500 cm)

const tsOf = (index: number) => base + index * 1_000;
const levelOf = (deviceId: string, index: number) => (flooded.has(deviceId) && index === readingsPerDevice - 1 ? siaga2Cm : 100 + index);
const messageOf = (deviceId: string, message: number) =>
  JSON.stringify(
    Array.from({ length: readingsPerMessage }, (_, offset) => {
      const index = message * readingsPerMessage + offset;
      return { ts: tsOf(index), waterLevelCm: levelOf(deviceId, index) };
    }),
  );

/** The sum of a Prometheus metric's samples on a node (0 when absent). */
async function metric(http: string, name: string): Promise<number> {
  const text = await (await apiFetch(http, '/metrics')).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Runs `work` for every item, `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

describe.skipIf(!suite.available)(title, () => {
  let machines: SeveralMachines;
  const workers = new Map<string, { dataDir: string; node: RunningPlatform }>();
  const apiNodes = new Map<string, RunningPlatform>();
  const devices = new Map<string, MqttClient>();
  /** The timestamps of each device's readings Mosquitto acknowledged (the publisher's PUBACK). */
  const acked = new Map<string, number[]>(ids.map((id) => [id, []]));

  const startWorker = async (nodeId: string, dataDir?: string) => workers.set(nodeId, await machines.startNode('ingest', nodeId, dataDir));

  beforeAll(async () => {
    machines = await startSeveralMachines({ maxQueuedMessages: 0 });
    // All at once: workers never lead the alarms, so either api node may take the lead.
    await Promise.all([
      ...['w1', 'w2', 'w3'].map((nodeId) => startWorker(nodeId)),
      ...['api-1', 'api-2'].map(async (nodeId) => apiNodes.set(nodeId, (await machines.startNode('api', nodeId)).node)),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...devices.values()].map((client) => client.endAsync(true).catch(() => undefined)));
    await machines?.close();
  });

  it('shares commands and settings between the api nodes: a light answers commands issued on either, and each ends done on both', async () => {
    const [first, second] = [...apiNodes.values()] as [RunningPlatform, RunningPlatform];
    const id = 'scale-light';
    const secret = await registerDevice(first.http, id, { kind: 'street-light', name: 'PJU Scale', district: 'Tangerang' });
    await waitFor(async () => ((await apiFetch(second.http, `/api/devices/${id}`)).ok ? true : undefined), 'the second api node to know the light');
    const light = await connectAsync(machines.mosquitto.url, { protocolVersion: 5, clientId: id, username: id, password: secret, reconnectPeriod: 0 });
    try {
      // The light does what it is told and says so; Mosquitto hands each answer to one api node of the shared subscription.
      light.on('message', (topic, payload) => {
        if (topic === deviceTopic(id, 'commands')) {
          const command = JSON.parse(payload.toString()) as CommandMessage;
          void light.publishAsync(deviceTopic(id, 'commands/result'), JSON.stringify({ id: command.id, ok: true, detail: `level ${String(command.params.level)}` }), { qos: 1 });
        } else if (topic === deviceTopic(id, 'settings')) {
          const settings = JSON.parse(payload.toString()) as SettingsMessage;
          void light.publishAsync(deviceTopic(id, 'settings/reported'), JSON.stringify({ version: settings.version, settings: settings.settings }), { qos: 1 });
        }
      });
      await light.subscribeAsync([deviceTopic(id, 'commands'), deviceTopic(id, 'settings')], { qos: 1 });

      const issued: Command[] = [];
      for (const [index, node] of [first, second, first, second, first, second].entries()) {
        issued.push(await apiJson<Command>(node.http, `/api/devices/${id}/commands`, { method: 'POST', body: { name: 'set-dimming', params: { level: index / 10 } } }));
      }
      const listOn = (node: RunningPlatform) => apiJson<Command[]>(node.http, `/api/commands?device=${id}&limit=10`);
      const settled = await waitFor(async () => {
        const listed = await listOn(second);
        return listed.length === issued.length && listed.every((command) => command.state === 'done') ? listed : undefined;
      }, 'every command to be done on the second api node');
      expect(await listOn(first)).toEqual(settled);
      expect(settled.map((command) => command.id).toSorted()).toEqual(issued.map((command) => command.id).toSorted());
      for (const command of issued) expect(await apiJson<Command>(second.http, `/api/commands/${command.id}`)).toMatchObject({ state: 'done', detail: `level ${String(command.params.level)}` });

      const put = await apiFetch(first.http, `/api/devices/${id}/settings`, { method: 'PUT', body: { settings: { reportIntervalS: 60 } } });
      expect(put.status).toBe(200);
      const onSecond = await waitFor(async () => {
        const settings = await apiJson<DeviceSettings>(second.http, `/api/devices/${id}/settings`);
        return settings.state === 'in-sync' ? settings : undefined;
      }, 'the light’s report to show in sync on the second api node');
      expect(onSecond).toMatchObject({ desired: { reportIntervalS: 60 }, desiredVersion: 1, reported: { reportIntervalS: 60 }, reportedVersion: 1 });
    } finally {
      await light.endAsync(true);
      // Gone again, so that the fleet below is the 1,000 posts alone.
      expect((await apiFetch(first.http, `/api/devices/${id}`, { method: 'DELETE' })).status).toBe(204);
    }
  }, 60_000);

  it('stores every acknowledged reading once, raises each alarm once and shows the newest readings, through a worker killed and the alarm leader stopped', async () => {
    const startedMs = performance.now();
    const [first, second] = [...apiNodes.values()] as [RunningPlatform, RunningPlatform];

    // Registered in one import through an api node; the accounts reach Mosquitto through dynamic security, the registry every node through PostgreSQL.
    const rows = ids.map((id, index) => ({ id, kind: 'water-level', name: `Pos ${id}`, district: districts[index % districts.length] }));
    const report = await apiJson<ImportReport>(first.http, '/api/devices/import', { method: 'POST', body: rows });
    expect(report.credentials).toHaveLength(deviceCount);
    const importedMs = performance.now();
    const nodes = [...[...workers.values()].map(({ node }) => node), second];
    for (const node of nodes) {
      await waitFor(async () => {
        if (node.child.exitCode !== null) throw new Error(`a node exited with ${node.child.exitCode}:\n${node.output()}`);
        return (await metric(node.http, 'kendali_devices')) === deviceCount ? true : undefined;
      }, 'every node to know the 1,000 devices');
    }
    const secrets = new Map(report.credentials.map(({ id, secret }) => [id, secret]));
    await inBatches(ids, 50, async (id) => {
      devices.set(id, await connectAsync(machines.mosquitto.url, { protocolVersion: 5, clientId: id, username: id, password: secrets.get(id)!, reconnectPeriod: 0, connectTimeout: 30_000 }));
    });
    const registeredMs = performance.now();
    const totalReadings = deviceCount * readingsPerDevice;

    const publish = async (id: string, messages: readonly number[]) => {
      const client = devices.get(id)!;
      for (const message of messages) {
        await client.publishAsync(deviceTopic(id, 'telemetry'), messageOf(id, message), { qos: 1 });
        acked.get(id)!.push(...Array.from({ length: readingsPerMessage }, (_, offset) => tsOf(message * readingsPerMessage + offset)));
      }
    };
    const storedByWorkers = async () => (await Promise.all([...workers.values()].map(({ node }) => metric(node.http, 'kendali_readings_stored_total')))).reduce((sum, count) => sum + count, 0);
    const half = messagesPerDevice / 2;
    const firstHalf = Array.from({ length: half }, (_, message) => message);
    const secondHalf = Array.from({ length: messagesPerDevice - half }, (_, message) => half + message);
    const everyday = ids.filter((id) => !flooded.has(id));

    // First half, and the posts that flood early publish everything. Mosquitto acknowledges a message
    // once it holds it for the workers' shared subscription, so the workers work through a backlog:
    // once they have stored a quarter of the readings, w2 is SIGKILLed and started again on its data
    // dir and node id, its session (and what Mosquitto kept for it) resumed.
    const restarted = waitFor(async () => ((await storedByWorkers()) >= totalReadings / 4 ? true : undefined), 'the workers to store a quarter of the readings', 60_000).then(async () => {
      const w2 = workers.get('w2')!;
      await w2.node.kill();
      await startWorker('w2', w2.dataDir);
    });
    await within(
      'the first half of the readings to be acknowledged',
      90_000,
      Promise.all([...floodedBefore.map((id) => publish(id, [...firstHalf, ...secondHalf])), ...everyday.map((id) => publish(id, firstHalf))]),
    );
    await within('w2 to be killed and started again', 90_000, restarted);

    // The alarm leader is one of the api nodes (workers do not evaluate alarms); it raised the first posts' alarms.
    const leading = await waitFor(async () => {
      const flags = await Promise.all([first, second].map((node) => metric(node.http, 'kendali_alarm_leader')));
      return flags[0]! + flags[1]! === 1 ? (flags[0] === 1 ? first : second) : undefined;
    }, 'one api node to lead the alarms');
    const survivor = leading === first ? second : first;
    const siagaOn = async (node: RunningPlatform) =>
      (await apiJson<Alarm[]>(node.http, '/api/alarms?state=all&limit=1000')).filter((alarm) => alarm.type === 'siaga').map((alarm) => alarm.deviceId);
    await waitFor(async () => ((await siagaOn(survivor)).length === floodedBefore.length ? true : undefined), 'the first posts’ Siaga alarms', 60_000);

    // Second half: the leader stops (SIGTERM) as it begins; the posts that flood late publish once it is gone.
    const secondRun = Promise.all(everyday.map((id) => publish(id, secondHalf)));
    expect(await within('the leading api node to stop', 30_000, leading.stop())).toBe(0);
    apiNodes.delete(leading === first ? 'api-1' : 'api-2');
    await within('the second half of the readings to be acknowledged', 90_000, Promise.all([secondRun, ...floodedAfter.map((id) => publish(id, [...firstHalf, ...secondHalf]))]));
    const ackedMs = performance.now();

    expect([...acked.values()].reduce((sum, list) => sum + list.length, 0)).toBe(totalReadings);

    // In InfluxDB, queried directly: every acknowledged reading once, no other.
    const stored = await waitFor(async () => {
      const series = await machines.influxd.query('SELECT "waterLevelCm" FROM "water-level" GROUP BY "deviceId"', 'kendali');
      const count = series.reduce((sum, one) => sum + one.values.length, 0);
      return count >= totalReadings ? series : undefined;
    }, 'InfluxDB to hold every acknowledged reading', 90_000);
    const storedMs = performance.now();
    const storedTs = new Map(stored.map((one) => [one.tags?.deviceId ?? '', one.values.map((row) => Number(row[0]))]));
    const storedLevels = new Map(stored.map((one) => [one.tags?.deviceId ?? '', one.values.map((row) => Number(row[1]))]));
    expect(storedTs.size).toBe(deviceCount);
    for (const id of ids) {
      expect(storedTs.get(id), id).toEqual(acked.get(id)!.toSorted((a, b) => a - b));
      expect(storedLevels.get(id), id).toEqual(Array.from({ length: readingsPerDevice }, (_, index) => levelOf(id, index)));
    }

    // The surviving api node serves the alarms, each raised once, and the devices' newest readings.
    const siaga = await waitFor(async () => {
      const raised = await siagaOn(survivor);
      return raised.length >= flooded.size ? raised : undefined;
    }, 'the late posts’ Siaga alarms on the surviving api node');
    expect(siaga.toSorted()).toEqual([...flooded].toSorted());
    const open = await apiJson<Alarm[]>(survivor.http, '/api/alarms');
    expect(open.filter((alarm) => alarm.type === 'siaga').map((alarm) => [alarm.deviceId, alarm.severity, alarm.value]).toSorted()).toEqual([...flooded].toSorted().map((id) => [id, 'major', siaga2Cm]));
    const newest = await waitFor(async () => {
      const listed = await apiJson<DeviceStatus[]>(survivor.http, '/api/devices?kind=water-level');
      const current = listed.filter((device) => device.latest?.ts === tsOf(readingsPerDevice - 1));
      return current.length === deviceCount ? listed : undefined;
    }, "every device's newest reading in the surviving api node's live state");
    expect(new Map(newest.map((device) => [device.id, device.latest?.fields.waterLevelCm]))).toEqual(new Map(ids.map((id) => [id, levelOf(id, readingsPerDevice - 1)])));

    const feed = {
      applied: await metric(survivor.http, 'kendali_feed_readings_applied_total'),
      duplicates: await metric(survivor.http, 'kendali_feed_readings_duplicate_total'),
      late: await metric(survivor.http, 'kendali_feed_readings_late_total'),
    };
    // Every reading was applied once, or (held in Mosquitto for the killed worker while newer ones of
    // its device went through the others) stored and counted late; the copies of what the killed
    // worker had published but not acknowledged are counted as duplicates, never applied again.
    expect(feed.applied + feed.late).toBe(totalReadings);
    const received = await Promise.all([...workers.values()].map(({ node }) => metric(node.http, 'kendali_messages_received_total')));
    const seconds = (ms: number) => Math.round(ms) / 1_000;
    console.info(
      `scale-out: imported in ${seconds(importedMs - startedMs)} s, known everywhere and connected in ${seconds(registeredMs - importedMs)} s more; ${totalReadings} readings in ${deviceCount * messagesPerDevice} messages ` +
        `acknowledged by Mosquitto in ${seconds(ackedMs - registeredMs)} s, all in InfluxDB after ${seconds(storedMs - registeredMs)} s ` +
        `(${Math.round(totalReadings / ((storedMs - registeredMs) / 1_000))} readings/s); feed on the surviving api node: ${JSON.stringify(feed)}; ` +
        `messages received by w1, the restarted w2 and w3: ${received.join(', ')}`,
    );
  }, 300_000);
});
