import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { List, Message, StringEnum } from './schema-builders';

/** The backup layout this Kendali writes and reads; a restore refuses any other. */
export const backupFormatVersion = 1;

/** Name of the manifest inside a backup directory (and the first entry of the API's tar stream). */
export const backupManifestFile = 'manifest.json';

/** One file of a backup, relative to the backup directory, with what it must read as. */
export const BackupFileSchema = Message({
  path: Type.String({ description: 'Relative to the backup directory, `/`-separated, e.g. `database/telemetry_traffic.parquet`' }),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the content, lowercase hex' }),
});
export type BackupFile = Static<typeof BackupFileSchema>;

/**
 * `manifest.json` of a backup: enough to check every byte before a restore writes anything, and to
 * say what the copy holds (the rows of each table as of `takenAt`).
 */
export const BackupManifestSchema = Message({
  format: Type.Literal('kendali-backup'),
  formatVersion: Type.Integer({ minimum: 1, description: 'Layout of the backup; this Kendali reads version 1' }),
  kendaliVersion: Type.String(),
  takenAt: Type.String({ description: 'ISO 8601 (UTC): the database snapshot is as of this moment' }),
  store: StringEnum(['embedded', 'influxdb'], { description: '`influxdb`: time series are in InfluxDB, not in this copy; `spool/` holds what was not forwarded yet' }),
  files: List(BackupFileSchema),
  tables: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'Rows of each database table in the snapshot' }),
});
export type BackupManifest = Static<typeof BackupManifestSchema>;

/** Why `value` is not a backup manifest (its first few problems, each with its path); none when it is one. */
export function backupManifestProblems(value: unknown): string[] {
  if (Value.Check(BackupManifestSchema, value)) return [];
  return Value.Errors(BackupManifestSchema, value)
    .slice(0, 3)
    .map((error) => `${error.instancePath || '/'} ${error.message}`);
}
