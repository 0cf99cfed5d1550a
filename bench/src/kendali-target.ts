import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destination, pino } from 'pino';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import type { SimulatedDevice } from '@kendali/simulators';
import type { BenchTarget, PipelineObservations } from './bench-target';
import { LatencyHistogram } from './latency-histogram';

/**
 * The whole platform in this process (broker + ingest + DuckDB + live frames + API), on a fresh
 * data directory that is removed again on close. Listeners on 'stored' and 'frame' take the
 * pipeline's own latencies; they cost a clock read and a histogram update per reading.
 */
export async function startKendaliTarget(fleet: readonly SimulatedDevice[]): Promise<BenchTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kendali-bench-'));
  const config = loadConfig({
    KENDALI_DATA_DIR: dataDir,
    KENDALI_HTTP_PORT: '0',
    KENDALI_MQTT_PORT: '0',
    KENDALI_SIMULATE: '0',
    KENDALI_LOG_LEVEL: 'warn',
  });
  let platform: Platform | undefined;
  try {
    // Warnings and errors to stderr, so stdout stays the bench's own (and --json stays parseable).
    platform = await startPlatform(config, { logger: pino({ level: 'warn' }, destination({ dest: 2, sync: true })) });
    await platform.ingest.registry.upsertMany(fleet.map(({ id, kind, name, district, lat, lon }) => ({ id, kind, name, district, lat, lon })));
  } catch (error) {
    await platform?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { ingest, broker } = platform;

  let recording = false;
  let storedLatency = new LatencyHistogram();
  let frameLatency = new LatencyHistogram();
  let rejected = 0;
  let storeFailures = 0;
  ingest.on('stored', (readings) => {
    if (!recording) return;
    const nowMs = Date.now();
    for (const reading of readings) storedLatency.recordMs(nowMs - reading.ts);
  });
  ingest.live.on('frame', (frame) => {
    if (!recording) return;
    for (const reading of frame.readings) frameLatency.recordMs(frame.at - reading.ts);
  });
  ingest.on('rejected', () => rejected++);
  broker.on('storeFailed', () => storeFailures++);

  return {
    name: 'kendali',
    url: platform.addresses.mqtt,
    record(on) {
      if (on && !recording) {
        storedLatency = new LatencyHistogram();
        frameLatency = new LatencyHistogram();
      }
      recording = on;
    },
    observe(): PipelineObservations {
      return {
        storedCount: ingest.store.storedCount,
        commitCount: ingest.store.commitCount,
        storedLatency: storedLatency.summary(),
        frameLatency: frameLatency.summary(),
        rejected,
        storeFailures,
      };
    },
    async close() {
      try {
        await platform.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
