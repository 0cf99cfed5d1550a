import { rowToToken, type StoredToken, type TokenRows } from '../auth/token-rows';
import type { SharedDatabase } from './shared-database';

// Times are kept as ms epoch and read back in the ISO form the API shows (to the millisecond, Z).
const iso = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE to_char((TIMESTAMPTZ 'epoch' + ${column} * INTERVAL '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS ${column}`;
const select = `SELECT id, name, role, token_hash, revoked, owner, ${iso('created_at')}, ${iso('expires_at')} FROM api_tokens`;

/** API tokens in the shared PostgreSQL database. */
export class PostgresTokenRows implements TokenRows {
  constructor(private readonly database: SharedDatabase) {}

  async all(): Promise<StoredToken[]> {
    return (await this.database.pool.query(select)).rows.map(rowToToken).filter((stored) => stored !== undefined);
  }

  async one(id: string): Promise<StoredToken | undefined> {
    const row = (await this.database.pool.query(`${select} WHERE id = $1`, [id])).rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToToken(row);
  }

  async insert({ hash, token }: StoredToken): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('INSERT INTO api_tokens (id, name, role, token_hash, created_at, owner, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token_hash) DO NOTHING', [
      token.id,
      token.name,
      token.role,
      hash,
      Date.parse(token.createdAt),
      token.owner,
      token.expiresAt === null ? null : Date.parse(token.expiresAt),
    ]);
    return rowCount === 1;
  }

  async revoke(id: string): Promise<void> {
    await this.database.pool.query('UPDATE api_tokens SET revoked = true WHERE id = $1', [id]);
  }

  async remove(id: string): Promise<void> {
    await this.database.pool.query('DELETE FROM api_tokens WHERE id = $1', [id]);
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
