import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { SerialWrites } from '../serial-writes';
import { settingsColumns as columns, rowToSettingsRecord, type SettingsRecord, type SettingsStore } from './settings-store';

const ddl = `CREATE TABLE IF NOT EXISTS device_settings (
  device_id VARCHAR PRIMARY KEY, desired VARCHAR NOT NULL, version INTEGER NOT NULL, desired_at BIGINT, desired_by VARCHAR,
  reported VARCHAR, reported_version INTEGER, reported_at BIGINT, different_since BIGINT)`;

const rowsPerInsert = 500; // rows bound in one INSERT: few round trips, statements of modest size

const bound = (record: SettingsRecord) => ({
  ...record,
  desired: JSON.stringify(record.desired),
  reported: record.reported === null ? null : JSON.stringify(record.reported),
});

/** Records waiting for one commit, the newest per device, and who waits for it. */
interface Batch {
  readonly records: Map<string, SettingsRecord>;
  readonly committed: Promise<void>;
}

/**
 * Devices' settings (desired and reported) in the embedded database, one row per device. Writes go
 * one after another on their own connection, as the commands' do; records saved while a commit
 * runs wait for the next one together, so a fleet reporting its settings as it connects costs a
 * few commits (each ~1 ms of fsync), not one per device.
 */
export class DuckDbSettingsStore implements SettingsStore {
  readonly #writes = new SerialWrites();
  #batch: Batch | null = null;

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbSettingsStore> {
    const connection = await instance.connect();
    await connection.run(ddl);
    return new DuckDbSettingsStore(connection);
  }

  async all(): Promise<SettingsRecord[]> {
    await this.#writes.settled();
    const reader = await this.connection.runAndReadAll(`SELECT ${columns} FROM device_settings ORDER BY device_id`);
    return reader.getRowObjectsJS().map(rowToSettingsRecord);
  }

  async get(deviceId: string): Promise<SettingsRecord | undefined> {
    await this.#writes.settled();
    const rows = (await this.connection.runAndReadAll(`SELECT ${columns} FROM device_settings WHERE device_id = $deviceId`, { deviceId })).getRowObjectsJS();
    return rows[0] ? rowToSettingsRecord(rows[0]) : undefined;
  }

  /** This node is the file's only writer, so the record it holds is the stored one: no read needed. */
  async change(deviceId: string, held: SettingsRecord | undefined, next: (previous: SettingsRecord | undefined) => SettingsRecord): Promise<SettingsRecord> {
    const record = next(held);
    await this.#save(record);
    return record;
  }

  /** Resolves once the record is committed, with the others saved meanwhile. */
  #save(record: SettingsRecord): Promise<void> {
    if (this.#batch === null) {
      const records = new Map<string, SettingsRecord>();
      const batch: Batch = {
        records,
        committed: this.#writes.run(async () => {
          if (this.#batch === batch) this.#batch = null; // later saves wait for the next commit
          await this.#insert([...records.values()]);
        }),
      };
      this.#batch = batch;
    }
    this.#batch.records.set(record.deviceId, record);
    return this.#batch.committed;
  }

  async #insert(records: readonly SettingsRecord[]): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      for (let first = 0; first < records.length; first += rowsPerInsert) {
        const chunk = records.slice(first, first + rowsPerInsert);
        const params: Record<string, string | number | null> = {};
        const rows = chunk.map((record, row) => {
          for (const [name, value] of Object.entries(bound(record))) params[`${name}${row}`] = value;
          return `($deviceId${row}, $desired${row}, $version${row}, $desiredAt${row}, $desiredBy${row}, $reported${row}, $reportedVersion${row}, $reportedAt${row}, $differentSince${row})`;
        });
        await this.connection.run(`INSERT OR REPLACE INTO device_settings (${columns}) VALUES ${rows.join(', ')}`, params);
      }
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
  }

  remove(deviceId: string): Promise<void> {
    this.#batch = null; // a record saved after this removal is written after it
    return this.#writes.run(async () => {
      await this.connection.run('DELETE FROM device_settings WHERE device_id = $deviceId', { deviceId });
    });
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
