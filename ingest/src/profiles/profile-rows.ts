import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { DeviceProfile, StoredProfile } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';

/** Where every version of every device profile is kept: the embedded database, or PostgreSQL shared by several nodes. */
export interface ProfileRows {
  /** The newest version of every kind: the one in force. */
  inForce(): Promise<StoredProfile[]>;
  newest(kind: string): Promise<StoredProfile | undefined>;
  /** Newest first. */
  versions(kind: string): Promise<StoredProfile[]>;
  /** Version 1 of each kind that has none yet; nodes starting together write each once. */
  seed(profiles: Readonly<Record<string, DeviceProfile>>, atMs: number): Promise<void>;
  /** Adds a version; false when that version of the kind is already there (another node put one first). */
  insert(stored: StoredProfile): Promise<boolean>;
  close(): Promise<void>;
}

export const rowToProfile = (row: Record<string, unknown>): StoredProfile => ({
  kind: String(row['kind']),
  version: Number(row['version']),
  builtIn: Boolean(row['built_in']),
  profile: JSON.parse(String(row['profile'])) as DeviceProfile,
  changedAt: new Date(Number(row['changed_at_ms'])).toISOString(),
  changedBy: String(row['changed_by']),
  changes: JSON.parse(String(row['changes'])) as string[],
});

/** A version's columns, in the table's order. */
export const profileValues = (stored: StoredProfile): (string | number | boolean)[] => [
  stored.kind,
  stored.version,
  stored.builtIn,
  JSON.stringify(stored.profile),
  Date.parse(stored.changedAt),
  stored.changedBy,
  JSON.stringify(stored.changes),
];

const ddl = `CREATE TABLE IF NOT EXISTS device_profiles (
  kind VARCHAR NOT NULL, version INTEGER NOT NULL, built_in BOOLEAN NOT NULL, profile VARCHAR NOT NULL,
  changed_at_ms BIGINT NOT NULL, changed_by VARCHAR NOT NULL, changes VARCHAR NOT NULL, PRIMARY KEY (kind, version))`;

/** Device profiles in the embedded database file, written one after another on one connection. */
export class DuckDbProfileRows implements ProfileRows {
  readonly #writes = new SerialWrites();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbProfileRows> {
    const connection = await instance.connect();
    await connection.run(ddl);
    return new DuckDbProfileRows(connection);
  }

  async inForce(): Promise<StoredProfile[]> {
    const reader = await this.connection.runAndReadAll('SELECT * FROM device_profiles QUALIFY version = max(version) OVER (PARTITION BY kind)');
    return reader.getRowObjectsJS().map(rowToProfile);
  }

  async newest(kind: string): Promise<StoredProfile | undefined> {
    return (await this.versions(kind))[0];
  }

  async versions(kind: string): Promise<StoredProfile[]> {
    await this.#writes.settled();
    const reader = await this.connection.runAndReadAll('SELECT * FROM device_profiles WHERE kind = $kind ORDER BY version DESC', { kind });
    return reader.getRowObjectsJS().map(rowToProfile);
  }

  async seed(profiles: Readonly<Record<string, DeviceProfile>>, atMs: number): Promise<void> {
    for (const [kind, profile] of Object.entries(profiles)) {
      await this.#writes.run(() =>
        this.connection.run(
          `INSERT INTO device_profiles SELECT $kind, 1, true, $profile, $at, 'kendali', $changes WHERE NOT EXISTS (SELECT 1 FROM device_profiles WHERE kind = $kind)`,
          { kind, profile: JSON.stringify(profile), at: atMs, changes: JSON.stringify(['built in']) },
        ),
      );
    }
  }

  async insert(stored: StoredProfile): Promise<boolean> {
    const result = await this.#writes.run(() => this.connection.run('INSERT INTO device_profiles VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING', profileValues(stored)));
    return result.rowsChanged === 1;
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
