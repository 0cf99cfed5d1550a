import { rowToSettingsRecord, settingsColumns, type SettingsRecord, type SettingsStore } from '../settings/settings-store';
import type { SharedDatabase } from './shared-database';

// pg_advisory_xact_lock's first key: "sett" in ASCII; the second, the device id's hash. A device's
// record is changed by one transaction at a time, including the first, when no row exists to lock.
const changeLock = 0x73657474;

const settingsValues = (record: SettingsRecord) => [
  record.deviceId,
  JSON.stringify(record.desired),
  record.version,
  record.desiredAt,
  record.desiredBy,
  record.reported === null ? null : JSON.stringify(record.reported),
  record.reportedVersion,
  record.reportedAt,
  record.differentSince,
];

const updates = settingsColumns
  .split(', ')
  .filter((column) => column !== 'device_id')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ');

/** Devices' settings in the shared PostgreSQL database. */
export class PostgresSettingsStore implements SettingsStore {
  constructor(private readonly database: SharedDatabase) {}

  async all(): Promise<SettingsRecord[]> {
    return (await this.database.pool.query(`SELECT ${settingsColumns} FROM device_settings ORDER BY device_id`)).rows.map(rowToSettingsRecord);
  }

  async get(deviceId: string): Promise<SettingsRecord | undefined> {
    const row = (await this.database.pool.query(`SELECT ${settingsColumns} FROM device_settings WHERE device_id = $1`, [deviceId])).rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToSettingsRecord(row);
  }

  async change(deviceId: string, _held: SettingsRecord | undefined, next: (previous: SettingsRecord | undefined) => SettingsRecord): Promise<SettingsRecord> {
    return this.database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [changeLock, deviceId]);
      const row = (await client.query(`SELECT ${settingsColumns} FROM device_settings WHERE device_id = $1`, [deviceId])).rows[0] as Record<string, unknown> | undefined;
      const record = next(row === undefined ? undefined : rowToSettingsRecord(row));
      await client.query(`INSERT INTO device_settings (${settingsColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (device_id) DO UPDATE SET ${updates}`, settingsValues(record));
      return record;
    });
  }

  async remove(deviceId: string): Promise<void> {
    await this.database.pool.query('DELETE FROM device_settings WHERE device_id = $1', [deviceId]);
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
