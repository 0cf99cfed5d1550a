import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultInfluxStoreOptions, InfluxTelemetryStore, type InfluxStoreOptions } from '@kendali/ingest';
import { influxdAdmin, influxdProgram, startInfluxd, type Influxd, systemSuite, testedVersions, makeTempDir, waitFor } from '@kendali/test-support';

const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);

describe.skipIf(!suite.available)(suite.title('credentials against an influxd with authentication on'), () => {
  let influxd: Influxd;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const stores: InfluxTelemetryStore[] = [];

  beforeAll(async () => {
    influxd = await startInfluxd({ auth: true });
    await influxd.createDatabase('kendali');
    temp = await makeTempDir('influx-auth');
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await influxd?.close();
    await temp?.remove();
  });

  const open = async (token: string, folder: string) => {
    const options: InfluxStoreOptions = {
      ...defaultInfluxStoreOptions,
      url: influxd.url,
      token,
      database: 'kendali',
      spoolDir: join(temp.path, folder),
      spoolMaxBytes: 1024 * 1024,
      retry: { minDelayMs: 50, maxDelayMs: 200, jitterMs: 20, maxRetries: 2 },
    };
    const store = await InfluxTelemetryStore.open(options);
    stores.push(store);
    return store;
  };
  const reading = { deviceId: 'aq-1', kind: 'air-quality' as const, district: 'Ciledug', ts: Date.now() - 1_000, receivedAt: Date.now(), fields: { pm25: 31.5 } };

  it('a wrong token: names KENDALI_INFLUX_TOKEN, keeps the reading spooled', async () => {
    const store = await open('kendali-admin:wrong-password', 'wrong');
    await store.append([reading]);
    const health = await waitFor(() => (store.health().detail.includes('KENDALI_INFLUX_TOKEN') ? store.health() : undefined), 'the credentials state');
    expect(health).toMatchObject({ ok: false, backlogReadings: 1 });
    expect(health.detail).not.toContain('wrong-password');
  });

  it('user:password (1.x) goes as HTTP Basic and writes', async () => {
    const store = await open(influxdAdmin, 'right');
    await store.append([reading]);
    await waitFor(() => (store.health().forwardedCount === 1 ? true : undefined), 'the write');
    const series = await influxd.query('SELECT "pm25" FROM "air-quality"', 'kendali');
    expect(series[0]?.values).toEqual([[reading.ts, 31.5]]);
  });
});
