import type { DeviceProfile, StoredProfile } from '@kendali/contracts';
import { profileValues, rowToProfile, type ProfileRows } from '../profiles/profile-rows';
import type { SharedDatabase } from './shared-database';

/** Device profiles in the shared PostgreSQL database. */
export class PostgresProfileRows implements ProfileRows {
  constructor(private readonly database: SharedDatabase) {}

  async inForce(): Promise<StoredProfile[]> {
    return (await this.database.pool.query('SELECT DISTINCT ON (kind) * FROM device_profiles ORDER BY kind, version DESC')).rows.map(rowToProfile);
  }

  async newest(kind: string): Promise<StoredProfile | undefined> {
    const row = (await this.database.pool.query('SELECT * FROM device_profiles WHERE kind = $1 ORDER BY version DESC LIMIT 1', [kind])).rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToProfile(row);
  }

  async versions(kind: string): Promise<StoredProfile[]> {
    return (await this.database.pool.query('SELECT * FROM device_profiles WHERE kind = $1 ORDER BY version DESC', [kind])).rows.map(rowToProfile);
  }

  async seed(profiles: Readonly<Record<string, DeviceProfile>>, atMs: number): Promise<void> {
    // Every kind's first version is 1, so a kind with any version has this one: the conflict leaves it be.
    for (const [kind, profile] of Object.entries(profiles)) {
      await this.database.pool.query(`INSERT INTO device_profiles VALUES ($1, 1, true, $2, $3, 'kendali', $4) ON CONFLICT (kind, version) DO NOTHING`, [
        kind,
        JSON.stringify(profile),
        atMs,
        JSON.stringify(['built in']),
      ]);
    }
  }

  async insert(stored: StoredProfile): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('INSERT INTO device_profiles VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, version) DO NOTHING', profileValues(stored));
    return rowCount === 1;
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
