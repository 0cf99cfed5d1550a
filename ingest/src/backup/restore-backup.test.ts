import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type BackupManifest } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';
import { backupDataDir } from './offline-backup';
import { restoreBackup, verifyBackup } from './restore-backup';

let work: string;
const cores: Core[] = [];
const t0 = Date.parse('2026-03-10T03:00:00Z'); // 10:00 WIB
const clock = manualClock(t0);
const open = async (dataDir: string) => {
  const core = await openCore({ ...defaultIngestOptions, dataDir, clock });
  cores.push(core);
  return core;
};
const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'kendali-backup-'));
});

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  await rm(work, { recursive: true, force: true });
});

/** A core with a device, ten readings and an API token, and a backup of it taken while it runs. */
async function backupOfRunningCore(): Promise<{ backupDir: string; manifest: BackupManifest }> {
  const core = await open(join(work, 'data'));
  await core.registry.upsert('wl-1', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
  await core.tokens.create('night shift', 'operator');
  const readings = Array.from({ length: 10 }, (_, i) => ({ ts: t0 - (10 - i) * 60_000, waterLevelCm: 200 + i }));
  expect(await core.pipeline.acceptTelemetry('wl-1', payload(readings))).toMatchObject({ stored: 10, rejections: [] });
  const snapshot = await core.backups.snapshot('9.9.9');
  const backupDir = join(work, 'backup');
  await cp(snapshot.dir, backupDir, { recursive: true });
  await snapshot.dispose();
  expect(await readdir(join(work, 'data'))).not.toContain(snapshot.dir.split('/').at(-1));
  return { backupDir, manifest: snapshot.manifest };
}

describe('backup and restore of the whole state', () => {
  it('restores registry, tokens and readings into an empty data directory, as of the snapshot', async () => {
    const { backupDir, manifest } = await backupOfRunningCore();
    expect(manifest).toMatchObject({ format: 'kendali-backup', formatVersion: 1, kendaliVersion: '9.9.9', takenAt: new Date(t0).toISOString(), store: 'embedded' });
    expect(manifest.tables).toMatchObject({ devices: 1, api_tokens: 1, telemetry_water_level: 10 });

    const restoredDir = join(work, 'restored');
    await restoreBackup(backupDir, restoredDir);
    const restored = await open(restoredDir);
    expect(restored.registry.get('wl-1')).toMatchObject({ name: 'Pintu Air 10', district: 'Tangerang' });
    expect(restored.tokens.list().map((token) => token.name)).toEqual(['night shift']);
    const history = await restored.telemetry.history({ deviceId: 'wl-1', kind: 'water-level', field: 'waterLevelCm', fromMs: t0 - 3_600_000, toMs: t0, fn: 'mean', limit: 100 });
    expect(history.map((point) => point.value)).toEqual([200, 201, 202, 203, 204, 205, 206, 207, 208, 209]);
  });

  it('refuses a data directory that is not empty, and leaves it as it was', async () => {
    const { backupDir } = await backupOfRunningCore();
    const occupied = join(work, 'occupied');
    await cp(join(work, 'data'), occupied, { recursive: true }); // as if restoring over the live directory
    const before = await readdir(occupied);
    expect(before).toContain('kendali.duckdb');
    await expect(restoreBackup(backupDir, occupied)).rejects.toMatchObject({ code: 'KENDALI_ERR_DATA_DIR_NOT_EMPTY', message: expect.stringContaining(occupied) });
    expect(await readdir(occupied)).toEqual(before);
  });

  it('refuses a file changed after the backup (same size, other bytes) before writing anything', async () => {
    const { backupDir } = await backupOfRunningCore();
    const file = join(backupDir, 'database', 'devices.parquet');
    const bytes = await readFile(file);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    await writeFile(file, bytes);
    await expect(restoreBackup(backupDir, join(work, 'restored'))).rejects.toMatchObject({ code: 'KENDALI_ERR_BACKUP_DAMAGED', message: expect.stringContaining('SHA-256') });
    expect(await readdir(work)).toEqual(['backup', 'data']);
  });

  it('refuses a folder without a manifest, and a manifest of another format version', async () => {
    const { backupDir } = await backupOfRunningCore();
    await expect(verifyBackup(join(work, 'data'))).rejects.toMatchObject({ code: 'KENDALI_ERR_BACKUP_INVALID' });
    const manifestPath = join(backupDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as BackupManifest;
    await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 2 }));
    await expect(verifyBackup(backupDir)).rejects.toMatchObject({ code: 'KENDALI_ERR_BACKUP_INVALID', message: expect.stringContaining('format 2') });
  });

  // Another process holding the file (KENDALI_ERR_DATA_DIR_IN_USE) is tests/e2e/backup-restore.test.ts's:
  // DuckDB's lock is between processes.
  it('copies a stopped data directory offline, whole or not at all', async () => {
    const dataDir = join(work, 'data');
    const core = await open(dataDir);
    await core.registry.upsert('wl-1', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
    const options = { clock, kendaliVersion: '9.9.9' };
    await cores.pop()?.close();
    await expect(backupDataDir(join(work, 'nothing-here'), join(work, 'offline'), options)).rejects.toMatchObject({ code: 'KENDALI_ERR_DATA_DIR_EMPTY' });
    expect(await readdir(work)).toEqual(['data']);
    const manifest = await backupDataDir(dataDir, join(work, 'offline'), options);
    expect(manifest.tables.devices).toBe(1);
    await expect(verifyBackup(join(work, 'offline'))).resolves.toEqual(manifest);
    await expect(backupDataDir(dataDir, join(work, 'offline'), options)).rejects.toMatchObject({ code: 'KENDALI_ERR_BACKUP_TARGET_NOT_EMPTY' });
  });
});
