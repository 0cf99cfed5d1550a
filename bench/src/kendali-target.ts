import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destination, pino } from 'pino';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import type { SimulatedDevice } from '@kendali/simulators';
import type { BenchTarget } from './bench-target';
import { CompletionTimeline } from './completion-timeline';

/**
 * The whole platform in this process (broker + ingest + DuckDB + live frames + API), on a fresh
 * data directory that is removed again on close. Listeners on 'stored' and 'frame' take the
 * pipeline's own latencies; they cost a clock read and a histogram update per reading, in the
 * broker's process (bare Aedes pays the same on its 'publish' event).
 */
export async function startKendaliTarget(fleet: readonly SimulatedDevice[], secretFor: (deviceId: string) => string): Promise<BenchTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kendali-bench-'));
  let platform: Platform | undefined;
  try {
    const config = loadConfig({
      KENDALI_DATA_DIR: dataDir,
      KENDALI_HTTP_PORT: '0',
      KENDALI_MQTT_PORT: '0',
      KENDALI_SIMULATE: '0',
      KENDALI_LOG_LEVEL: 'warn',
    });
    // Warnings and errors to stderr, so stdout stays the bench's own (and --json stays parseable).
    platform = await startPlatform(config, { logger: pino({ level: 'warn' }, destination({ dest: 2, sync: true })) });
    const devices = fleet.map(({ id, kind, name, district, lat, lon }) => ({ id, kind, name, district, lat, lon }));
    await platform.core.registry.provision(devices, secretFor);
  } catch (error) {
    await platform?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { core, broker } = platform;

  const completions = new CompletionTimeline();
  const frames = new CompletionTimeline();
  let rejected = 0;
  let storeFailures = 0;
  core.pipeline.on('stored', (readings) => {
    const nowMs = Date.now();
    const commits = core.telemetry.commitCount;
    for (const reading of readings) completions.record(nowMs, nowMs - reading.ts, commits);
  });
  core.live.on('frame', (frame) => {
    for (const reading of frame.readings) frames.record(frame.at, frame.at - reading.ts);
  });
  core.rejections.on('rejected', () => rejected++);
  broker.on('storeFailed', () => storeFailures++);

  return {
    name: 'kendali',
    url: platform.addresses.mqtt,
    completions,
    frames,
    counters: () => ({ completed: core.telemetry.storedCount, rejected, storeFailures }),
    async close() {
      try {
        await platform.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
