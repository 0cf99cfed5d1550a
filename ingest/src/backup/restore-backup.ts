import { cp, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { backupFormatVersion, backupManifestFile, backupManifestProblems, type BackupManifest } from '@kendali/contracts';
import { IngestError } from '../errors';
import { sha256OfFile, type ProgressListener } from './backup-files';
import { fillAtomically, refuseNonEmpty } from './atomic-directory';
import { importDatabase } from './database-export';
import { backupLayout } from './take-backup';

/** Reads and checks a backup's manifest, then every file against it (size, SHA-256); writes nothing. */
export async function verifyBackup(dir: string, onProgress?: ProgressListener): Promise<BackupManifest> {
  const manifest = await readManifest(dir);
  const totalBytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  let doneBytes = 0;
  for (const file of manifest.files) {
    const path = join(dir, file.path);
    const bytes = await stat(path).then(
      (info) => info.size,
      () => undefined,
    );
    if (bytes === undefined) throw new IngestError('KENDALI_ERR_BACKUP_DAMAGED', `${path} is missing; the backup is incomplete: restore from another copy`);
    if (bytes !== file.bytes) throw new IngestError('KENDALI_ERR_BACKUP_DAMAGED', `${path} holds ${bytes} bytes, the manifest says ${file.bytes}: the file was changed or cut short; restore from another copy`);
    const sha256 = await sha256OfFile(path, (chunk) => onProgress?.((doneBytes += chunk), totalBytes));
    if (sha256 !== file.sha256) throw new IngestError('KENDALI_ERR_BACKUP_DAMAGED', `${path} has SHA-256 ${sha256}, the manifest says ${file.sha256}: the file was changed; restore from another copy`);
  }
  return manifest;
}

async function readManifest(dir: string): Promise<BackupManifest> {
  const path = join(dir, backupManifestFile);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `is unreadable (${(error as Error).message})`;
    throw new IngestError('KENDALI_ERR_BACKUP_INVALID', `${path} ${reason}: name the folder a backup was written to`);
  }
  const version = (parsed as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== backupFormatVersion) {
    throw new IngestError('KENDALI_ERR_BACKUP_INVALID', `${path} is of backup format ${version}; this Kendali reads format ${backupFormatVersion}: restore it with the Kendali version that wrote it (${String((parsed as { kendaliVersion?: unknown }).kendaliVersion)})`);
  }
  const problems = backupManifestProblems(parsed);
  if (problems.length > 0) throw new IngestError('KENDALI_ERR_BACKUP_INVALID', `${path} is not a Kendali backup manifest (${problems.join('; ')})`);
  const manifest = parsed as BackupManifest;
  if (manifest.files.some((file) => file.path.split('/').includes('..') || file.path.startsWith('/'))) {
    throw new IngestError('KENDALI_ERR_BACKUP_INVALID', `${path} names a file outside the backup folder; it was not written by Kendali`);
  }
  return manifest;
}

/**
 * Restores a backup into `dataDir`, which must be absent or empty: checks every file first (nothing
 * is written before), then rebuilds the database and copies the files beside it into a new folder, renamed to `dataDir` only
 * when complete. `onProgress` hears checking and writing as one count of bytes.
 */
export async function restoreBackup(dir: string, dataDir: string, onProgress?: ProgressListener): Promise<BackupManifest> {
  const fix = { code: 'KENDALI_ERR_DATA_DIR_NOT_EMPTY', fix: 'restore into a new or empty data directory (--data-dir), or move this one away first' } as const;
  await refuseNonEmpty(dataDir, fix);
  const manifest = await verifyBackup(dir, (done, total) => onProgress?.(done, 2 * total));
  return fillAtomically(dataDir, fix, async (work) => {
    const totalBytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
    const databaseBytes = manifest.files.filter((file) => file.path.startsWith(`${backupLayout.database}/`)).reduce((sum, file) => sum + file.bytes, 0);
    const instance = await DuckDBInstance.create(join(work, 'kendali.duckdb'));
    try {
      const counts = await importDatabase(instance, join(dir, backupLayout.database));
      for (const [table, rows] of Object.entries(manifest.tables)) {
        if (counts[table] !== rows) throw new IngestError('KENDALI_ERR_BACKUP_DAMAGED', `table ${table} restored with ${counts[table] ?? 0} rows, the manifest says ${rows}; restore from another copy`);
      }
    } finally {
      instance.closeSync();
    }
    onProgress?.(totalBytes + databaseBytes, 2 * totalBytes);
    await cp(join(dir, backupLayout.files), work, { recursive: true, errorOnExist: true, force: false }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    onProgress?.(2 * totalBytes, 2 * totalBytes);
    return manifest;
  });
}
