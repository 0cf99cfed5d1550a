import { connectAsync, type IClientOptions } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import { apiJson, registerDevice, spawnPlatform, type RunningPlatform, makeTempDir } from '@kendali/test-support';

let platform: RunningPlatform | undefined;
let data: Awaited<ReturnType<typeof makeTempDir>> | undefined;

afterAll(async () => {
  await platform?.stop();
  await data?.remove();
});

const clientOptions: IClientOptions = { clientId: 'wl-durable', reconnectPeriod: 0, clean: true };

describe('a PUBACK means stored', () => {
  it('keeps every acknowledged QoS1 reading after SIGKILL right after the PUBACK', async () => {
    data = await makeTempDir('durability');
    platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path });
    const secret = await registerDevice(platform.http, 'wl-durable', { kind: 'water-level', name: 'Kali Ledug', district: 'Cipondoh' });
    const client = await connectAsync(platform.mqtt, { ...clientOptions, username: 'wl-durable', password: secret });
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    const acked: number[] = [];
    let ackedInAll = 0; // including PUBACKs that arrived while the kill was under way
    const killAfter = 300;
    const baseTs = Date.now() - 60_000;
    let killing: Promise<void> | undefined;
    let killed: () => void = () => undefined;
    const killedSignal = new Promise<void>((resolve) => (killed = resolve));
    let refused: (error: Error) => void = () => undefined;
    const streamRefused = new Promise<never>((_resolve, reject) => (refused = reject));
    // A stream of publishes with many in flight at once, each PUBACK letting the next one go, so the
    // kill lands while later ones are uncommitted and most of the stream is still to come (all sent
    // at once, a fast platform could have committed every one before the client read the 300th PUBACK).
    const total = 20_000;
    const inFlight = 200;
    let sent = 0;
    const publishNext = (): void => {
      if (killing || sent >= total) return;
      const i = sent++;
      client.publishAsync(deviceTopic('wl-durable', 'telemetry'), JSON.stringify({ ts: baseTs + i, waterLevelCm: i }), { qos: 1 }).then(
        () => {
          ackedInAll++;
          if (killing) return;
          acked.push(i);
          if (acked.length === killAfter) killing = platform!.kill().then(killed);
          else publishNext();
        },
        // Before the kill a failed publish stops the stream: say so instead of waiting for the timeout.
        (error: unknown) => {
          if (!killing) refused(new Error(`publish ${i} failed before the kill: ${String(error)}`));
        },
      );
    };
    for (let started = 0; started < inFlight; started++) publishNext();
    // Publishes still in flight at the kill never complete; go on once the process is gone.
    await Promise.race([killedSignal, streamRefused]);
    await killing;
    client.end(true);
    // The kill must land mid-stream, or the test proves nothing about readings in flight.
    expect(ackedInAll, 'every publish was acknowledged before the kill took effect').toBeLessThan(total);

    platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path });
    const history = await apiJson<{ points: { t: number; value: number }[] }>(
      platform.http,
      `/api/telemetry?device=wl-durable&field=waterLevelCm&from=${baseTs - 1}&to=${baseTs + total}`,
    );
    const stored = new Set(history.points.map((p) => p.value));
    const missing = acked.filter((value) => !stored.has(value));
    expect(missing, `acknowledged but lost after SIGKILL: ${missing.slice(0, 20).join(', ')}`).toEqual([]);
    // Stored values are exactly the published ones, each once.
    expect(history.points.length).toBe(stored.size);
  });
});
