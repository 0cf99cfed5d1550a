import { accountColumns, rowToAccount, type Account, type UserRows } from '../people/user-rows';
import type { SharedDatabase } from './shared-database';

const columns = 'username, display_name, role, department, enabled, password_hash, created_at, created_by, last_sign_in_at, password_changed_at, source, external_subject';
const values = (account: Account) => Object.values(accountColumns(account));

/** Accounts in the shared PostgreSQL database. */
export class PostgresUserRows implements UserRows {
  constructor(private readonly database: SharedDatabase) {}

  async all(): Promise<Account[]> {
    const { rows } = await this.database.pool.query(`SELECT ${columns} FROM users`);
    return rows.map(rowToAccount).filter((account) => account !== undefined);
  }

  async one(username: string): Promise<Account | undefined> {
    const { rows } = await this.database.pool.query(`SELECT ${columns} FROM users WHERE username = $1`, [username]);
    return rows[0] === undefined ? undefined : rowToAccount(rows[0] as Record<string, unknown>);
  }

  async insert(account: Account): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      `INSERT INTO users (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (username) DO NOTHING`,
      values(account),
    );
    return rowCount === 1;
  }

  async update(account: Account): Promise<void> {
    await this.database.pool.query(
      `UPDATE users SET display_name = $2, role = $3, department = $4, enabled = $5, password_hash = $6, created_at = $7, created_by = $8,
       last_sign_in_at = $9, password_changed_at = $10, source = $11, external_subject = $12 WHERE username = $1`,
      values(account),
    );
  }

  async remove(username: string): Promise<void> {
    await this.database.pool.query('DELETE FROM users WHERE username = $1', [username]);
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
