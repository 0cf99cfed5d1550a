import type { DuckDBAppender } from '@duckdb/node-api';
import type { Device, DeviceMetadataValue } from '@kendali/contracts';

/** Where registered devices are kept: the embedded database, or PostgreSQL shared by several nodes. */
export interface DeviceRows {
  all(): Promise<StoredDevice[]>;
  one(id: string): Promise<StoredDevice | undefined>;
  /** Adds a device; false when one with its id is already there (another node may have got there first). */
  insert(stored: StoredDevice): Promise<boolean>;
  /** Changes a device; false when it is not there (another node may have deleted it): an update never brings a device back. */
  update(stored: StoredDevice): Promise<boolean>;
  /** Writes many devices in one transaction. */
  saveMany(rows: readonly StoredDevice[]): Promise<void>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

export const devicesDdl = [
  `CREATE TABLE IF NOT EXISTS devices (
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    district VARCHAR NOT NULL,
    lat DOUBLE,
    lon DOUBLE,
    enabled BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMP NOT NULL
  )`,
  // Added after the first release; ADD COLUMN keeps older data files readable.
  `ALTER TABLE devices ADD COLUMN IF NOT EXISTS install_date DATE`,
  `ALTER TABLE devices ADD COLUMN IF NOT EXISTS metadata VARCHAR`,
  `ALTER TABLE devices ADD COLUMN IF NOT EXISTS secret_hash VARCHAR`,
  `ALTER TABLE devices ADD COLUMN IF NOT EXISTS credential_set_at TIMESTAMP`,
];

export const selectDevices = `SELECT id, kind, name, district, lat, lon, enabled, secret_hash, metadata,
  strftime(install_date, '%Y-%m-%d') AS install_date,
  strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
  strftime(credential_set_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS credential_set_at
  FROM devices`;

export interface StoredDevice {
  readonly device: Device;
  readonly secretHash: string | null;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function rowToDevice(row: Record<string, unknown>): StoredDevice | undefined {
  const kind = row.kind;
  if (typeof kind !== 'string') return undefined;
  return {
    device: {
      id: String(row.id),
      kind,
      name: String(row.name),
      district: String(row.district),
      lat: row.lat === null ? null : Number(row.lat),
      lon: row.lon === null ? null : Number(row.lon),
      enabled: row.enabled === true,
      installDate: text(row.install_date),
      metadata: row.metadata ? (JSON.parse(String(row.metadata)) as Record<string, DeviceMetadataValue>) : {},
      createdAt: String(row.created_at),
      credentialSetAt: text(row.credential_set_at),
    },
    secretHash: text(row.secret_hash),
  };
}

/** Parameters of the upsert statement for one device. */
export function deviceParams(device: Device, secretHash: string | null): Record<string, string | number | boolean | null> {
  return {
    id: device.id,
    kind: device.kind,
    name: device.name,
    district: device.district,
    lat: device.lat,
    lon: device.lon,
    enabled: device.enabled,
    installDate: device.installDate,
    metadata: JSON.stringify(device.metadata),
    createdAt: device.createdAt.replace('Z', ''),
    secretHash,
    credentialSetAt: device.credentialSetAt?.replace('Z', '') ?? null,
  };
}

export const insertDevice = `INSERT INTO devices (id, kind, name, district, lat, lon, enabled, install_date, metadata, created_at, secret_hash, credential_set_at)
  VALUES ($id, $kind, $name, $district, $lat, $lon, $enabled, $installDate::DATE, $metadata, $createdAt::TIMESTAMP, $secretHash, $credentialSetAt::TIMESTAMP)
  ON CONFLICT (id) DO NOTHING`;

export const updateDevice = `UPDATE devices SET kind = $kind, name = $name, district = $district, lat = $lat, lon = $lon, enabled = $enabled,
  install_date = $installDate::DATE, metadata = $metadata, secret_hash = $secretHash, credential_set_at = $credentialSetAt::TIMESTAMP
  WHERE id = $id`;

/**
 * Bulk registration goes through a staging table filled by an appender and one INSERT … SELECT:
 * a per-row upsert costs ~7 ms here, so 10,000 devices took over a minute that way.
 */
export const stagingDdl = `CREATE OR REPLACE TEMP TABLE devices_incoming (
  id VARCHAR, kind VARCHAR, name VARCHAR, district VARCHAR, lat DOUBLE, lon DOUBLE, enabled BOOLEAN,
  install_date VARCHAR, metadata VARCHAR, created_at VARCHAR, secret_hash VARCHAR, credential_set_at VARCHAR
)`;
export const stagingTable = { table: 'devices_incoming', schema: 'main', catalog: 'temp' } as const;

export function appendStagedDevice(appender: DuckDBAppender, device: Device, secretHash: string | null): void {
  const params = deviceParams(device, secretHash);
  for (const column of ['id', 'kind', 'name', 'district'] as const) appender.appendVarchar(String(params[column]));
  for (const value of [device.lat, device.lon]) {
    if (value === null) appender.appendNull();
    else appender.appendDouble(value);
  }
  appender.appendBoolean(device.enabled);
  for (const column of ['installDate', 'metadata', 'createdAt', 'secretHash', 'credentialSetAt'] as const) {
    const value = params[column];
    if (value === null) appender.appendNull();
    else appender.appendVarchar(String(value));
  }
  appender.endRow();
}

export const upsertStagedDevices = `INSERT INTO devices (id, kind, name, district, lat, lon, enabled, install_date, metadata, created_at, secret_hash, credential_set_at)
  SELECT id, kind, name, district, lat, lon, enabled, install_date::DATE, metadata, created_at::TIMESTAMP, secret_hash, credential_set_at::TIMESTAMP
  FROM temp.main.devices_incoming
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, district = excluded.district,
    lat = excluded.lat, lon = excluded.lon, enabled = excluded.enabled, install_date = excluded.install_date,
    metadata = excluded.metadata, secret_hash = excluded.secret_hash, credential_set_at = excluded.credential_set_at`;
