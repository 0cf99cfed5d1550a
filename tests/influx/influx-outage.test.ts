import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { influxdProgram, startInfluxd, type Influxd, openLiveStream, type LiveStream, systemSuite, testedVersions, makeTempDir, waitFor } from '@kendali/test-support';
import { connectTrafficCounter, metric, readiness, startInfluxPlatform, storedCounts } from './influx-fixtures';

const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);

describe.skipIf(!suite.available)(suite.title('InfluxDB outage: nothing acknowledged is lost'), () => {
  let influxd: Influxd;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let platform: Platform;
  let logLines: string[];
  let live: LiveStream;

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.createDatabase('kendali');
    data = await makeTempDir('influx-outage');
    ({ platform, logLines } = await startInfluxPlatform(data.path, influxd.url, 'kendali'));
    live = await openLiveStream(platform.addresses.http);
  });
  afterAll(async () => {
    live?.close();
    await platform?.close();
    await influxd?.close();
    await data?.remove();
  });

  it('keeps acknowledging while influxd is down, says why on /readyz, /metrics and live frames, then delivers every reading exactly once', async () => {
    const http = platform.addresses.http;
    await waitFor(async () => ((await readiness(http)).status === 200 ? true : undefined), 'ready with InfluxDB up');
    const client = await connectTrafficCounter(http, platform.addresses.mqtt, 'tr-outage');
    const total = 600;
    const window = 20; // QoS1 publishes in flight at once
    const base = Date.now() - 60_000;
    const acked = new Set<number>();
    let stopping: Promise<void> | undefined;
    const publish = (i: number) =>
      client.publishAsync(deviceTopic('tr-outage', 'telemetry'), JSON.stringify({ ts: base + i, vehicleCount: i }), { qos: 1 }).then(() => {
        acked.add(i);
        if (acked.size === 200) stopping = influxd.stop(); // midway, with publishes in flight
      });

    for (let i = 0; i < total; i += window) {
      await Promise.all(Array.from({ length: window }, (_, j) => publish(i + j)));
      if (i + window !== 400) continue;
      // InfluxDB has been down while readings 200-399 were published: all of them were acknowledged.
      await stopping;
      // While influxd shuts down it may first answer with errors; once it is gone the reason is "unreachable".
      const degraded = await waitFor(async () => {
        const ready = await readiness(http);
        return ready.status === 503 && /unreachable/.test(ready.store?.detail ?? '') ? ready : undefined;
      }, '/readyz to report the outage');
      expect(degraded.store?.detail).toMatch(/KENDALI_INFLUX_URL=http:\/\/127\.0\.0\.1:\d+ is unreachable/);
      expect(await metric(http, 'kendali_spool_backlog_readings')).toBeGreaterThan(0);
      expect(await metric(http, 'kendali_spool_backlog_bytes')).toBeGreaterThan(0);
      expect(await metric(http, 'kendali_store_forward_errors_total')).toBeGreaterThan(0);
      expect(await metric(http, 'kendali_store_up')).toBe(0);
      const frame = await waitFor(() => live.frames.findLast((f) => !f.stats.storage.ok), 'a live frame saying storage is degraded');
      expect(frame.stats.storage.backlogReadings).toBeGreaterThan(0);
      await influxd.start();
    }
    expect(acked.size).toBe(total);
    await client.endAsync();

    await waitFor(async () => ((await metric(http, 'kendali_spool_backlog_readings')) === 0 ? true : undefined), 'the spool to drain', 30_000);
    const stored = await storedCounts(influxd.query, 'kendali', 'tr-outage');
    expect(stored.length).toBe(total); // exactly once: no gap, no duplicate
    expect(new Set(stored)).toEqual(new Set(acked));
    expect((await readiness(http)).status).toBe(200);
    await waitFor(() => (live.frames.at(-1)?.stats.storage.ok ? true : undefined), 'live frames to report storage ok again');

    // One log line per change of state, not one per failed attempt.
    const degradedLines = logLines.filter((line) => line.includes('time-series store degraded'));
    expect(degradedLines.length).toBeGreaterThanOrEqual(1);
    expect(degradedLines.length).toBeLessThanOrEqual(2);
    expect(degradedLines[0]).toContain('KENDALI_INFLUX_URL');
    expect(await metric(http, 'kendali_store_forward_errors_total')).toBeGreaterThanOrEqual(degradedLines.length);
  });
});
