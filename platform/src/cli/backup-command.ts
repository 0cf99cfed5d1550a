import { resolve } from 'node:path';
import { systemClock, type BackupManifest } from '@kendali/contracts';
import { backupDataDir } from '@kendali/ingest';
import { kendaliVersion } from '../version';
import { CliError } from './cli-error';
import { cliSettings, type CliFlags } from './cli-settings';
import { backupOnline, ServerUnreachable } from './online-backup';
import { showProgress } from './progress';

/** `kendali backup <dir>`: through the running platform, else (or with --offline) from the data directory. */
export async function backupCommand(dir: string, flags: CliFlags & { readonly offline?: boolean }): Promise<void> {
  const settings = cliSettings(flags, process.env);
  const target = resolve(dir);
  let manifest: BackupManifest | undefined;
  if (!flags.offline) {
    if (settings.token === null && settings.urlGiven) {
      throw new CliError(`no admin token to ask ${settings.url} with: pass --token or set KENDALI_ADMIN_TOKEN`);
    }
    const progress = showProgress('backup');
    try {
      // Without a token only a stopped platform's data directory can be copied: that is tried below.
      if (settings.token === null) throw new ServerUnreachable(`no admin token (--token, KENDALI_ADMIN_TOKEN) to ask ${settings.url} with`);
      manifest = await backupOnline(settings.url, settings.token, target, progress, settings.pinnedCertFile);
    } catch (error) {
      if (!(error instanceof ServerUnreachable)) throw error;
      if (settings.urlGiven) throw new CliError(`${error.message}: check --url, or back up a stopped platform with --offline --data-dir <path>`);
      process.stderr.write(`kendali: ${error.message}; copying the data directory ${settings.dataDir} instead\n`);
    } finally {
      progress.stop();
    }
  }
  if (manifest === undefined) {
    const progress = showProgress('backup (offline)');
    try {
      manifest = await backupDataDir(settings.dataDir, target, { clock: systemClock, kendaliVersion, onProgress: (done, total) => progress.update(done, total) });
    } finally {
      progress.stop();
    }
  }
  process.stdout.write(describe(target, manifest));
}

function describe(target: string, manifest: BackupManifest): string {
  const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0);
  return `Backup written to ${target}: ${manifest.files.length} files, ${(bytes / 1024 ** 2).toFixed(1)} MiB, ${rows} rows in ${Object.keys(manifest.tables).length} tables, as of ${manifest.takenAt} (${manifest.store} store).\n`;
}
