import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type DeviceStatus } from '@kendali/contracts';
import { apiJson, registerDevice, testAdminToken, openLiveStream, type LiveStream, runSimulatorCli, spawnPlatform, type RunningPlatform, makeTempDir, waitFor } from '@kendali/test-support';

let platform: RunningPlatform;
let data: Awaited<ReturnType<typeof makeTempDir>>;
let live: LiveStream;

beforeAll(async () => {
  data = await makeTempDir('e2e');
  platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path });
  live = await openLiveStream(platform.http);
});

afterAll(async () => {
  live?.close();
  const code = await platform?.stop();
  await data?.remove();
  expect(code).toBe(0); // SIGTERM shuts down cleanly
});

const getJson = <T>(path: string): Promise<T> => apiJson<T>(platform.http, path);

const metric = async (name: string) => {
  const text = await (await fetch(`${platform.http}/metrics?token=${testAdminToken}`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
};

describe('the whole pipeline on embedded defaults', () => {
  it('stores what the simulator publishes, serves it through /api/telemetry and streams it on /api/live', async () => {
    const startedAt = Date.now();
    const run = await runSimulatorCli(['--url', platform.mqtt, '--api', platform.http, '--api-token', testAdminToken, '--devices', '20', '--rate', '4', '--duration', '3', '--seed', '7']);
    expect(run.code, run.stderr).toBe(0);
    const acked = Number(/acked (\d+)/.exec(run.stdout)?.[1]);
    expect(acked).toBeGreaterThan(100); // 20 devices × 4 Hz × 3 s, less connect time

    // QoS1 PUBACK means stored: every acknowledged reading is already counted as stored.
    expect(await metric('kendali_readings_stored_total')).toBe(acked);

    const devices = await getJson<DeviceStatus[]>('/api/devices');
    expect(devices).toHaveLength(20);
    expect(new Set(devices.map((d) => d.kind))).toEqual(new Set(['air-quality', 'water-level', 'traffic', 'street-light', 'wifi-ap']));

    let pointsTotal = 0;
    for (const device of devices) {
      const field = ({ 'air-quality': 'pm25', 'water-level': 'waterLevelCm', traffic: 'vehicleCount', 'street-light': 'lampOn', 'wifi-ap': 'clients' } as Record<string, string>)[device.kind] ?? '';
      const history = await getJson<{ points: { t: number; value: unknown }[] }>(
        `/api/telemetry?device=${device.id}&field=${field}&from=${startedAt - 60_000}`,
      );
      expect(history.points.length, `${device.id} has stored readings`).toBeGreaterThan(0);
      // The newest stored point is the reading the API reports as the device's latest.
      expect(history.points.at(-1)?.value).toEqual(device.latest?.fields[field]);
      pointsTotal += history.points.length;
    }
    expect(pointsTotal).toBe(acked);

    const bucketed = await getJson<{ points: { value: number }[] }>(
      `/api/telemetry?device=${devices[0]!.id}&field=${devices[0]!.kind === 'air-quality' ? 'pm25' : Object.keys(devices[0]!.latest!.fields)[0]}&from=${startedAt - 60_000}&every=1m&fn=count`,
    );
    expect(bucketed.points.reduce((sum, p) => sum + p.value, 0)).toBeGreaterThan(0);

    // Live frames carried the simulated readings, at a bounded rate rather than one event per message.
    const withReadings = live.frames.filter((frame) => frame.readings.some((r) => devices.some((d) => d.id === r.deviceId)));
    expect(withReadings.length).toBeGreaterThan(0);
    const span = (live.frames.at(-1)!.at - live.frames[1]!.at) / 1000;
    expect(live.frames.length / span).toBeLessThanOrEqual(5); // 4 Hz frames, whatever the message rate
    expect(live.frames.at(-1)!.stats.storedTotal).toBeGreaterThan(0);
  });

  it('accepts MQTT over WebSocket at /mqtt on the HTTP port', async () => {
    const secret = await registerDevice(platform.http, 'tr-ws-1', { kind: 'traffic', name: 'Simpang Tanah Tinggi', district: 'Tangerang' });
    const client = await connectAsync(`${platform.http.replace('http', 'ws')}/mqtt`, { clientId: 'tr-ws-1', username: 'tr-ws-1', password: secret, reconnectPeriod: 0 });
    await client.publishAsync(deviceTopic('tr-ws-1', 'telemetry'), JSON.stringify({ vehicleCount: 42, congested: true }), { qos: 1 });
    await client.endAsync();
    const device = await getJson<DeviceStatus>('/api/devices/tr-ws-1');
    expect(device.latest?.fields).toEqual({ vehicleCount: 42, congested: true });
  });

  it('serves the built dashboard', async () => {
    const response = await fetch(`${platform.http}/wall`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${platform.http}${script}`)).status).toBe(200);
    await waitFor(async () => ((await fetch(`${platform.http}/readyz`)).ok ? true : undefined), '/readyz');
  });
});
