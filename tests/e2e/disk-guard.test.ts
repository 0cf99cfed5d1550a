import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { apiFetch, openLiveStream, startTestPlatform, waitFor, type LiveStream, type TestPlatform } from '@kendali/test-support';

const mib = 1024 * 1024;
let running: TestPlatform | undefined;
let live: LiveStream | undefined;

afterEach(async () => {
  live?.close();
  await running?.stop();
  running = live = undefined;
});

/** Free MiB on the disk the test platforms' data directories go to: thresholds are set around it. */
async function freeMib(): Promise<number> {
  const disk = await statfs(tmpdir());
  return Math.floor((disk.bavail * disk.bsize) / mib);
}

async function start(warnFreeMib: number, minFreeMib: number): Promise<TestPlatform> {
  running = await startTestPlatform('disk-guard', { KENDALI_DISK_WARN_FREE_MIB: String(warnFreeMib), KENDALI_DISK_MIN_FREE_MIB: String(minFreeMib) });
  return running;
}

describe('the data disk is watched before it fills', () => {
  it('shows free space and the store size in /metrics, and stays ready while there is room', async () => {
    const { platform } = await start(2, 1); // 2 MiB and 1 MiB: any disk a test runs on has more
    const metrics = await (await apiFetch(platform.addresses.http, '/metrics')).text();
    const gauge = (name: string) => Number(/^(\S+) (\S+)$/m.exec(metrics.split('\n').find((line) => line.startsWith(`${name} `)) ?? '')?.[2]);
    expect(gauge('kendali_disk_free_bytes')).toBeGreaterThan(0);
    expect(gauge('kendali_disk_size_bytes')).toBeGreaterThan(gauge('kendali_disk_free_bytes'));
    expect(gauge('kendali_store_size_bytes')).toBeGreaterThan(0); // the database file
    const ready = await fetch(`${platform.addresses.http}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('warns on the live frames when free space falls below the warning level, and stays ready', async () => {
    const free = await freeMib();
    const { platform } = await start(free + 10_240, 1);
    live = await openLiveStream(platform.addresses.http);
    const frame = await waitFor(() => live?.frames.find((f) => f.stats.storage.disk !== undefined), 'a frame with the disk');
    expect(frame.stats.storage.disk).toMatchObject({ level: 'low' });
    expect((await fetch(`${platform.addresses.http}/readyz`)).status).toBe(200);
  });

  it('fails readiness, saying why, below the critical level, while the store still works', async () => {
    const free = await freeMib();
    const { platform } = await start(free + 20_480, free + 10_240);
    const ready = await fetch(`${platform.addresses.http}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: Record<string, { ok: boolean; detail: string }> };
    expect(body.checks['disk']).toMatchObject({ ok: false, detail: expect.stringMatching(/below the critical .*: free space or move the data directory now/) });
    expect(body.checks['store']?.ok).toBe(true);
    live = await openLiveStream(platform.addresses.http);
    const frame = await waitFor(() => live?.frames.find((f) => f.stats.storage.disk !== undefined), 'a frame with the disk');
    expect(frame.stats.storage.disk?.level).toBe('critical');
  });
});
