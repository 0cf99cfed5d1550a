import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAsync } from 'mqtt';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { registerDevice, influxdProgram, startInfluxd, type Influxd, systemSuite, testedVersions, makeTempDir, waitFor } from '@kendali/test-support';
import { connectTrafficCounter, metric, startInfluxPlatform, storedCounts } from './influx-fixtures';

const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);

let influxd: Influxd | undefined;
let platform: Platform | undefined;
let data: Awaited<ReturnType<typeof makeTempDir>> | undefined;

afterEach(async () => {
  await platform?.close();
  await influxd?.close();
  await data?.remove();
  platform = influxd = data = undefined;
});

async function start(env: Record<string, string> = {}) {
  influxd = await startInfluxd();
  await influxd.createDatabase('kendali');
  data = await makeTempDir('influx-limits');
  ({ platform } = await startInfluxPlatform(data.path, influxd.url, 'kendali', env));
  return { influxd, platform, data };
}

describe.skipIf(!suite.available)(suite.title('the spool at its limits (README, InfluxDB)'), () => {
  it('at KENDALI_SPOOL_MAX_BYTES withholds PUBACKs (back-pressure) and counts the waiting appends, then acknowledges every one once InfluxDB is back', async () => {
    const { influxd, platform } = await start({ KENDALI_SPOOL_MAX_BYTES: '65536' }); // the smallest bound allowed
    const http = platform.addresses.http;
    const client = await connectTrafficCounter(http, platform.addresses.mqtt, 'tr-pressure');
    await influxd.stop();

    // About 100 bytes a reading: 2,000 readings are three times the bound.
    const total = 2_000;
    const base = Date.now() - 60_000;
    const acked = new Set<number>();
    const publishes = Array.from({ length: total }, (_, i) =>
      client.publishAsync(deviceTopic('tr-pressure', 'telemetry'), JSON.stringify({ ts: base + i, vehicleCount: i }), { qos: 1 }).then(() => acked.add(i)),
    );
    const waiting = await waitFor(async () => {
      const appends = await metric(http, 'kendali_spool_waiting_appends');
      return appends > 0 ? appends : undefined;
    }, 'appends waiting at the spool bound');
    expect(waiting).toBeGreaterThan(0);
    // Held back, not dropped: the backlog stays near the bound and part of the PUBACKs are withheld.
    const backlogBytes = await metric(http, 'kendali_spool_backlog_bytes');
    expect(backlogBytes).toBeGreaterThan(0);
    expect(backlogBytes).toBeLessThanOrEqual(65_536);
    const ackedWhileFull = acked.size;
    expect(ackedWhileFull).toBeLessThan(total);

    await influxd.start();
    await Promise.all(publishes);
    expect(acked.size).toBe(total);
    await waitFor(async () => ((await metric(http, 'kendali_spool_backlog_readings')) === 0 ? true : undefined), 'the spool to drain', 60_000);
    expect(await metric(http, 'kendali_spool_waiting_appends')).toBe(0);
    const stored = await storedCounts(influxd.query, 'kendali', 'tr-pressure');
    expect(stored.length).toBe(total);
    expect(new Set(stored).size).toBe(total);
    await client.endAsync();
  });

  it('moves points InfluxDB refuses for good (HTTP 400) to spool/refused.lp, counts them, and goes on with the rest', async () => {
    const { influxd, platform, data } = await start();
    const http = platform.addresses.http;
    const ts = Date.now() - 60_000;
    // Someone else wrote vehicleCount as a string into the same shard: Kendali's number conflicts.
    const seeded = await fetch(`${influxd.url}/write?db=kendali&precision=ms`, { method: 'POST', body: `traffic vehicleCount="many" ${ts - 1}` });
    expect(seeded.status).toBe(204);

    const client = await connectTrafficCounter(http, platform.addresses.mqtt, 'tr-refused');
    await client.publishAsync(deviceTopic('tr-refused', 'telemetry'), JSON.stringify({ ts, vehicleCount: 7 }), { qos: 1 });
    await waitFor(async () => ((await metric(http, 'kendali_store_refused_total')) >= 1 ? true : undefined), 'the refusal to be counted');
    const refused = await readFile(join(data.path, 'spool', 'refused.lp'), 'utf8');
    expect(refused).toMatch(/^traffic,.*deviceId=tr-refused.* vehicleCount=7i? \d+$/m);

    // The refused point does not block the spool: a reading of another kind arrives behind it.
    const secret = await registerDevice(http, 'wl-after', { kind: 'water-level', name: 'Kali Sabi', district: 'Cipondoh' });
    const water = await connectAsync(platform.addresses.mqtt, { clientId: 'wl-after', username: 'wl-after', password: secret, reconnectPeriod: 0 });
    await water.publishAsync(deviceTopic('wl-after', 'telemetry'), JSON.stringify({ ts: ts + 1, waterLevelCm: 180 }), { qos: 1 });
    const levels = await waitFor(async () => {
      const series = await influxd.query(`SELECT "waterLevelCm" FROM "water-level" WHERE "deviceId" = 'wl-after'`, 'kendali');
      return series[0]?.values.map((row) => Number(row[1]));
    }, 'the water level behind the refused point to reach InfluxDB');
    expect(levels).toEqual([180]);
    expect(await storedCounts(influxd.query, 'kendali', 'tr-refused')).toEqual([]);
    await Promise.all([client.endAsync(), water.endAsync()]);
  });
});
