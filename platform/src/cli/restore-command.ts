import { resolve } from 'node:path';
import { restoreBackup } from '@kendali/ingest';
import { cliSettings, type CliFlags } from './cli-settings';
import { showProgress } from './progress';

/** `kendali restore <dir> --data-dir <path>`: check everything, then write a new data directory whole. */
export async function restoreCommand(dir: string, flags: Pick<CliFlags, 'dataDir'>): Promise<void> {
  const { dataDir } = cliSettings(flags, process.env);
  const progress = showProgress('restore');
  let manifest;
  try {
    manifest = await restoreBackup(resolve(dir), dataDir, (done, total) => progress.update(done, total));
  } finally {
    progress.stop();
  }
  const note = manifest.store === 'influxdb' ? ' Time series live in InfluxDB: restore them there with `influxd restore`.' : '';
  process.stdout.write(`Restored the backup of ${manifest.takenAt} into ${dataDir}; start Kendali with KENDALI_DATA_DIR=${dataDir}.${note}\n`);
}
