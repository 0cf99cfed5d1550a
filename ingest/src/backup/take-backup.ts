import { copyFile, mkdir, open, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { backupFormatVersion, backupManifestFile, type BackupManifest, type Clock } from '@kendali/contracts';
import { describeFiles, type ProgressListener } from './backup-files';
import { exportDatabase } from './database-export';
import { copySpool } from './spool-copy';

/** Files beside the database that a restored platform needs: first-run tokens, the simulators' key. */
const dataDirFiles = ['initial-tokens.json', 'simulator.key'] as const;

/** Where each part goes inside a backup directory. */
export const backupLayout = { database: 'database', files: 'files', spool: 'files/spool' } as const;

/** What a backup is taken from. */
export interface BackupSource {
  readonly instance: DuckDBInstance;
  readonly dataDir: string;
  /** InfluxDB mode: copies the spool's unforwarded records (the store's own copy, while it runs). */
  readonly copySpool?: (targetDir: string) => Promise<void>;
}

export interface BackupOptions {
  readonly clock: Clock;
  readonly kendaliVersion: string;
  /** Hears the bytes hashed for the manifest. */
  readonly onProgress?: ProgressListener;
}

/**
 * Takes a consistent copy into the empty folder `targetDir`: the database as of one transaction
 * (the time series in embedded mode, the registry, alarms, tokens, pending devices, and any table
 * added later), the files beside it, and in InfluxDB mode the spool's backlog; then the manifest,
 * written last, so a folder without one is no backup.
 */
export async function takeBackup(source: BackupSource, targetDir: string, options: BackupOptions): Promise<BackupManifest> {
  await mkdir(targetDir, { recursive: true });
  const takenAt = new Date(options.clock.now()).toISOString();
  const tables = await exportDatabase(source.instance, join(targetDir, backupLayout.database));
  // After the database: whatever was acknowledged before its snapshot is now either in InfluxDB or in this copy.
  if (source.copySpool) await source.copySpool(join(targetDir, backupLayout.spool));
  else if (await isDirectory(join(source.dataDir, 'spool'))) await copyStoppedSpool(join(source.dataDir, 'spool'), join(targetDir, backupLayout.spool));
  await mkdir(join(targetDir, backupLayout.files), { recursive: true });
  for (const name of dataDirFiles) {
    await copyFile(join(source.dataDir, name), join(targetDir, backupLayout.files, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  const files = await describeFiles(targetDir, new Set([backupManifestFile]), options.onProgress);
  const manifest: BackupManifest = {
    format: 'kendali-backup',
    formatVersion: backupFormatVersion,
    kendaliVersion: options.kendaliVersion,
    takenAt,
    store: source.copySpool || (await isDirectory(join(targetDir, backupLayout.spool))) ? 'influxdb' : 'embedded',
    files,
    tables,
  };
  await writeDurably(join(targetDir, backupManifestFile), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** A spool no process writes to (an offline backup): its segments as they are on disk. */
async function copyStoppedSpool(spoolDir: string, targetDir: string): Promise<void> {
  const extents = [];
  for (const name of await readdir(spoolDir)) {
    const segment = /^segment-(\d{12})\.log$/.exec(name)?.[1];
    if (segment !== undefined) extents.push({ segment: Number(segment), end: (await stat(join(spoolDir, name))).size });
  }
  await copySpool(extents.sort((a, b) => a.segment - b.segment), spoolDir, targetDir);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

async function writeDurably(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
