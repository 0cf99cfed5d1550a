import { afterAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import { apiJson, influxdProgram, startInfluxd, type Influxd, spawnPlatform, type RunningPlatform, systemSuite, testedVersions, makeTempDir, waitFor } from '@kendali/test-support';
import { connectTrafficCounter, storedCounts } from './influx-fixtures';

const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);

describe.skipIf(!suite.available)(suite.title('SIGKILL while the spool holds unsent readings'), () => {
  let influxd: Influxd | undefined;
  let data: Awaited<ReturnType<typeof makeTempDir>> | undefined;
  let platform: RunningPlatform | undefined;

  afterAll(async () => {
    await platform?.stop();
    await influxd?.close();
    await data?.remove();
  });

  it('delivers every acknowledged reading after a restart, exactly once', async () => {
    influxd = await startInfluxd();
    await influxd.createDatabase('kendali');
    data = await makeTempDir('influx-crash');
    const env = { KENDALI_DATA_DIR: data.path, KENDALI_INFLUX_URL: influxd.url, KENDALI_INFLUX_DATABASE: 'kendali' };
    platform = await spawnPlatform(env);
    const client = await connectTrafficCounter(platform.http, platform.mqtt, 'tr-crash');
    const base = Date.now() - 60_000;
    const publish = (from: number, count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          client.publishAsync(deviceTopic('tr-crash', 'telemetry'), JSON.stringify({ ts: base + from + i, vehicleCount: from + i }), { qos: 1 }),
        ),
      );
    await publish(0, 100);
    await waitFor(async () => ((await storedCounts(influxd!.query, 'kendali', 'tr-crash')).length === 100 ? true : undefined), 'the first readings in InfluxDB');

    await influxd.stop();
    await publish(100, 400); // acknowledged: in the spool, not in InfluxDB
    client.end(true);
    await platform.kill();
    platform = undefined;

    await influxd.start();
    expect(await storedCounts(influxd.query, 'kendali', 'tr-crash')).toHaveLength(100);
    platform = await spawnPlatform(env);
    const stored = await waitFor(async () => {
      const values = await storedCounts(influxd!.query, 'kendali', 'tr-crash');
      return values.length >= 500 ? values : undefined;
    }, 'the spooled readings to arrive after the restart', 30_000);
    expect(stored).toHaveLength(500);
    expect(new Set(stored)).toEqual(new Set(Array.from({ length: 500 }, (_, i) => i)));

    // And the API reads them back from InfluxDB.
    const history = await apiJson<{ points: { t: number; value: number }[] }>(
      platform.http,
      `/api/telemetry?device=tr-crash&field=vehicleCount&from=${base}&to=${base + 1_000}`,
    );
    expect(history.points.map((p) => p.value)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});
