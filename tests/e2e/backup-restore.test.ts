import { readdir, readFile, writeFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type BackupManifest, type TelemetryHistory } from '@kendali/contracts';
import { apiJson, makeTempDir, registerDevice, runKendaliCli, spawnPlatform, testAdminToken, waitFor, within, type RunningPlatform } from '@kendali/test-support';

// A backup taken through the running platform while devices publish, restored into an empty data
// directory, and a platform started on it answering as the original did up to the snapshot.

const loadDevices = ['wl-load-1', 'wl-load-2', 'wl-load-3', 'wl-load-4'];
const publishEveryMs = 10; // per device: 400 readings/s in all
const base = Date.now() - 30 * 60_000; // device time of the first reading; the platform's clock is the machine's
const range = `from=${base - 3 * 3_600_000}&to=${base + 3_600_000}`;

let data: Awaited<ReturnType<typeof makeTempDir>>;
let original: RunningPlatform;
let restored: RunningPlatform | undefined;
const clients: MqttClient[] = [];
const secrets = new Map<string, string>(); // device id → MQTT secret
const ackedAt: number[] = []; // Date.now() of each PUBACK of the load
let stopLoad: (() => void) | undefined;

async function connectDevice(platform: RunningPlatform, id: string, secret: string): Promise<MqttClient> {
  secrets.set(id, secret);
  const client = await within(`the CONNACK of ${id}`, 60_000, connectAsync(platform.mqtt, { clientId: id, username: id, password: secret, reconnectPeriod: 0 }));
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  clients.push(client);
  return client;
}

/** Every reading of a water-level device in the range: ts → waterLevelCm. */
async function readingsOf(http: string, device: string): Promise<Map<number, unknown>> {
  const answer = await apiJson<TelemetryHistory>(http, `/api/telemetry?device=${device}&field=waterLevelCm&${range}`);
  return new Map(answer.points.map((point) => [point.t, point.value]));
}

async function countOf(http: string, device: string): Promise<number> {
  const answer = await apiJson<TelemetryHistory>(http, `/api/telemetry?device=${device}&field=waterLevelCm&${range}&every=1d&fn=count`);
  return answer.points.reduce((sum, point) => sum + Number(point.value ?? 0), 0);
}

async function loadCount(http: string): Promise<number> {
  let total = 0;
  for (const device of loadDevices) total += (await readingsOf(http, device)).size;
  return total;
}

/** What must read the same on the restored platform: registry, tokens, alarms with their trails. */
async function stateOf(http: string) {
  const alarms = await apiJson<{ id: string }[]>(http, '/api/alarms?state=all');
  return {
    registry: await apiJson<unknown>(http, '/api/devices/export?format=json'),
    tokens: await apiJson<unknown>(http, '/api/tokens'),
    alarms,
    trails: await Promise.all(alarms.map((alarm) => apiJson<unknown>(http, `/api/alarms/${alarm.id}`))),
    rules: await apiJson<unknown>(http, '/api/alarm-rules/versions'),
  };
}

beforeAll(async () => {
  data = await makeTempDir('backup');
  original = await spawnPlatform({ KENDALI_DATA_DIR: join(data.path, 'original') });
  const http = original.http;

  // Before the load: an archive of 20,000 readings (so the copy has some bulk), a Siaga 2 alarm
  // acknowledged by an operator, and a token of someone's.
  const archiveSecret = await registerDevice(http, 'wl-archive', { kind: 'water-level', name: 'Arsip Cisadane', district: 'Tangerang' });
  const archive = await connectDevice(original, 'wl-archive', archiveSecret);
  for (let batch = 0; batch < 20; batch++) {
    const readings = Array.from({ length: 1_000 }, (_, i) => ({ ts: base - 2 * 3_600_000 + (batch * 1_000 + i) * 100, waterLevelCm: 100 + (i % 7) }));
    await within(`the PUBACK of archive batch ${batch + 1} of 20`, 60_000, archive.publishAsync(deviceTopic('wl-archive', 'telemetry'), JSON.stringify(readings), { qos: 1 }));
  }
  const gateSecret = await registerDevice(http, 'wl-pasar-baru', { kind: 'water-level', name: 'Bendung Pasar Baru', district: 'Tangerang' });
  const gate = await connectDevice(original, 'wl-pasar-baru', gateSecret);
  await within("the PUBACK of the gate's Siaga 2 reading", 60_000, gate.publishAsync(deviceTopic('wl-pasar-baru', 'telemetry'), JSON.stringify({ ts: base, waterLevelCm: 420 }), { qos: 1 })); // Siaga 2
  const [alarm] = await waitFor(async () => {
    const open = await apiJson<{ id: string }[]>(http, '/api/alarms?device=wl-pasar-baru');
    return open.length > 0 ? open : undefined;
  }, 'the Siaga 2 alarm');
  await apiJson(http, `/api/alarms/${alarm!.id}/ack`, { method: 'POST', body: { comment: 'petugas menuju lokasi' } });
  await apiJson(http, '/api/tokens', { method: 'POST', body: { name: 'night shift', role: 'operator' } });

  // The load: each device publishes at QoS 1 every 10 ms, each reading at its own device time.
  const load = await Promise.all(loadDevices.map(async (id) => connectDevice(original, id, await registerDevice(http, id, { kind: 'water-level', name: `Sensor ${id}`, district: 'Tangerang' }))));
  let sent = 0;
  const timers = load.map((client, index) =>
    setInterval(() => {
      const n = sent++;
      const reading = { ts: base + n, waterLevelCm: 50 + (n % 97) + index / 10 };
      client.publish(deviceTopic(loadDevices[index]!, 'telemetry'), JSON.stringify(reading), { qos: 1 }, (error) => {
        if (!error) ackedAt.push(Date.now());
      });
    }, publishEveryMs),
  );
  stopLoad = () => timers.forEach((timer) => clearInterval(timer));
  await waitFor(() => (ackedAt.length >= 400 ? true : undefined), '400 PUBACKs of the load');
}, 240_000); // a platform process, 20,000 readings and an alarm: minutes on a machine busy with the browser suites

afterAll(async () => {
  stopLoad?.();
  for (const client of clients.splice(0)) await client.endAsync(true);
  await restored?.stop();
  await original?.stop();
  await data?.remove();
});

describe('backup while running, restore into an empty data directory', () => {
  let manifest: BackupManifest;
  const backupDir = () => join(data.path, 'backup');

  it('takes the backup from the CLI while ingest goes on acknowledging', async () => {
    const before = await loadCount(original.http);
    const stateBefore = await stateOf(original.http);
    const cliStarted = Date.now();
    const backup = await runKendaliCli(['backup', backupDir(), '--url', original.http, '--token', testAdminToken]);
    const cliEnded = Date.now();
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backup written to .*backup: \d+ files/);
    // Not a terminal: plain progress lines, no escape sequences.
    expect(backup.stderr).toMatch(/^backup: 100% \(/m);
    expect(backup.stderr).not.toContain('\u001b');

    manifest = JSON.parse(await readFile(join(backupDir(), 'manifest.json'), 'utf8')) as BackupManifest;
    const takenAt = Date.parse(manifest.takenAt);
    expect(takenAt).toBeGreaterThanOrEqual(cliStarted);
    // PUBACKs kept coming while the copy was taken and sent: after the snapshot and before the CLI was done.
    const during = ackedAt.filter((at) => at > takenAt && at <= cliEnded).length;
    expect(during).toBeGreaterThan(0);
    const after = await loadCount(original.http);
    const inBackup = manifest.tables.telemetry_water_level! - 20_000 - 1; // less the archive and the gate's reading
    expect(inBackup).toBeGreaterThanOrEqual(before);
    expect(inBackup).toBeLessThanOrEqual(after);
    expect(after).toBeGreaterThan(inBackup); // ingest went on after the snapshot
    expect(await stateOf(original.http)).toEqual(stateBefore); // the load changes no alarm, token or device
  });

  it('refuses a data directory that is not empty, and a backup with a changed file, writing nothing', async () => {
    const live = join(data.path, 'original');
    const tampered = join(data.path, 'tampered');
    await cp(backupDir(), tampered, { recursive: true });
    const file = join(tampered, 'database', 'devices.parquet');
    const bytes = await readFile(file);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0x01; // same size, one bit changed
    await writeFile(file, bytes);

    const [occupied, damaged, offline] = await Promise.all([
      runKendaliCli(['restore', backupDir(), '--data-dir', live]),
      runKendaliCli(['restore', tampered, '--data-dir', join(data.path, 'from-tampered')]),
      runKendaliCli(['backup', join(data.path, 'offline'), '--offline', '--data-dir', live]),
    ]);
    expect(occupied.code).toBe(1);
    expect(occupied.stderr).toContain(`KENDALI_ERR_DATA_DIR_NOT_EMPTY: ${live} is not empty`);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/KENDALI_ERR_BACKUP_DAMAGED: .*devices\.parquet has SHA-256 [0-9a-f]{64}, the manifest says/);
    // DuckDB's lock: the running platform holds the file, so only its API may take the copy.
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain('KENDALI_ERR_DATA_DIR_IN_USE');
    expect((await readdir(data.path)).sort()).toEqual(['backup', 'original', 'tampered']);
  });

  it('restores into an empty data directory, and a platform started on it answers as the original did at the snapshot', async () => {
    const restoredDir = join(data.path, 'restored');
    const restore = await runKendaliCli(['restore', backupDir(), '--data-dir', restoredDir]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`into ${restoredDir}`);
    stopLoad?.();
    const finalState = await stateOf(original.http);
    restored = await spawnPlatform({ KENDALI_DATA_DIR: restoredDir });

    expect(await stateOf(restored.http)).toEqual(finalState);
    expect(await countOf(restored.http, 'wl-archive')).toBe(20_000);
    expect(await readingsOf(restored.http, 'wl-pasar-baru')).toEqual(new Map([[base, 420]]));
    let restoredLoad = 0;
    for (const device of loadDevices) {
      const originalReadings = await readingsOf(original.http, device);
      const restoredReadings = await readingsOf(restored.http, device);
      for (const [t, value] of restoredReadings) expect(originalReadings.get(t), `${device} at ${t}`).toEqual(value);
      restoredLoad += restoredReadings.size;
    }
    expect(restoredLoad).toBe(manifest.tables.telemetry_water_level! - 20_000 - 1);

    // The restored registry holds the devices' secrets: a device connects with its old one.
    const device = await connectDevice(restored, 'wl-load-1', secrets.get('wl-load-1')!);
    await device.publishAsync(deviceTopic('wl-load-1', 'telemetry'), JSON.stringify({ ts: base - 1, waterLevelCm: 77 }), { qos: 1 });
    expect((await readingsOf(restored.http, 'wl-load-1')).get(base - 1)).toBe(77);
  });
});
