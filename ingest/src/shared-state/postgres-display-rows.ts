import { rowToDisplay, type DisplayRows, type StoredDisplayRow } from '../people/display-rows';
import type { SharedDatabase } from './shared-database';

/** Wall screens' credentials in the shared PostgreSQL database. */
export class PostgresDisplayRows implements DisplayRows {
  constructor(private readonly database: SharedDatabase) {}

  async all(): Promise<StoredDisplayRow[]> {
    return (await this.database.pool.query('SELECT * FROM displays')).rows.map(rowToDisplay);
  }

  async one(id: string): Promise<StoredDisplayRow | undefined> {
    const row = (await this.database.pool.query('SELECT * FROM displays WHERE id = $1', [id])).rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToDisplay(row);
  }

  async insert({ credentialHash, display }: StoredDisplayRow): Promise<void> {
    await this.database.pool.query('INSERT INTO displays (id, name, credential_hash, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      display.id,
      display.name,
      credentialHash,
      display.createdAt,
      display.createdBy,
      display.expiresAt,
    ]);
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    await this.database.pool.query('UPDATE displays SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1', [id, lastSeenAt]);
  }

  async revoke(id: string, revokedAt: number): Promise<void> {
    // Revoking twice, on two nodes, keeps the first time.
    await this.database.pool.query('UPDATE displays SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1', [id, revokedAt]);
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
