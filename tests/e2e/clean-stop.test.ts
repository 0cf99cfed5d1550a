import { connectAsync } from 'mqtt';
import { describe, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import { apiJson, registerDevice, spawnPlatform, type RunningPlatform, makeTempDir } from '@kendali/test-support';

/**
 * Publishes QoS1 readings many at a time and sends `signal` once `stopAfter` are acknowledged, so
 * the stop lands while later ones are still in flight; returns the acknowledged values and the exit code.
 */
async function publishThenStop(running: RunningPlatform, signal: NodeJS.Signals, stopAfter: number, baseTs: number) {
  const secret = await registerDevice(running.http, 'wl-stop', { kind: 'water-level', name: 'Pintu Air Sepuluh', district: 'Neglasari' });
  const client = await connectAsync(running.mqtt, { clientId: 'wl-stop', username: 'wl-stop', password: secret, reconnectPeriod: 0 });
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  const acked: number[] = [];
  let stopping: Promise<number | null> | undefined;
  let stopped: (code: number | null) => void = () => undefined;
  const stoppedSignal = new Promise<number | null>((resolve) => (stopped = resolve));
  const publishes = Array.from({ length: 1_000 }, (_, i) =>
    client.publishAsync(deviceTopic('wl-stop', 'telemetry'), JSON.stringify({ ts: baseTs + i, waterLevelCm: i }), { qos: 1 }).then(
      () => {
        acked.push(i);
        if (acked.length === stopAfter) stopping = running.stop(signal).then((code) => (stopped(code), code));
      },
      () => undefined,
    ),
  );
  // Publishes in flight when the broker closes never complete; go on once the process has exited.
  await Promise.race([Promise.allSettled(publishes), stoppedSignal]);
  const code = await (stopping ?? running.stop(signal));
  client.end(true);
  return { acked, code };
}

// The two signals side by side, each on its own platform and folder: each case waits mostly on its
// own process starting, stopping and starting again.
describe('a clean stop', () => {
  it.concurrent.for([
    ['SIGINT', 'to the process group, as Ctrl+C under `pnpm start` does', true],
    ['SIGTERM', 'to the process, as systemd does', false],
  ] as const)('on %s %s: exits 0 and keeps every acknowledged reading', async ([signal, _how, asStartScript], { expect, onTestFinished }) => {
    const data = await makeTempDir(`stop-${signal.toLowerCase()}`);
    let platform: RunningPlatform | undefined;
    onTestFinished(async () => {
      await platform?.stop();
      await data.remove();
    });
    platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path }, { asStartScript });
    const baseTs = Date.now() - 60_000;
    const { acked, code } = await publishThenStop(platform, signal, 300, baseTs);
    expect(code, platform.output()).toBe(0);
    expect(acked.length).toBeGreaterThanOrEqual(300);

    platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path });
    const history = await apiJson<{ points: { t: number; value: number }[] }>(
      platform.http,
      `/api/telemetry?device=wl-stop&field=waterLevelCm&from=${baseTs - 1}&to=${baseTs + 2_000}`,
    );
    const stored = new Set(history.points.map((point) => point.value));
    const missing = acked.filter((value) => !stored.has(value));
    expect(missing, `acknowledged but lost in a clean stop on ${signal}: ${missing.slice(0, 20).join(', ')}`).toEqual([]);
  });
});
