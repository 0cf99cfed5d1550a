import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Display } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';

/** A display as stored: its record and the digest of its credential. */
export interface StoredDisplayRow {
  readonly credentialHash: string;
  readonly display: Display;
}

/** Where wall screens' credentials are kept: the embedded database, or PostgreSQL shared by several nodes. */
export interface DisplayRows {
  all(): Promise<StoredDisplayRow[]>;
  one(id: string): Promise<StoredDisplayRow | undefined>;
  insert(stored: StoredDisplayRow): Promise<void>;
  /** Writes when the display was last seen (ms epoch). */
  touch(id: string, lastSeenAt: number): Promise<void>;
  revoke(id: string, revokedAt: number): Promise<void>;
  close(): Promise<void>;
}

const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export function rowToDisplay(row: Record<string, unknown>): StoredDisplayRow {
  return {
    credentialHash: String(row.credential_hash),
    display: {
      id: String(row.id),
      name: String(row.name),
      createdAt: Number(row.created_at),
      createdBy: String(row.created_by),
      expiresAt: Number(row.expires_at),
      lastSeenAt: optionalNumber(row.last_seen_at),
      revokedAt: optionalNumber(row.revoked_at),
    },
  };
}

const ddl = `CREATE TABLE IF NOT EXISTS displays (
  id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, credential_hash VARCHAR NOT NULL UNIQUE,
  created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL, expires_at BIGINT NOT NULL,
  last_seen_at BIGINT, revoked_at BIGINT)`;

/** Display credentials in the embedded database file, written one after another on one connection. */
export class DuckDbDisplayRows implements DisplayRows {
  readonly #writes = new SerialWrites();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbDisplayRows> {
    const connection = await instance.connect();
    await connection.run(ddl);
    return new DuckDbDisplayRows(connection);
  }

  async all(): Promise<StoredDisplayRow[]> {
    return (await this.connection.runAndReadAll('SELECT * FROM displays')).getRowObjectsJS().map(rowToDisplay);
  }

  async one(id: string): Promise<StoredDisplayRow | undefined> {
    await this.#writes.settled();
    const row = (await this.connection.runAndReadAll('SELECT * FROM displays WHERE id = $id', { id })).getRowObjectsJS()[0];
    return row === undefined ? undefined : rowToDisplay(row);
  }

  async insert({ credentialHash, display }: StoredDisplayRow): Promise<void> {
    await this.#writes.run(() =>
      this.connection.run(
        `INSERT INTO displays (id, name, credential_hash, created_at, created_by, expires_at) VALUES ($id, $name, $credentialHash, $createdAt, $createdBy, $expiresAt)`,
        { id: display.id, name: display.name, credentialHash, createdAt: display.createdAt, createdBy: display.createdBy, expiresAt: display.expiresAt },
      ),
    );
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    await this.#writes.run(() => this.connection.run('UPDATE displays SET last_seen_at = $now WHERE id = $id', { now: lastSeenAt, id }));
  }

  async revoke(id: string, revokedAt: number): Promise<void> {
    await this.#writes.run(() => this.connection.run('UPDATE displays SET revoked_at = $now WHERE id = $id', { now: revokedAt, id }));
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
