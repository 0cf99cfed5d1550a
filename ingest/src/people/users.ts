import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isRole, type Clock, type Role, type User, type UserChange, type UserCreate } from '@kendali/contracts';
import { IngestError } from '../errors';
import { SerialWrites } from '../serial-writes';
import { decoyHash, hashPassword, passwordMatches } from './password-hash';
import { passwordProblem } from './password-policy';

const ddl = `CREATE TABLE IF NOT EXISTS users (
  username VARCHAR PRIMARY KEY, display_name VARCHAR NOT NULL, role VARCHAR NOT NULL, department VARCHAR,
  enabled BOOLEAN NOT NULL, password_hash VARCHAR NOT NULL, created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL,
  last_sign_in_at BIGINT, password_changed_at BIGINT NOT NULL)`;

interface Account {
  readonly user: User;
  readonly passwordHash: string;
  /** Sessions begun before this time (ms epoch) end: a new password signs the person out everywhere. */
  readonly passwordChangedAt: number;
}

const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function rowToAccount(row: Record<string, unknown>): Account | undefined {
  if (!isRole(row.role)) return undefined;
  return {
    user: {
      username: String(row.username),
      displayName: String(row.display_name),
      role: row.role,
      department: row.department === null || row.department === undefined ? null : String(row.department),
      enabled: row.enabled === true,
      createdAt: Number(row.created_at),
      createdBy: String(row.created_by),
      lastSignInAt: optionalNumber(row.last_sign_in_at),
    },
    passwordHash: String(row.password_hash),
    passwordChangedAt: Number(row.password_changed_at),
  };
}

/** Whether a username and password sign in, and as whom. */
export type PasswordCheck = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: 'unknown' | 'wrong-password' | 'disabled' };

/**
 * People's accounts, kept in the embedded database and in memory (an account is looked up on every
 * request of a session). Passwords are stored only as scrypt hashes and checked against the policy.
 */
export class Users {
  readonly #accounts = new Map<string, Account>();
  readonly #writes = new SerialWrites();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
  ) {}

  static async open(instance: DuckDBInstance, clock: Clock): Promise<Users> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const users = new Users(connection, clock);
    for (const row of (await connection.runAndReadAll('SELECT * FROM users')).getRowObjectsJS()) {
      const account = rowToAccount(row);
      if (account) users.#accounts.set(account.user.username, account);
    }
    return users;
  }

  list(): User[] {
    return [...this.#accounts.values()].map((account) => account.user).sort((a, b) => a.username.localeCompare(b.username));
  }

  get(username: string): User | undefined {
    return this.#accounts.get(username)?.user;
  }

  /** When the person last set a password (ms epoch): sessions older than it are over. */
  passwordChangedAt(username: string): number | undefined {
    return this.#accounts.get(username)?.passwordChangedAt;
  }

  hasEnabledAdmin(): boolean {
    return this.list().some((user) => user.enabled && user.role === 'admin');
  }

  async create(input: UserCreate, createdBy: string): Promise<User> {
    if (this.#accounts.has(input.username)) throw new IngestError('KENDALI_ERR_USER_EXISTS', `"${input.username}" already has an account`);
    const problem = passwordProblem(input.password, input.username);
    if (problem !== null) throw new IngestError('KENDALI_ERR_PASSWORD_WEAK', problem);
    const now = this.clock.now();
    const user: User = { username: input.username, displayName: input.displayName, role: input.role, department: input.department ?? null, enabled: true, createdAt: now, createdBy, lastSignInAt: null };
    const account: Account = { user, passwordHash: await hashPassword(input.password), passwordChangedAt: now };
    await this.#save(account, 'insert');
    return user;
  }

  async change(username: string, change: UserChange): Promise<User> {
    const account = this.#accounts.get(username);
    if (account === undefined) throw new IngestError('KENDALI_ERR_USER_NOT_FOUND', `no account "${username}"`);
    if (change.password !== undefined) {
      const problem = passwordProblem(change.password, username);
      if (problem !== null) throw new IngestError('KENDALI_ERR_PASSWORD_WEAK', problem);
    }
    const user: User = {
      ...account.user,
      ...(change.displayName === undefined ? {} : { displayName: change.displayName }),
      ...(change.role === undefined ? {} : { role: change.role }),
      ...(change.department === undefined ? {} : { department: change.department }),
      ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
    };
    this.#refuseLosingLastAdmin(account.user, user.enabled && user.role === 'admin');
    const next: Account =
      change.password === undefined ? { ...account, user } : { user, passwordHash: await hashPassword(change.password), passwordChangedAt: this.clock.now() };
    await this.#save(next, 'update');
    return user;
  }

  async remove(username: string): Promise<boolean> {
    const account = this.#accounts.get(username);
    if (account === undefined) return false;
    this.#refuseLosingLastAdmin(account.user, false);
    await this.#writes.run(() => this.connection.run('DELETE FROM users WHERE username = $username', { username }));
    this.#accounts.delete(username);
    return true;
  }

  /** Checks a password; an unknown username costs the same KDF work, so timing does not tell which names exist. */
  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    const account = this.#accounts.get(username);
    if (account === undefined) {
      await passwordMatches(password, await decoyHash);
      return { ok: false, reason: 'unknown' };
    }
    if (!(await passwordMatches(password, account.passwordHash))) return { ok: false, reason: 'wrong-password' };
    if (!account.user.enabled) return { ok: false, reason: 'disabled' };
    return { ok: true, user: account.user };
  }

  async signedIn(username: string): Promise<void> {
    const account = this.#accounts.get(username);
    if (account === undefined) return;
    await this.#save({ ...account, user: { ...account.user, lastSignInAt: this.clock.now() } }, 'update');
  }

  /** Makes sure an enabled admin account with this password exists (the first admin, from a setting). */
  async ensureAdmin(username: string, password: string, displayName: string): Promise<User> {
    const existing = this.#accounts.get(username);
    if (existing === undefined) return this.create({ username, displayName, role: 'admin', password }, 'platform start');
    const matches = await passwordMatches(password, existing.passwordHash);
    if (matches && existing.user.enabled && existing.user.role === 'admin') return existing.user;
    return this.change(username, { role: 'admin', enabled: true, ...(matches ? {} : { password }) });
  }

  /** Waits for the writes under way, then closes the connection. */
  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }

  #refuseLosingLastAdmin(before: User, stillAdmin: boolean): void {
    if (stillAdmin || !(before.enabled && before.role === 'admin')) return;
    const others = this.list().some((user) => user.username !== before.username && user.enabled && user.role === 'admin');
    if (!others) throw new IngestError('KENDALI_ERR_LAST_ADMIN', `"${before.username}" is the only enabled admin`);
  }

  async #save(account: Account, how: 'insert' | 'update'): Promise<void> {
    const { user } = account;
    const params = {
      username: user.username,
      displayName: user.displayName,
      role: user.role as Role,
      department: user.department,
      enabled: user.enabled,
      passwordHash: account.passwordHash,
      createdAt: user.createdAt,
      createdBy: user.createdBy,
      lastSignInAt: user.lastSignInAt,
      passwordChangedAt: account.passwordChangedAt,
    };
    const sql =
      how === 'insert'
        ? `INSERT INTO users (username, display_name, role, department, enabled, password_hash, created_at, created_by, last_sign_in_at, password_changed_at)
           VALUES ($username, $displayName, $role, $department, $enabled, $passwordHash, $createdAt, $createdBy, $lastSignInAt, $passwordChangedAt)`
        : `UPDATE users SET display_name = $displayName, role = $role, department = $department, enabled = $enabled, password_hash = $passwordHash,
           created_at = $createdAt, created_by = $createdBy, last_sign_in_at = $lastSignInAt, password_changed_at = $passwordChangedAt WHERE username = $username`;
    await this.#writes.run(() => this.connection.run(sql, params));
    this.#accounts.set(user.username, account);
  }
}
