import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isDeviceKind, type Device, type DeviceInput } from '@kendali/contracts';

const ddl = `CREATE TABLE IF NOT EXISTS devices (
  id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  district VARCHAR NOT NULL,
  lat DOUBLE,
  lon DOUBLE,
  enabled BOOLEAN NOT NULL DEFAULT true,
  created_at TIMESTAMP NOT NULL
)`;

/**
 * The registered devices, persisted in the embedded database and held in memory, because every
 * message looks its device up (the topic's id is the only identity a message has).
 */
export class DeviceRegistry {
  readonly #devices = new Map<string, Device>();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DeviceRegistry> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const registry = new DeviceRegistry(connection);
    const reader = await connection.runAndReadAll(
      `SELECT id, kind, name, district, lat, lon, enabled, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at FROM devices`,
    );
    for (const row of reader.getRowObjectsJS()) {
      const kind = row.kind;
      if (!isDeviceKind(kind)) continue; // a kind this version no longer knows stays in the file, unused
      registry.#devices.set(String(row.id), {
        id: String(row.id),
        kind,
        name: String(row.name),
        district: String(row.district),
        lat: row.lat === null ? null : Number(row.lat),
        lon: row.lon === null ? null : Number(row.lon),
        enabled: row.enabled === true,
        createdAt: String(row.created_at),
      });
    }
    return registry;
  }

  get(id: string): Device | undefined {
    return this.#devices.get(id);
  }

  list(): Device[] {
    return [...this.#devices.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  get size(): number {
    return this.#devices.size;
  }

  /** Registers a device or updates it; returns the stored device and whether it was new. */
  async upsert(id: string, input: DeviceInput): Promise<{ device: Device; created: boolean }> {
    const existing = this.#devices.get(id);
    const device: Device = {
      id,
      kind: input.kind,
      name: input.name,
      district: input.district,
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      enabled: input.enabled ?? existing?.enabled ?? true,
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    };
    await this.connection.run(
      `INSERT INTO devices (id, kind, name, district, lat, lon, enabled, created_at)
       VALUES ($id, $kind, $name, $district, $lat, $lon, $enabled, $createdAt::TIMESTAMP)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, district = excluded.district,
         lat = excluded.lat, lon = excluded.lon, enabled = excluded.enabled`,
      {
        id,
        kind: device.kind,
        name: device.name,
        district: device.district,
        lat: device.lat,
        lon: device.lon,
        enabled: device.enabled,
        createdAt: device.createdAt.replace('Z', ''),
      },
    );
    this.#devices.set(id, device);
    return { device, created: existing === undefined };
  }

  /** Registers many devices in one transaction (used to provision simulated fleets). */
  async upsertMany(devices: readonly (DeviceInput & { id: string })[]): Promise<void> {
    const before = new Map(this.#devices);
    await this.connection.run('BEGIN TRANSACTION');
    try {
      for (const { id, ...input } of devices) await this.upsert(id, input);
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK');
      this.#devices.clear();
      for (const [id, device] of before) this.#devices.set(id, device);
      throw error;
    }
  }

  close(): void {
    this.connection.closeSync();
  }
}
