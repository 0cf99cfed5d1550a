import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isRole, type User } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';

/** An account as stored: the person, and what only the server sees. */
export interface Account {
  readonly user: User;
  /** Empty for an account of the identity provider: no password signs it in. */
  readonly passwordHash: string;
  /** Sessions begun before this time (ms epoch) end: a new password signs the person out everywhere. */
  readonly passwordChangedAt: number;
  /** The identity provider's `sub` of the person the account was made for; null for a local account. */
  readonly subject: string | null;
}

/** Where accounts are kept: the embedded database, or PostgreSQL shared by several nodes. */
export interface UserRows {
  all(): Promise<Account[]>;
  one(username: string): Promise<Account | undefined>;
  /** False when an account of this name exists already (made meanwhile by another node). */
  insert(account: Account): Promise<boolean>;
  update(account: Account): Promise<void>;
  remove(username: string): Promise<void>;
  close(): Promise<void>;
}

const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const optionalText = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** A `users` row as both databases return it (column names are the same in each). */
export function rowToAccount(row: Record<string, unknown>): Account | undefined {
  if (!isRole(row.role)) return undefined;
  return {
    user: {
      username: String(row.username),
      displayName: String(row.display_name),
      role: row.role,
      department: optionalText(row.department),
      enabled: row.enabled === true,
      createdAt: Number(row.created_at),
      createdBy: String(row.created_by),
      lastSignInAt: optionalNumber(row.last_sign_in_at),
      source: row.source === 'oidc' ? 'oidc' : 'local',
    },
    passwordHash: String(row.password_hash),
    passwordChangedAt: Number(row.password_changed_at),
    subject: optionalText(row.external_subject),
  };
}

/** The columns of an account, in `users`' order (username first). */
export function accountColumns(account: Account) {
  const { user } = account;
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role as string,
    department: user.department,
    enabled: user.enabled,
    passwordHash: account.passwordHash,
    createdAt: user.createdAt,
    createdBy: user.createdBy,
    lastSignInAt: user.lastSignInAt,
    passwordChangedAt: account.passwordChangedAt,
    source: user.source as string,
    subject: account.subject,
  };
}

const ddl = `CREATE TABLE IF NOT EXISTS users (
  username VARCHAR PRIMARY KEY, display_name VARCHAR NOT NULL, role VARCHAR NOT NULL, department VARCHAR,
  enabled BOOLEAN NOT NULL, password_hash VARCHAR NOT NULL, created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL,
  last_sign_in_at BIGINT, password_changed_at BIGINT NOT NULL)`;
// Accounts made before people could sign in through an identity provider are local ones.
const addSource = [`ALTER TABLE users ADD COLUMN IF NOT EXISTS source VARCHAR DEFAULT 'local'`, 'ALTER TABLE users ADD COLUMN IF NOT EXISTS external_subject VARCHAR'];

/** Accounts in the embedded database file, written one after another on one connection. */
export class DuckDbUserRows implements UserRows {
  readonly #writes = new SerialWrites();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbUserRows> {
    const connection = await instance.connect();
    await connection.run(ddl);
    for (const sql of addSource) await connection.run(sql);
    return new DuckDbUserRows(connection);
  }

  async all(): Promise<Account[]> {
    const rows = (await this.connection.runAndReadAll('SELECT * FROM users')).getRowObjectsJS();
    return rows.map(rowToAccount).filter((account) => account !== undefined);
  }

  async one(username: string): Promise<Account | undefined> {
    await this.#writes.settled();
    const row = (await this.connection.runAndReadAll('SELECT * FROM users WHERE username = $username', { username })).getRowObjectsJS()[0];
    return row === undefined ? undefined : rowToAccount(row);
  }

  async insert(account: Account): Promise<boolean> {
    await this.#writes.run(() =>
      this.connection.run(
        `INSERT INTO users (username, display_name, role, department, enabled, password_hash, created_at, created_by, last_sign_in_at, password_changed_at, source, external_subject)
         VALUES ($username, $displayName, $role, $department, $enabled, $passwordHash, $createdAt, $createdBy, $lastSignInAt, $passwordChangedAt, $source, $subject)`,
        accountColumns(account),
      ),
    );
    return true;
  }

  async update(account: Account): Promise<void> {
    await this.#writes.run(() =>
      this.connection.run(
        `UPDATE users SET display_name = $displayName, role = $role, department = $department, enabled = $enabled, password_hash = $passwordHash,
         created_at = $createdAt, created_by = $createdBy, last_sign_in_at = $lastSignInAt, password_changed_at = $passwordChangedAt, source = $source, external_subject = $subject WHERE username = $username`,
        accountColumns(account),
      ),
    );
  }

  async remove(username: string): Promise<void> {
    await this.#writes.run(() => this.connection.run('DELETE FROM users WHERE username = $username', { username }));
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
