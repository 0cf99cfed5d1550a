import { setTimeout as sleep } from 'node:timers/promises';
import { connectAsync } from 'mqtt';
import { feedTopic, systemClock, type FeedTelemetry } from '@kendali/contracts';
import { defaultIngestOptions, openCore } from '@kendali/ingest';
import { makeTempDir, RawMqttClient, spawnPlatform, startInfluxd, startMosquitto, testAdminToken, waitFor, type RunningPlatform } from '@kendali/test-support';
import { benchFleet, benchSecret } from './bench-fleet';
import type { CleanupStack } from './cleanup-stack';
import { readPlatformFigures } from './platform-metrics';
import { processCpuSeconds, processMemoryMiB } from './process-figures';

const settleMs = 3_000; // idle before a memory reading: the connects' garbage collected, buffers returned
const connectsAtOnce = 50; // CONNECTs in flight at a time (loopback is exempt from the connect rate limit)
const feedBatch = 500; // feed messages published before waiting for their PUBACKs
const applyLimitMs = 300_000; // 5 minutes for the api node to apply what was published

export interface ConnectionMemoryOptions {
  /** Device counts at which resident memory is read, ascending (e.g. 1,000 and 5,000). */
  readonly steps: readonly number[];
  /** Feed readings applied for the api node's CPU figure. */
  readonly feedReadings: number;
  readonly seed: number;
}

/** Resident memory (MiB) of a process with this many devices. */
export interface MemoryStep {
  readonly devices: number;
  readonly rssMiB: number;
}

export interface ConnectionMemoryFigures {
  /** Embedded Kendali (its own broker): each device connected and one reading of each stored. */
  readonly embedded: readonly MemoryStep[];
  /** An api node (KENDALI_ROLE=api) beside Mosquitto: one reading of each device applied from the internal feed. */
  readonly apiNode: readonly MemoryStep[];
  /** The api node following the feed flat out: readings applied per second and its CPU per reading. */
  readonly feed: { readonly readings: number; readonly seconds: number; readonly cpuMicrosPerReading: number };
}

/** MiB per 1,000 devices between the first and the last step. */
export function perThousand(steps: readonly MemoryStep[]): number {
  const first = steps[0];
  const last = steps.at(-1);
  if (first === undefined || last === undefined || last.devices === first.devices) return Number.NaN;
  return ((last.rssMiB - first.rssMiB) / (last.devices - first.devices)) * 1_000;
}

/** A data directory with the bench fleet registered (air-quality stations, bench secrets), for a platform process to start on. */
export async function registeredDataDir(devices: number, seed: number, cleanup: CleanupStack) {
  const dir = await makeTempDir('bench-connections');
  const release = cleanup.add(() => dir.remove());
  const core = await openCore({ ...defaultIngestOptions, dataDir: dir.path, clock: systemClock });
  try {
    const fleet = benchFleet(devices, seed, 'minimal').map(({ id, kind, name, district, lat, lon }) => ({ id, kind, name, district, lat, lon }));
    await core.registry.provision(fleet, (id) => benchSecret(id, seed));
  } finally {
    await core.close();
  }
  return { path: dir.path, release };
}

export async function startProcess(env: Record<string, string>, cleanup: CleanupStack): Promise<{ platform: RunningPlatform; release: () => Promise<void> }> {
  const platform = await spawnPlatform({ KENDALI_LOG_LEVEL: 'warn', ...env }, { stopWithParent: true, timeoutMs: 120_000 });
  return { platform, release: cleanup.add(() => platform.stop()) };
}

export async function settledRss(pid: number): Promise<number> {
  await sleep(settleMs);
  return processMemoryMiB(pid, 'VmRSS');
}

/** Embedded Kendali: devices connected (and one reading each stored) up to each step, its RSS read at each. */
async function embeddedSteps(options: ConnectionMemoryOptions, cleanup: CleanupStack): Promise<MemoryStep[]> {
  const devices = Math.max(...options.steps);
  const data = await registeredDataDir(devices, options.seed, cleanup);
  const { platform, release } = await startProcess({ KENDALI_DATA_DIR: data.path }, cleanup);
  const port = Number(new URL(platform.mqtt).port);
  const fleet = benchFleet(devices, options.seed, 'minimal');
  const clients: RawMqttClient[] = [];
  const releaseClients = cleanup.add(() => clients.forEach((client) => client.destroy()));
  const steps: MemoryStep[] = [];
  try {
    for (const step of options.steps) {
      process.stderr.write(`  embedded: ${step.toLocaleString('en-US')} connections…\n`);
      while (clients.length < step) {
        const batch = fleet.slice(clients.length, Math.min(step, clients.length + connectsAtOnce));
        const connected = await Promise.all(
          batch.map(async ({ id }) => {
            const client = await RawMqttClient.connect(port, { clientId: id, username: id, password: Buffer.from(benchSecret(id, options.seed)), clean: true });
            client.publish(`kendali/v1/devices/${id}/telemetry`, JSON.stringify({ ts: Date.now(), pm25: 12.5 }), 1, 1);
            await client.next('puback', 1); // stored: the device's state is in memory too
            return client;
          }),
        );
        clients.push(...connected);
      }
      steps.push({ devices: step, rssMiB: await settledRss(platform.child.pid!) });
    }
    return steps;
  } finally {
    await releaseClients();
    await release();
    await data.release();
  }
}

const feedMessage = (id: string, ts: number): FeedTelemetry => ({
  deviceId: id,
  receivedAt: ts,
  readings: [{ deviceId: id, kind: 'air-quality', district: 'bench', ts, receivedAt: ts, fields: { pm25: 12.5 } }],
  rejections: [],
});

/** An api node beside a private Mosquitto: the internal feed carries one reading of each device up to each step; its RSS, then its CPU per reading flat out. */
async function apiNodeFigures(options: ConnectionMemoryOptions, cleanup: CleanupStack): Promise<Pick<ConnectionMemoryFigures, 'apiNode' | 'feed'>> {
  const devices = Math.max(...options.steps);
  const mosquitto = await startMosquitto({ accounts: 'none', maxQueuedMessages: 0 });
  const releaseMosquitto = cleanup.add(() => mosquitto.close());
  // An api node reads history from the InfluxDB the workers write; nothing is written to it here.
  const influxd = await startInfluxd();
  const releaseInfluxd = cleanup.add(() => influxd.close());
  const data = await registeredDataDir(devices, options.seed, cleanup);
  const { platform, release } = await startProcess(
    { KENDALI_DATA_DIR: data.path, KENDALI_MQTT_URL: mosquitto.url, KENDALI_MQTT_DYNAMIC_SECURITY: '0', KENDALI_ROLE: 'api', KENDALI_NODE_ID: 'bench-api', KENDALI_INFLUX_URL: influxd.url, KENDALI_INFLUX_ROLLUPS: 'off' },
    cleanup,
  );
  const feed = await connectAsync(mosquitto.url, { protocolVersion: 5, clientId: 'bench-feed', clean: true });
  const releaseFeed = cleanup.add(() => feed.endAsync(true));
  const fleet = benchFleet(devices, options.seed, 'minimal');
  let published = 0;
  let ts = Date.now() - 3_600_000; // an hour ago, one millisecond apart: every reading newer than the last
  const publish = async (count: number) => {
    for (let sent = 0; sent < count; sent += feedBatch) {
      const batch = Array.from({ length: Math.min(feedBatch, count - sent) }, (_, k) => fleet[(published + sent + k) % devices]!.id);
      await Promise.all(batch.map((id) => feed.publishAsync(feedTopic('telemetry', id), JSON.stringify(feedMessage(id, (ts += 1))), { qos: 1 })));
    }
    published += count;
  };
  const applied = (count: number) =>
    waitFor(async () => ((await readPlatformFigures(platform.http, testAdminToken)).feedReadingsApplied >= count ? true : undefined), `the api node to apply ${count} feed readings`, applyLimitMs);
  try {
    const apiNode: MemoryStep[] = [];
    for (const step of options.steps) {
      process.stderr.write(`  api node: ${step.toLocaleString('en-US')} devices on the feed…\n`);
      await publish(step - published);
      await applied(published);
      apiNode.push({ devices: step, rssMiB: await settledRss(platform.child.pid!) });
    }
    process.stderr.write(`  api node: ${options.feedReadings.toLocaleString('en-US')} feed readings flat out…\n`);
    const pid = platform.child.pid!;
    const cpuBefore = processCpuSeconds(pid);
    const started = performance.now();
    const target = published + options.feedReadings;
    await publish(options.feedReadings);
    await applied(target);
    const seconds = (performance.now() - started) / 1000;
    const cpuMicrosPerReading = ((processCpuSeconds(pid) - cpuBefore) / options.feedReadings) * 1e6;
    return { apiNode, feed: { readings: options.feedReadings, seconds, cpuMicrosPerReading } };
  } finally {
    await releaseFeed();
    await release();
    await data.release();
    await releaseInfluxd();
    await releaseMosquitto();
  }
}

/**
 * Resident memory per 1,000 devices of an embedded Kendali (each device a connection to its broker)
 * and of an api node following the internal feed (each device's live state and alarms), and the
 * api node's CPU per feed reading, from which devices per api node follow. Each target runs as a
 * platform process of its own, so its resident memory is its own; connections and feed come from
 * this process over loopback.
 */
export async function runConnectionMemory(options: ConnectionMemoryOptions, cleanup: CleanupStack): Promise<ConnectionMemoryFigures> {
  const embedded = await embeddedSteps(options, cleanup);
  const { apiNode, feed } = await apiNodeFigures(options, cleanup);
  return { embedded, apiNode, feed };
}
