import { destination, pino } from 'pino';
import type { SimulatedDevice } from '@kendali/simulators';
import { startTestPlatform } from '@kendali/test-support';
import type { BenchTarget } from './bench-target';
import { CompletionTimeline } from './completion-timeline';

/**
 * The whole platform in this process (broker + ingest + DuckDB + live frames + API), on a fresh
 * data directory that is removed again on close. Listeners on 'stored' and 'frame' take the
 * pipeline's own latencies; they cost a clock read and a histogram update per reading, in the
 * broker's process (bare Aedes pays the same on its 'publish' event).
 */
export async function startKendaliTarget(fleet: readonly SimulatedDevice[], secretFor: (deviceId: string) => string, liveFrameMs: number): Promise<BenchTarget> {
  const settings: Record<string, string> = { KENDALI_LOG_LEVEL: 'warn' };
  if (liveFrameMs > 0) settings.KENDALI_LIVE_FRAME_MS = String(liveFrameMs);
  // Warnings and errors to stderr, so stdout stays the bench's own (and --json stays parseable).
  const started = await startTestPlatform('bench', settings, { logger: pino({ level: 'warn' }, destination({ dest: 2, sync: true })) });
  try {
    const devices = fleet.map(({ id, kind, name, district, lat, lon }) => ({ id, kind, name, district, lat, lon }));
    await started.platform.core.registry.provision(devices, secretFor);
  } catch (error) {
    await started.stop();
    throw error;
  }
  const { platform } = started;
  const { core, broker } = platform;

  const completions = new CompletionTimeline();
  const frames = new CompletionTimeline();
  let rejected = 0;
  let storeFailures = 0;
  const intake = new CompletionTimeline();
  core.pipeline.on('stored', (readings, durableAfterSeconds) => {
    const nowMs = Date.now();
    const commits = core.telemetry.commitCount;
    for (const reading of readings) completions.record(nowMs, nowMs - reading.ts, commits);
    intake.record(nowMs, durableAfterSeconds * 1000);
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
    intake,
    http: platform.addresses.http,
    counters: () => ({ completed: core.telemetry.storedCount, rejected, storeFailures }),
    close: () => started.stop(),
  };
}
