import { Command, Option } from 'commander';
import { IngestError } from '@kendali/ingest';
import { backupCommand } from './backup-command';
import { CliError } from './cli-error';
import { restoreCommand } from './restore-command';

/** `pnpm kendali …`: administration of a Kendali installation from the command line. */
const program = new Command('kendali')
  .description('Administer a Kendali installation: back up and restore its whole state.')
  .showHelpAfterError('(run with --help for the options)')
  .addHelpText(
    'after',
    `
Examples:
  pnpm kendali backup /backups/kendali-2026-12-05              back up the platform running here
  pnpm kendali backup ./copy --offline --data-dir ./data       copy a stopped platform's data directory
  pnpm kendali restore /backups/kendali-2026-12-05 --data-dir /srv/kendali/data`,
  );

program
  .command('backup')
  .description(
    'Copy the whole state (registry, alarms, tokens, telemetry in embedded mode, the InfluxDB spool) into <dir>. ' +
      'Asks the running platform (POST /api/admin/backup), so ingest goes on; with --offline, or when no platform answers and --url was not given, copies a stopped data directory.',
  )
  .argument('<dir>', 'a new or empty folder to write the backup into')
  .option('--url <url>', 'base URL of the running platform (default: http://KENDALI_HOST:KENDALI_HTTP_PORT, i.e. http://127.0.0.1:8080; https:// with KENDALI_HTTP_TLS_CERT, trusting that certificate)')
  .option('--token <token>', 'an admin API token (default: KENDALI_ADMIN_TOKEN, else the first-run admin token in the data directory)')
  .option('--data-dir <path>', 'data directory of a stopped platform, for --offline (default: KENDALI_DATA_DIR, else ./data)')
  .addOption(new Option('--offline', 'copy the data directory directly; the platform must be stopped').conflicts('url'))
  .action(backupCommand);

program
  .command('restore')
  .description('Restore a backup into an empty data directory, checking every file against the manifest (size, SHA-256) before writing anything.')
  .argument('<dir>', 'the folder a backup was written to')
  .option('--data-dir <path>', 'the new, empty data directory (default: KENDALI_DATA_DIR, else ./data)')
  .action(restoreCommand);

program.parseAsync(process.argv).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof IngestError) process.stderr.write(`kendali: ${error.code}: ${error.message}\n`);
    else if (error instanceof CliError) process.stderr.write(`kendali: ${error.message}\n`);
    else process.stderr.write(`kendali: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
