import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isRole, systemOwner, type ApiToken } from '@kendali/contracts';

/** A token as stored: its record and the digest of its secret. */
export interface StoredToken {
  readonly hash: string;
  readonly token: ApiToken;
}

/** Where API tokens are kept: the embedded database, or PostgreSQL shared by several nodes. */
export interface TokenRows {
  all(): Promise<StoredToken[]>;
  one(id: string): Promise<StoredToken | undefined>;
  /** False when a token with this secret exists already (made meanwhile by another node). */
  insert(stored: StoredToken): Promise<boolean>;
  revoke(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

const isoOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** A token row whose times are ISO 8601 strings (each database reads its own time columns so). */
export function rowToToken(row: Record<string, unknown>): StoredToken | undefined {
  if (!isRole(row.role)) return undefined;
  return {
    hash: String(row.token_hash),
    token: {
      id: String(row.id),
      name: String(row.name),
      role: row.role,
      createdAt: String(row.created_at),
      revoked: row.revoked === true,
      owner: isoOrNull(row.owner) ?? systemOwner,
      expiresAt: isoOrNull(row.expires_at),
    },
  };
}

const ddl = `CREATE TABLE IF NOT EXISTS api_tokens (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  token_hash VARCHAR NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT false
)`;
// Tokens made before tokens had owners were made by admins or at first start: the platform's own.
const migrations = [
  `ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS owner VARCHAR DEFAULT '${systemOwner}'`,
  'ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS expires_at TIMESTAMP',
];
const select = `SELECT id, name, role, token_hash, revoked, owner, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
  strftime(expires_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS expires_at FROM api_tokens`;

/** API tokens in the embedded database file. */
export class DuckDbTokenRows implements TokenRows {
  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbTokenRows> {
    const connection = await instance.connect();
    await connection.run(ddl);
    for (const migration of migrations) await connection.run(migration);
    return new DuckDbTokenRows(connection);
  }

  async all(): Promise<StoredToken[]> {
    return (await this.connection.runAndReadAll(select)).getRowObjectsJS().map(rowToToken).filter((stored) => stored !== undefined);
  }

  async one(id: string): Promise<StoredToken | undefined> {
    const row = (await this.connection.runAndReadAll(`${select} WHERE id = $id`, { id })).getRowObjectsJS()[0];
    return row === undefined ? undefined : rowToToken(row);
  }

  async insert({ hash, token }: StoredToken): Promise<boolean> {
    await this.connection.run(
      `INSERT INTO api_tokens (id, name, role, token_hash, created_at, owner, expires_at)
       VALUES ($id, $name, $role, $hash, $createdAt::TIMESTAMP, $owner, $expiresAt::TIMESTAMP)`,
      { id: token.id, name: token.name, role: token.role, hash, createdAt: token.createdAt.replace('Z', ''), owner: token.owner, expiresAt: token.expiresAt?.replace('Z', '') ?? null },
    );
    return true;
  }

  async revoke(id: string): Promise<void> {
    await this.connection.run('UPDATE api_tokens SET revoked = true WHERE id = $id', { id });
  }

  async remove(id: string): Promise<void> {
    await this.connection.run('DELETE FROM api_tokens WHERE id = $id', { id });
  }

  async close(): Promise<void> {
    this.connection.closeSync();
  }
}
