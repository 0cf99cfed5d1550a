import { rowToSession, type SessionRows, type StoredSession } from '../people/session-rows';
import type { SharedDatabase } from './shared-database';

/** Sessions in the shared PostgreSQL database. */
export class PostgresSessionRows implements SessionRows {
  constructor(private readonly database: SharedDatabase) {}

  async all(): Promise<StoredSession[]> {
    return (await this.database.pool.query('SELECT * FROM sessions')).rows.map(rowToSession);
  }

  async one(idHash: string): Promise<StoredSession | undefined> {
    const row = (await this.database.pool.query('SELECT * FROM sessions WHERE id_hash = $1', [idHash])).rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToSession(row);
  }

  async insert(session: StoredSession): Promise<void> {
    await this.database.pool.query('INSERT INTO sessions (id_hash, username, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)', [
      session.idHash,
      session.username,
      session.csrfToken,
      session.createdAt,
      session.lastSeenAt,
    ]);
  }

  async touch(idHash: string, lastSeenAt: number): Promise<void> {
    // Another node may have used it later: the latest use stands.
    await this.database.pool.query('UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id_hash = $1', [idHash, lastSeenAt]);
  }

  async remove(idHash: string): Promise<void> {
    await this.database.pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
