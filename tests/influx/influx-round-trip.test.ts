import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type DeviceStatus } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiJson, testAdminToken, influxdProgram, startInfluxd, type Influxd, runSimulatorCli, systemSuite, testedVersions, makeTempDir, waitFor } from '@kendali/test-support';
import { connectTrafficCounter, metric, readiness, startInfluxPlatform } from './influx-fixtures';

const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);
const mainField: Readonly<Record<string, string>> = { 'air-quality': 'pm25', 'water-level': 'waterLevelCm', traffic: 'vehicleCount', 'street-light': 'lampOn', 'wifi-ap': 'clients' };

describe.skipIf(!suite.available)(suite.title('round trip: simulator → broker → InfluxDB → /api/telemetry'), () => {
  let influxd: Influxd;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let platform: Platform;

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.createDatabase('kota_tangerang');
    data = await makeTempDir('influx-round-trip');
    ({ platform } = await startInfluxPlatform(data.path, influxd.url, 'kota_tangerang'));
  });
  afterAll(async () => {
    await platform?.close();
    await influxd?.close();
    await data?.remove();
  });

  it('stores what the simulated fleet publishes in InfluxDB and serves it back', async () => {
    const http = platform.addresses.http;
    const startedAt = Date.now();
    const run = await runSimulatorCli(['--url', platform.addresses.mqtt, '--api', http, '--api-token', testAdminToken, '--devices', '10', '--rate', '4', '--duration', '2', '--seed', '3']);
    expect(run.code, run.stderr).toBe(0);
    const acked = Number(/acked (\d+)/.exec(run.stdout)?.[1]);
    expect(acked).toBeGreaterThan(20);
    expect(await metric(http, 'kendali_readings_stored_total')).toBe(acked); // a PUBACK means spooled
    await waitFor(async () => ((await metric(http, 'kendali_store_forwarded_total')) === acked ? true : undefined), 'InfluxDB to confirm every reading');

    const devices = await apiJson<DeviceStatus[]>(http, '/api/devices');
    let points = 0;
    for (const device of devices) {
      const field = mainField[device.kind] ?? '';
      const history = await apiJson<{ points: { t: number; value: unknown }[] }>(http, `/api/telemetry?device=${device.id}&field=${field}&from=${startedAt - 60_000}`);
      // The newest point InfluxDB returns is the reading the live state holds for the device.
      expect(history.points.at(-1)?.value, device.id).toEqual(device.latest?.fields[field]);
      expect(history.points.at(-1)?.t, device.id).toBe(device.latest?.ts);
      points += history.points.length;
    }
    expect(points).toBe(acked);
    expect((await readiness(http)).store).toMatchObject({ ok: true });
  });

  it('returns exactly the values a device published, raw and rolled up', async () => {
    const http = platform.addresses.http;
    const client = await connectTrafficCounter(http, platform.addresses.mqtt, 'tr-exact');
    const base = Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000;
    const published = Array.from({ length: 30 }, (_, i) => ({ ts: base + i * 2_000, vehicleCount: 100 + i, occupancy: i / 40, congested: i % 3 === 0 }));
    await client.publishAsync(deviceTopic('tr-exact', 'telemetry'), JSON.stringify(published), { qos: 1 });
    await client.endAsync();
    const range = `device=tr-exact&from=${base}&to=${base + 60_000}`;
    const raw = await waitFor(async () => {
      const body = await apiJson<{ points: { t: number; value: number }[] }>(http, `/api/telemetry?${range}&field=occupancy`);
      return body.points.length === 30 ? body.points : undefined;
    }, 'the batch in InfluxDB');
    expect(raw).toEqual(published.map((p) => ({ t: p.ts, value: p.occupancy })));
    const rolled = await apiJson<{ points: { t: number; value: number }[] }>(http, `/api/telemetry?${range}&field=vehicleCount&every=1m&fn=max`);
    expect(rolled.points).toEqual([{ t: base, value: 129 }]);
    const congested = await apiJson<{ points: { value: boolean }[] }>(http, `/api/telemetry?${range}&field=congested`);
    expect(congested.points.map((p) => p.value)).toEqual(published.map((p) => p.congested));
  });
});
