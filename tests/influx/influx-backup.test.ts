import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type BackupManifest } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { influxdProgram, makeTempDir, runKendaliCli, startInfluxd, systemSuite, testAdminToken, testedVersions, waitFor, type Influxd } from '@kendali/test-support';
import { connectTrafficCounter, metric, startInfluxPlatform, storedCounts } from './influx-fixtures';

const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);

// In InfluxDB mode a backup holds Kendali's own state and the spool's backlog: readings InfluxDB had
// not confirmed when the copy was taken reach it after a restore, each once.
describe.skipIf(!suite.available)(suite.title('backup and restore in InfluxDB mode'), () => {
  let influxd: Influxd;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let original: Platform | undefined;
  let restored: Platform | undefined;

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.createDatabase('kendali');
    data = await makeTempDir('influx-backup');
  });
  afterAll(async () => {
    await restored?.close();
    await original?.close();
    await influxd?.close();
    await data?.remove();
  });

  it('restores the registry and the unforwarded backlog, which InfluxDB then receives once', async () => {
    ({ platform: original } = await startInfluxPlatform(join(data.path, 'original'), influxd.url, 'kendali'));
    const http = original.addresses.http;
    const client = await connectTrafficCounter(http, original.addresses.mqtt, 'tr-backup');
    const base = Date.now() - 60_000;
    const publish = (i: number) => client.publishAsync(deviceTopic('tr-backup', 'telemetry'), JSON.stringify({ ts: base + i, vehicleCount: i }), { qos: 1 });
    for (let i = 0; i < 100; i++) await publish(i);
    await waitFor(async () => ((await storedCounts(influxd.query, 'kendali', 'tr-backup')).length === 100 ? true : undefined), 'the first 100 readings in InfluxDB');
    await influxd.stop();
    for (let i = 100; i < 200; i++) await publish(i); // acknowledged into the spool only
    expect(await metric(http, 'kendali_spool_backlog_readings')).toBeGreaterThanOrEqual(100); // and any whose confirmation was under way

    const backupDir = join(data.path, 'backup');
    const backup = await runKendaliCli(['backup', backupDir, '--url', http, '--token', testAdminToken]);
    expect(backup.code, backup.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.store).toBe('influxdb');
    expect(manifest.tables.devices).toBe(1);
    expect(manifest.files.map((file) => file.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^files\/spool\/segment-\d{12}\.log$/)]));
    await client.endAsync(true);
    await original.close(); // its own backlog stays in its spool: only the restored one may deliver it
    original = undefined;

    const restoredDir = join(data.path, 'restored');
    const restore = await runKendaliCli(['restore', backupDir, '--data-dir', restoredDir]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('influxd restore');
    expect(await readdir(join(restoredDir, 'spool'))).toEqual(expect.arrayContaining([expect.stringMatching(/^segment-/)]));
    await influxd.start();
    ({ platform: restored } = await startInfluxPlatform(restoredDir, influxd.url, 'kendali'));
    expect((await (await fetch(`${restored.addresses.http}/api/devices/tr-backup`, { headers: { authorization: `Bearer ${testAdminToken}` } })).json()) as unknown).toMatchObject({ id: 'tr-backup' });
    const stored = await waitFor(async () => {
      const counts = await storedCounts(influxd.query, 'kendali', 'tr-backup');
      return counts.length === 200 ? counts : undefined;
    }, 'all 200 readings in InfluxDB');
    expect(stored.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});
