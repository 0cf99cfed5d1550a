import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import { registerDevice, spawnPlatform, type RunningPlatform, checkPubackOrder, parseTrace, systemSuite, testedVersions, makeTempDir } from '@kendali/test-support';

// SIGKILL keeps the page cache, so the crash tests cannot tell a missing fsync from a present one;
// the order of system calls can. Debian's strace records it.
const strace = systemSuite('/usr/bin/strace', 'apt-get install strace', testedVersions.strace);
const traced = 'trace=read,write,writev,pwrite64,pwritev,sendmsg,fsync,fdatasync';

/**
 * Publishes QoS 1 readings, several in flight at once so commits group them, under strace. Each run
 * has its own platform and folder, so the two stores are traced side by side; `cleanup` is handed
 * what must be stopped and removed once the test is over, passed or failed.
 */
async function traceQos1Publishes(env: Record<string, string>, cleanup: (step: () => Promise<void>) => void) {
  const data = await makeTempDir('puback-order');
  let platform: RunningPlatform | undefined;
  cleanup(async () => {
    await platform?.stop();
    await data.remove();
  });
  const tracePath = join(data.path, 'strace.log');
  platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path, ...env }, { timeoutMs: 120_000, wrapper: ['strace', '-f', '--seccomp-bpf', '-yy', '-x', '-s', '65536', '-e', traced, '-o', tracePath] });
  const secret = await registerDevice(platform.http, 'wl-traced', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
  const client = await connectAsync(platform.mqtt, { clientId: 'wl-traced', username: 'wl-traced', password: secret, reconnectPeriod: 0 });
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  const clientPort = (client.stream as { localPort?: number }).localPort!;
  const baseTs = Date.now() - 60_000;
  const topic = deviceTopic('wl-traced', 'telemetry');
  for (let round = 0; round < 10; round++) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.publishAsync(topic, JSON.stringify({ ts: baseTs + round * 10 + i, waterLevelCm: 200 + i }), { qos: 1 })),
    );
  }
  await client.endAsync();
  const code = await platform.stop();
  platform = undefined;
  return { calls: parseTrace(await readFile(tracePath, 'utf8')), clientPort, code };
}

describe.skipIf(!strace.available)(strace.title('a PUBACK leaves only after its reading is fsynced'), () => {
  // Side by side: each waits mostly on its own traced process starting and stopping.
  it.concurrent('embedded store: every PUBACK follows a write and an fsync of the DuckDB write-ahead log', async ({ expect, onTestFinished }) => {
    const { calls, clientPort, code } = await traceQos1Publishes({}, onTestFinished);
    expect(code).toBe(0);
    const order = checkPubackOrder(calls, { clientPort, durableFile: /kendali\.duckdb\.wal$/ });
    expect(order.published).toBe(100);
    expect(order.acknowledged).toBe(100);
    expect(order.violations).toEqual([]);
    // Group commit: fewer syncs than readings, and at least one.
    expect(order.syncs).toBeGreaterThan(0);
  });

  it.concurrent('InfluxDB store: every PUBACK follows a write and an fdatasync of a spool segment, with InfluxDB unreachable', async ({ expect, onTestFinished }) => {
    // Port 9 (discard) refuses connections here: readings can only be durable in the spool.
    const { calls, clientPort, code } = await traceQos1Publishes({ KENDALI_INFLUX_URL: 'http://127.0.0.1:9' }, onTestFinished);
    expect(code).toBe(0);
    const order = checkPubackOrder(calls, { clientPort, durableFile: /\/spool\/segment-\d+\.log$/ });
    expect(order.published).toBe(100);
    expect(order.acknowledged).toBe(100);
    expect(order.violations).toEqual([]);
    expect(order.syncs).toBeGreaterThan(0);
  });
});

describe('the syscall-order check itself', () => {
  // A hand-written trace in strace's own format: the check must catch a PUBACK sent before the sync.
  const publish = (id: number) =>
    '\\x32\\x09\\x00\\x03a/b' + `\\x00\\x${id.toString(16).padStart(2, '0')}` + '{}';
  const puback = (id: number) => `[{iov_base="@", iov_len=1}, {iov_base="\\x02", iov_len=1}, {iov_base="\\x00\\x${id.toString(16).padStart(2, '0')}", iov_len=2}]`;
  const socket = 'TCP:[127.0.0.1:1883->127.0.0.1:40000]';
  const wal = '/data/kendali.duckdb.wal';
  const lines = (id: number, order: 'durable' | 'early') => {
    const read = `100  read(20<${socket}>, "${publish(id)}", 65536) = 11`;
    const write = `101  write(9<${wal}>, "row", 3) = 3`;
    const syncStart = `101  fsync(9<${wal}> <unfinished ...>`;
    const syncEnd = '101  <... fsync resumed>) = 0';
    const ack = `100  writev(20<${socket}>, ${puback(id)}, 3) = 4`;
    return order === 'durable' ? [read, write, syncStart, syncEnd, ack] : [read, write, syncStart, ack, syncEnd];
  };

  it('passes a PUBACK written after the sync ended', () => {
    const order = checkPubackOrder(parseTrace(lines(1, 'durable').join('\n')), { clientPort: 40000, durableFile: /\.wal$/ });
    expect(order).toEqual({ published: 1, acknowledged: 1, syncs: 1, violations: [] });
  });

  it('flags a PUBACK written while the sync was still running', () => {
    const order = checkPubackOrder(parseTrace(lines(2, 'early').join('\n')), { clientPort: 40000, durableFile: /\.wal$/ });
    expect(order.violations).toEqual(['PUBACK 2 at line 4 left before its reading (PUBLISH at line 1) was written and synced']);
  });

  it('flags a PUBACK when the sync covered only an earlier reading', () => {
    const trace = [...lines(3, 'durable').slice(1, 4), lines(3, 'durable')[0]!, lines(3, 'durable')[4]!].join('\n');
    const order = checkPubackOrder(parseTrace(trace), { clientPort: 40000, durableFile: /\.wal$/ });
    expect(order.violations).toHaveLength(1);
  });
});
