import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { SerialWrites } from '../serial-writes';
import {
  appendStagedDevice,
  deviceParams,
  devicesDdl,
  insertDevice,
  rowToDevice,
  selectDevices,
  stagingDdl,
  stagingTable,
  updateDevice,
  upsertStagedDevices,
  type DeviceRows,
  type StoredDevice,
} from './device-rows';

const stored = (rows: Record<string, unknown>[]) => rows.map(rowToDevice).filter((device) => device !== undefined);

/** Registered devices in the embedded database file, written one after another on one connection (a transaction must not interleave). */
export class DuckDbDeviceRows implements DeviceRows {
  readonly #writes = new SerialWrites();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbDeviceRows> {
    const connection = await instance.connect();
    for (const statement of devicesDdl) await connection.run(statement);
    return new DuckDbDeviceRows(connection);
  }

  async all(): Promise<StoredDevice[]> {
    return stored((await this.connection.runAndReadAll(selectDevices)).getRowObjectsJS());
  }

  async one(id: string): Promise<StoredDevice | undefined> {
    await this.#writes.settled();
    return stored((await this.connection.runAndReadAll(`${selectDevices} WHERE id = $id`, { id })).getRowObjectsJS())[0];
  }

  async insert({ device, secretHash }: StoredDevice): Promise<boolean> {
    const result = await this.#writes.run(() => this.connection.run(insertDevice, deviceParams(device, secretHash)));
    return result.rowsChanged === 1;
  }

  async update({ device, secretHash }: StoredDevice): Promise<boolean> {
    const { createdAt: _createdAt, ...params } = deviceParams(device, secretHash); // set once, at registration
    const result = await this.#writes.run(() => this.connection.run(updateDevice, params));
    return result.rowsChanged === 1;
  }

  async saveMany(rows: readonly StoredDevice[]): Promise<void> {
    await this.#writes.run(async () => {
      await this.connection.run(stagingDdl);
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const appender = await this.connection.createAppender(stagingTable.table, stagingTable.schema, stagingTable.catalog);
        try {
          for (const row of rows) appendStagedDevice(appender, row.device, row.secretHash);
        } finally {
          appender.closeSync();
        }
        await this.connection.run(upsertStagedDevices);
        await this.connection.run('COMMIT');
      } catch (error) {
        await this.connection.run('ROLLBACK');
        throw error;
      } finally {
        await this.connection.run('DROP TABLE IF EXISTS temp.main.devices_incoming');
      }
    });
  }

  async remove(id: string): Promise<void> {
    await this.#writes.run(() => this.connection.run('DELETE FROM devices WHERE id = $id', { id }));
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
