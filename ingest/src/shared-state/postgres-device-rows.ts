import type { Device } from '@kendali/contracts';
import { rowToDevice, type DeviceRows, type StoredDevice } from '../registry/device-rows';
import type { SharedDatabase } from './shared-database';

const columns = 'id, kind, name, district, lat, lon, enabled, install_date, metadata, created_at, secret_hash, credential_set_at';
const updateAll = `kind = excluded.kind, name = excluded.name, district = excluded.district, lat = excluded.lat, lon = excluded.lon,
  enabled = excluded.enabled, install_date = excluded.install_date, metadata = excluded.metadata,
  secret_hash = excluded.secret_hash, credential_set_at = excluded.credential_set_at`;

const record = (device: Device, secretHash: string | null) => ({
  id: device.id,
  kind: device.kind,
  name: device.name,
  district: device.district,
  lat: device.lat,
  lon: device.lon,
  enabled: device.enabled,
  install_date: device.installDate,
  metadata: JSON.stringify(device.metadata),
  created_at: device.createdAt,
  secret_hash: secretHash,
  credential_set_at: device.credentialSetAt,
});
const values = ({ device, secretHash }: StoredDevice) => Object.values(record(device, secretHash));
const placeholders = '$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12';

/** Registered devices in the shared PostgreSQL database. */
export class PostgresDeviceRows implements DeviceRows {
  constructor(private readonly database: SharedDatabase) {}

  async all(): Promise<StoredDevice[]> {
    const { rows } = await this.database.pool.query(`SELECT ${columns} FROM devices`);
    return rows.map(rowToDevice).filter((device) => device !== undefined);
  }

  async one(id: string): Promise<StoredDevice | undefined> {
    const { rows } = await this.database.pool.query(`SELECT ${columns} FROM devices WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : rowToDevice(rows[0] as Record<string, unknown>);
  }

  async insert(stored: StoredDevice): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(`INSERT INTO devices (${columns}) VALUES (${placeholders}) ON CONFLICT (id) DO NOTHING`, values(stored));
    return rowCount === 1;
  }

  async update(stored: StoredDevice): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      `UPDATE devices SET kind = $2, name = $3, district = $4, lat = $5, lon = $6, enabled = $7, install_date = $8, metadata = $9,
       secret_hash = $10, credential_set_at = $11 WHERE id = $1`,
      values(stored).filter((_, column) => column !== 9), // created_at is set once, at registration
    );
    return rowCount === 1;
  }

  /** One statement for the whole list, as one JSON parameter: a fleet of thousands costs one round trip. */
  async saveMany(rows: readonly StoredDevice[]): Promise<void> {
    if (rows.length === 0) return;
    await this.database.pool.query(
      `INSERT INTO devices (${columns}) SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS incoming(
         id TEXT, kind TEXT, name TEXT, district TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, enabled BOOLEAN,
         install_date TEXT, metadata TEXT, created_at TEXT, secret_hash TEXT, credential_set_at TEXT)
       ON CONFLICT (id) DO UPDATE SET ${updateAll}`,
      [JSON.stringify(rows.map(({ device, secretHash }) => record(device, secretHash)))],
    );
  }

  async remove(id: string): Promise<void> {
    await this.database.pool.query('DELETE FROM devices WHERE id = $1', [id]);
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
