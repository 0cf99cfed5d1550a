import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { SerialWrites } from '../serial-writes';

/** A session as stored: its id's digest, whose it is, and its times (ms epoch). */
export interface StoredSession {
  readonly idHash: string;
  readonly username: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

/** Where sessions are kept: the embedded database, or PostgreSQL shared by several nodes. */
export interface SessionRows {
  all(): Promise<StoredSession[]>;
  one(idHash: string): Promise<StoredSession | undefined>;
  insert(session: StoredSession): Promise<void>;
  /** Writes when the session was last used. */
  touch(idHash: string, lastSeenAt: number): Promise<void>;
  remove(idHash: string): Promise<void>;
  close(): Promise<void>;
}

export function rowToSession(row: Record<string, unknown>): StoredSession {
  return {
    idHash: String(row.id_hash),
    username: String(row.username),
    csrfToken: String(row.csrf_token),
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
  };
}

const ddl = `CREATE TABLE IF NOT EXISTS sessions (
  id_hash VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
  created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL)`;

/** Sessions in the embedded database file, written one after another on one connection. */
export class DuckDbSessionRows implements SessionRows {
  readonly #writes = new SerialWrites();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbSessionRows> {
    const connection = await instance.connect();
    await connection.run(ddl);
    return new DuckDbSessionRows(connection);
  }

  async all(): Promise<StoredSession[]> {
    return (await this.connection.runAndReadAll('SELECT * FROM sessions')).getRowObjectsJS().map(rowToSession);
  }

  async one(idHash: string): Promise<StoredSession | undefined> {
    await this.#writes.settled();
    const row = (await this.connection.runAndReadAll('SELECT * FROM sessions WHERE id_hash = $idHash', { idHash })).getRowObjectsJS()[0];
    return row === undefined ? undefined : rowToSession(row);
  }

  async insert(session: StoredSession): Promise<void> {
    await this.#writes.run(() => this.connection.run('INSERT INTO sessions VALUES ($idHash, $username, $csrfToken, $createdAt, $lastSeenAt)', { ...session }));
  }

  async touch(idHash: string, lastSeenAt: number): Promise<void> {
    await this.#writes.run(() => this.connection.run('UPDATE sessions SET last_seen_at = $now WHERE id_hash = $idHash', { now: lastSeenAt, idHash }));
  }

  async remove(idHash: string): Promise<void> {
    await this.#writes.run(() => this.connection.run('DELETE FROM sessions WHERE id_hash = $idHash', { idHash }));
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
