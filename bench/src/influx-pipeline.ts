import { setTimeout as sleep } from 'node:timers/promises';
import { destination, pino } from 'pino';
import { storageStatus } from '@kendali/ingest';
import type { Platform } from '@kendali/platform';
import { startTestPlatform, type Influxd } from '@kendali/test-support';
import { benchFleet, benchSecret } from './bench-fleet';
import type { CleanupStack } from './cleanup-stack';
import { LoadChild } from './load-child';

export interface InfluxLoad {
  readonly connections: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly seed: number;
}

/** The whole platform with KENDALI_INFLUX_URL set, the bench fleet registered; `close` also removes its data. */
export async function startInfluxPlatform(
  influxUrl: string,
  database: string,
  load: InfluxLoad,
  cleanup: CleanupStack,
): Promise<{ readonly platform: Platform; close(): Promise<void> }> {
  // Errors only: the outage phase makes the store degrade on purpose.
  const started = await startTestPlatform(
    'bench-influx',
    { KENDALI_INFLUX_URL: influxUrl, KENDALI_INFLUX_DATABASE: database },
    { logger: pino({ level: 'fatal' }, destination({ dest: 2, sync: true })) },
  );
  const { platform } = started;
  const close = cleanup.add(() => started.stop());
  const fleet = benchFleet(load.connections, load.seed, 'mix').map(({ id, kind, name, district, lat, lon }) => ({ id, kind, name, district, lat, lon }));
  await platform.core.registry.provision(fleet, (deviceId) => benchSecret(deviceId, load.seed)).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return { platform, close };
}

/** Runs the load child flat out at QoS1; `onWindow` sees the start and end of its measured window. */
async function runLoad(platform: Platform, load: InfluxLoad, onWindow: (edge: 'start' | 'end') => void) {
  const { connections, window, warmupMs, measureMs, seed } = load;
  const child = new LoadChild({ url: platform.addresses.mqtt, client: 'raw', payload: 'mix', qos: 1, drainMs: 10_000, releaseMs: 10_000, connections, window, warmupMs, measureMs, seed });
  child.on('message', (message) => {
    if (message.type === 'measuring') onWindow('start');
    else if (message.type === 'measured') onWindow('end');
    else if (message.type === 'stopped') child.release();
  });
  try {
    return await child.result;
  } finally {
    child.kill();
  }
}

/** PUBACKs per second (readings in the spool) and readings per second InfluxDB confirmed, same window. */
export async function measurePipeline(platform: Platform, load: InfluxLoad): Promise<{ ackedPerSecond: number; writtenPerSecond: number }> {
  const forwarded = () => storageStatus(platform.core.telemetry).forwardedCount;
  const marks: { atMs: number; forwarded: number }[] = [];
  const result = await runLoad(platform, load, () => marks.push({ atMs: performance.now(), forwarded: forwarded() }));
  const [start, end] = marks;
  const writtenPerSecond = start && end ? ((end.forwarded - start.forwarded) * 1000) / (end.atMs - start.atMs) : Number.NaN;
  await waitForEmptySpool(platform, 120_000);
  return { ackedPerSecond: result.window.acked / result.window.seconds, writtenPerSecond };
}

/**
 * An outage: influxd stopped while the fleet publishes for `load.measureMs` (the spool grows), then
 * started again; the backlog drains. Reports how long the forwarder took to write again once influxd answered
 * and the drain rate from the first confirmed write until the spool was empty.
 */
export async function measureDrain(platform: Platform, influxd: Influxd, load: InfluxLoad) {
  await influxd.stop();
  const result = await runLoad(platform, { ...load, warmupMs: 0 }, () => undefined);
  const backlog = storageStatus(platform.core.telemetry).backlogReadings;
  await influxd.start();
  const restartedMs = performance.now();
  while (storageStatus(platform.core.telemetry).backlogReadings >= backlog && performance.now() - restartedMs < 60_000) await sleep(10);
  const firstWriteMs = performance.now();
  // What the drain costs Kendali (no load runs meanwhile): the process's CPU, and how busy its main thread was.
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const drainedMs = await waitForEmptySpool(platform, 300_000);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    spooledPerSecond: result.window.acked / result.window.seconds,
    backlogReadings: backlog,
    resumeAfterMs: firstWriteMs - restartedMs,
    drainPerSecond: (backlog * 1000) / Math.max(1, drainedMs - firstWriteMs),
    /** CPU ms (user + system, every thread of the process) per 1,000 readings drained. */
    drainCpuMsPerThousand: ((cpu.user + cpu.system) / 1_000 / backlog) * 1_000,
    /** Share of the drain the main thread was busy (event-loop utilisation). */
    drainMainThreadBusy: performance.eventLoopUtilization(loopBefore).utilization,
  };
}

async function waitForEmptySpool(platform: Platform, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (storageStatus(platform.core.telemetry).backlogReadings > 0) {
    if (performance.now() > deadline) throw new Error(`the spool did not drain within ${timeoutMs / 1000} s`);
    await sleep(10);
  }
  return performance.now();
}
