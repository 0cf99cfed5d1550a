import { randomBytes } from 'node:crypto';
import { connectAsync } from 'mqtt';
import { deviceTopic, type LiveFrame } from '@kendali/contracts';
import { makeTempDir, readLiveFrames, spawnPlatform } from '@kendali/test-support';
import type { CleanupStack } from './cleanup-stack';

export interface AlarmLatency {
  readonly trials: number;
  /** Publish of a Siaga 2 reading → the live frame that carries the raised alarm, in ms. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly backgroundDevices: number;
}

const postId = 'wl-bench-alarm';

/**
 * The promise "an alarm reaches the wall within a second", measured: the platform in its own
 * process with its simulators feeding the city, one water post crossing Siaga 2 and falling back,
 * `trials` times, timed from the publish to the `/api/live` frame that carries the alarm.
 */
export async function measureAlarmLatency(trials: number, backgroundDevices: number, cleanup: CleanupStack): Promise<AlarmLatency> {
  const dataDir = await makeTempDir('bench-alarm');
  const removeDataDir = cleanup.add(() => dataDir.remove());
  const token = `kdl_bench-${randomBytes(16).toString('hex')}`;
  const platform = await spawnPlatform(
    { KENDALI_DATA_DIR: dataDir.path, KENDALI_ADMIN_TOKEN: token, KENDALI_SIMULATE: '1', KENDALI_SIMULATE_DEVICES: String(backgroundDevices) },
    {
      timeoutMs: 180_000,
      stopWithParent: true,
      killAfterMs: 20_000, // flushing and closing DuckDB; after this the platform is SIGKILLed
      keptOutputChars: 20_000, // the tail shown when something fails
      onWaiting: (seconds) => process.stderr.write(`  alarm latency: platform starting (${seconds} s)…\n`),
    },
  );
  const stopPlatform = cleanup.add(() => platform.stop());
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${platform.http}/api/devices`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ id: postId, kind: 'water-level', name: 'Bench post', district: 'Tangerang' }),
  });
  if (!created.ok) throw new Error(`registering the bench post answered ${created.status}: ${await created.text()}`);
  const { secret } = (await created.json()) as { secret: string };

  const seen: ((frame: LiveFrame) => void)[] = [];
  const stopReading = await readLiveFrames(platform.http, token, (frame) => {
    for (const listener of [...seen]) listener(frame);
  });
  const frameWhere = (test: (frame: LiveFrame) => boolean) =>
    new Promise<void>((resolve) => {
      const listener = (frame: LiveFrame) => {
        if (!test(frame)) return;
        seen.splice(seen.indexOf(listener), 1);
        resolve();
      };
      seen.push(listener);
    });
  const postAlarm = (frame: LiveFrame, active: boolean) => frame.alarms.some((alarm) => alarm.deviceId === postId && (alarm.state === 'cleared') !== active);

  const client = await connectAsync(platform.mqtt, { clientId: postId, username: postId, password: secret, reconnectPeriod: 0 });
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  const level = (cm: number) => client.publishAsync(deviceTopic(postId, 'telemetry'), JSON.stringify({ waterLevelCm: cm }), { qos: 1 });
  const latencies: number[] = [];
  try {
    for (let trial = 0; trial < trials; trial++) {
      const raised = frameWhere((frame) => postAlarm(frame, true));
      const sentAt = performance.now();
      await level(420);
      await raised;
      latencies.push(performance.now() - sentAt);
      const cleared = frameWhere((frame) => postAlarm(frame, false));
      await level(200);
      await cleared;
    }
  } finally {
    stopReading();
    await client.endAsync();
    await stopPlatform();
    await removeDataDir();
  }
  latencies.sort((a, b) => a - b);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]!;
  return { trials, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: latencies.at(-1)!, backgroundDevices };
}

export function alarmLatencyLines(result: AlarmLatency): string[] {
  return [
    `Alarm to wall (publish of a Siaga 2 reading → /api/live frame carrying the alarm), ${result.trials} trials, ${result.backgroundDevices} simulated devices running:`,
    `  p50 ${result.p50Ms.toFixed(0)} ms · p95 ${result.p95Ms.toFixed(0)} ms · max ${result.maxMs.toFixed(0)} ms (frames go out at 4 Hz; an alarm change cuts one at once, at least 50 ms after the frame before)`,
  ];
}
