import { setTimeout as sleep } from 'node:timers/promises';
import { testAdminToken } from '@kendali/test-support';
import type { CleanupStack } from './cleanup-stack';
import { registeredDataDir, settledRss, startProcess } from './connection-memory';
import { JsonLineChild } from './json-line-child';
import { readPlatformFigures } from './platform-metrics';
import { processCpuSeconds, processMemoryMiB } from './process-figures';
import type { StormMessage, StormResult } from './storm-protocol';
import { counterGrowth, readTcpListenCounters, type TcpListenCounters } from './tcp-listen-counters';

/**
 * One source address gives each connection an ephemeral port of its own: Linux's default range
 * (32768-60999) holds 28,232.
 */
export const maxStormDevices = 28_000;
const limitMs = 120_000; // 2 minutes for the storm's devices to connect and be stored (the goal is 30 s)
const retryMs = 1_000; // a failed device connects again after 1 s, mqtt.js' default reconnectPeriod
const exitLimitMs = 10_000; // the client closing its connections and exiting

const entry = new URL('./storm-client.ts', import.meta.url);

export interface StormFigures {
  readonly client: StormResult;
  /** Readings stored and devices online as the platform's /metrics counted them once the client was done. */
  readonly metrics: { readonly readingsStored: number; readonly devicesOnline: number };
  /** Connections the broker closed before CONNACK or refused, by its own reason (its log). */
  readonly brokerReasons: Readonly<Record<string, number>>;
  /** Growth of the kernel's listen-queue counters over the storm (tcp-listen-counters.ts). */
  readonly kernel: TcpListenCounters;
  readonly platform: {
    /** Idle with every device registered, before the storm; and 3 s after it, every device still connected. */
    readonly rssBeforeMiB: number;
    readonly rssAfterMiB: number;
    /** The kernel's peak resident set of the platform process from its start until after `rssAfterMiB`. */
    readonly vmHwmMiB: number;
    /** CPU (user + system, all threads) from the storm's start until the client was done. */
    readonly cpuSeconds: number;
    /** "Device capacity: about N more connections" from the platform's start banner (its open-file limit), if printed. */
    readonly connectionRoom: number | null;
  };
}

/**
 * The broker's side of the failed connects, from the platform's log (debug level: one line per
 * client error, info: one per refusal; nothing per successful connect): count by reason.
 */
function brokerReasons(output: string): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { msg?: string; message?: string; reason?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue; // a line cut where the kept output began
    }
    const reason = entry.msg === 'mqtt client error' ? entry.message : entry.msg === 'mqtt connect refused' ? `refused: ${entry.reason}` : undefined;
    if (reason !== undefined) reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return reasons;
}

/** Waits for the client's figures; `storming` hears when its devices start to connect. */
function clientResult(child: JsonLineChild<StormMessage>, storming: () => void): Promise<StormResult> {
  return new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message.type === 'storming') storming();
      if (message.type === 'result') resolve(message.result);
      if (message.type === 'failed') reject(new Error(`the storm client failed: ${message.message}`));
    });
    void child.closed.then((exit) => reject(new Error(`the storm client exited (${exit}) without figures`)));
  });
}

/**
 * A connect storm against the platform as its own process, on a data directory with `devices`
 * registered: a client process (storm-client.ts) opens every device's connection at once over
 * loopback and sends one QoS1 reading from each; the platform's CPU, memory and /metrics are read
 * from outside. Loopback (127.0.0.1) is exempt from the broker's connect-rate guard (50 connects/s
 * per address), so the storm meets the kernel's listen queues (Node's listen backlog is 511), the
 * broker's connect timeout (5 s from accept to CONNACK) and the platform's own speed; devices behind
 * one NAT address would also meet the guard.
 */
export async function runConnectStorm(options: { readonly devices: number; readonly seed: number }, cleanup: CleanupStack): Promise<StormFigures> {
  const data = await registeredDataDir(options.devices, options.seed, cleanup);
  try {
    const { platform, release } = await startProcess({ KENDALI_DATA_DIR: data.path, KENDALI_LOG_LEVEL: 'debug' }, cleanup);
    try {
      const pid = platform.child.pid!;
      const rssBeforeMiB = await settledRss(pid);
      const connectionRoom = /Device capacity:\s+about (\d+) more connections/.exec(platform.output());
      const child = new JsonLineChild<StormMessage>(entry, { url: platform.mqtt, devices: options.devices, seed: options.seed, 'limit-ms': limitMs, 'retry-ms': retryMs });
      const killChild = cleanup.add(() => child.kill());
      try {
        let cpuBefore = Number.NaN;
        let kernelBefore = readTcpListenCounters();
        const client = await clientResult(child, () => {
          cpuBefore = processCpuSeconds(pid);
          kernelBefore = readTcpListenCounters();
        });
        const cpuSeconds = processCpuSeconds(pid) - cpuBefore;
        const kernel = counterGrowth(kernelBefore, readTcpListenCounters());
        const { readingsStored, devicesOnline } = await readPlatformFigures(platform.http, testAdminToken);
        const rssAfterMiB = await settledRss(pid);
        const vmHwmMiB = processMemoryMiB(pid, 'VmHWM');
        const connectionRoomCount = connectionRoom ? Number(connectionRoom[1]) : null;
        return { client, metrics: { readingsStored, devicesOnline }, brokerReasons: brokerReasons(platform.output()), kernel, platform: { rssBeforeMiB, rssAfterMiB, vmHwmMiB, cpuSeconds, connectionRoom: connectionRoomCount } };
      } finally {
        child.release();
        await Promise.race([child.closed, sleep(exitLimitMs)]);
        await killChild();
      }
    } finally {
      await release();
    }
  } finally {
    await data.release();
  }
}
