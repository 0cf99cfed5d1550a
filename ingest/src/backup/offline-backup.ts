import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BackupManifest } from '@kendali/contracts';
import { IngestError } from '../errors';
import { fillAtomically } from './atomic-directory';
import { takeBackup, type BackupOptions } from './take-backup';

/**
 * A backup of a data directory no platform runs on: the database is opened read-only here (DuckDB
 * refuses while a running platform holds its lock, which is then the error to report), and the
 * copy lands in `targetDir` whole or not at all.
 */
export async function backupDataDir(dataDir: string, targetDir: string, options: BackupOptions): Promise<BackupManifest> {
  const file = join(dataDir, 'kendali.duckdb');
  if (!existsSync(file)) throw new IngestError('KENDALI_ERR_DATA_DIR_EMPTY', `${dataDir} has no kendali.duckdb: name the data directory of a Kendali that has run (--data-dir or KENDALI_DATA_DIR)`);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/lock/i.test(message)) throw error;
    throw new IngestError('KENDALI_ERR_DATA_DIR_IN_USE', `${file} is held by a running Kendali: back up through its API (leave out --offline, give --url if it is not on this machine's KENDALI_HTTP_PORT), or stop it first`);
  }
  try {
    const fix = { code: 'KENDALI_ERR_BACKUP_TARGET_NOT_EMPTY', fix: 'name a new or empty folder for the backup' } as const;
    return await fillAtomically(targetDir, fix, (work) => takeBackup({ instance, dataDir }, work, options));
  } finally {
    instance.closeSync();
  }
}
