import type { DuckDBInstance } from '@duckdb/node-api';
import type { AccountSource, Clock, Role, User, UserChange, UserCreate } from '@kendali/contracts';
import { IngestError } from '../errors';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import { decoyHash, hashPassword, passwordMatches } from './password-hash';
import { passwordProblem } from './password-policy';
import { DuckDbUserRows, type Account, type UserRows } from './user-rows';

/** Whether a username and password sign in, and as whom. */
export type PasswordCheck = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: 'unknown' | 'wrong-password' | 'disabled' | 'external' };

/** A person as an identity provider vouched for them at sign-in. */
export interface ExternalPerson {
  /** Who the provider says this is, for good (OpenID Connect `sub`): the account is theirs alone. */
  readonly subject: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** The department the provider names (null: none); undefined leaves the account's as it is. */
  readonly department?: string | null;
}

/** Whether a person the identity provider vouched for may sign in, and as whom. */
export type ExternalSignIn = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: 'local-account' | 'other-subject' | 'disabled' };

/**
 * People's accounts, kept in a database (the embedded file, or PostgreSQL shared by several nodes)
 * and in memory: an account is looked up on every request of a session. With a shared database the
 * memory follows every node's changes (`changes`). Passwords are stored only as scrypt hashes and
 * checked against the policy.
 */
export class Users {
  #accounts = new Map<string, Account>();
  readonly #writes = new KeyedWrites();

  private constructor(
    private readonly rows: UserRows,
    private readonly clock: Clock,
  ) {}

  /** Accounts in the embedded database file. */
  static async open(instance: DuckDBInstance, clock: Clock): Promise<Users> {
    return Users.over(await DuckDbUserRows.open(instance), clock);
  }

  /** Accounts in `rows`; `changes` tells of those another node changed. */
  static async over(rows: UserRows, clock: Clock, changes?: ChangeFeed): Promise<Users> {
    const users = new Users(rows, clock);
    await followTable(changes, 'users', () => users.#reload(), (username) => users.#reloadOne(username));
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
    const user: User = { username: input.username, displayName: input.displayName, role: input.role, department: input.department ?? null, enabled: true, createdAt: now, createdBy, lastSignInAt: null, source: 'local' };
    const account: Account = { user, passwordHash: await hashPassword(input.password), passwordChangedAt: now, subject: null };
    if (!(await this.#writes.write(user.username, () => this.rows.insert(account)))) throw new IngestError('KENDALI_ERR_USER_EXISTS', `"${input.username}" already has an account`);
    this.#accounts.set(user.username, account);
    return user;
  }

  async change(username: string, change: UserChange): Promise<User> {
    const account = this.#accounts.get(username);
    if (account === undefined) throw new IngestError('KENDALI_ERR_USER_NOT_FOUND', `no account "${username}"`);
    if (change.password !== undefined) {
      if (account.user.source !== 'local') throw new IngestError('KENDALI_ERR_USER_EXTERNAL', `"${username}" signs in through the identity provider and has no password here`);
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
      change.password === undefined ? { ...account, user } : { ...account, user, passwordHash: await hashPassword(change.password), passwordChangedAt: this.clock.now() };
    await this.#save(next, 'update');
    return user;
  }

  async remove(username: string): Promise<boolean> {
    const account = this.#accounts.get(username);
    if (account === undefined) return false;
    this.#refuseLosingLastAdmin(account.user, false);
    await this.#writes.write(username, () => this.rows.remove(username));
    this.#accounts.delete(username);
    return true;
  }

  /** Checks a password; an unknown username costs the same KDF work, so timing does not tell which names exist. */
  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    const account = this.#accounts.get(username);
    if (account === undefined || account.user.source !== 'local') {
      await passwordMatches(password, await decoyHash);
      return { ok: false, reason: account === undefined ? 'unknown' : 'external' };
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

  /**
   * Signs in a person an identity provider vouched for (`source`): their account is made on first
   * sign-in and takes the provider's name, role and department at every one, so a role taken away
   * there is gone here at the next sign-in. It never takes over a local account of the same name,
   * and a disabled account stays out whatever the provider says.
   */
  async signInExternal(person: ExternalPerson, source: Exclude<AccountSource, 'local'>): Promise<ExternalSignIn> {
    const existing = this.#accounts.get(person.username);
    if (existing !== undefined && existing.user.source !== source) return { ok: false, reason: 'local-account' };
    // Two people whose names come out alike (`Siti.R` and `siti-r`) must not share an account.
    if (existing !== undefined && existing.subject !== person.subject) return { ok: false, reason: 'other-subject' };
    if (existing !== undefined && !existing.user.enabled) return { ok: false, reason: 'disabled' };
    const now = this.clock.now();
    const department = person.department === undefined ? (existing?.user.department ?? null) : person.department;
    const user: User = existing
      ? { ...existing.user, displayName: person.displayName, role: person.role, department, lastSignInAt: now }
      : { username: person.username, displayName: person.displayName, role: person.role, department, enabled: true, createdAt: now, createdBy: `identity provider (${source})`, lastSignInAt: now, source };
    await this.#save({ user, passwordHash: '', passwordChangedAt: existing?.passwordChangedAt ?? now, subject: person.subject }, existing ? 'update' : 'insert');
    return { ok: true, user };
  }

  /** Makes sure an enabled admin account with this password exists (the first admin, from a setting). */
  async ensureAdmin(username: string, password: string, displayName: string): Promise<User> {
    const existing = this.#accounts.get(username);
    if (existing === undefined) {
      // Another node sharing the database may make it at the same moment: then it is checked as it stands.
      const made = await this.create({ username, displayName, role: 'admin', password }, 'platform start').catch(async (error: unknown) => {
        if (!(error instanceof IngestError && error.code === 'KENDALI_ERR_USER_EXISTS')) throw error;
        await this.#reloadOne(username);
        if (!this.#accounts.has(username)) throw error;
        return undefined;
      });
      return made ?? this.ensureAdmin(username, password, displayName);
    }
    const matches = await passwordMatches(password, existing.passwordHash);
    if (matches && existing.user.enabled && existing.user.role === 'admin') return existing.user;
    return this.change(username, { role: 'admin', enabled: true, ...(matches ? {} : { password }) });
  }

  /** Waits for the writes under way, then closes the connection. */
  async close(): Promise<void> {
    await this.rows.close();
  }

  async #reload(): Promise<void> {
    this.#accounts = new Map((await this.rows.all()).map((account) => [account.user.username, account]));
  }

  async #reloadOne(username: string): Promise<void> {
    const read = await this.#writes.read(username, () => this.rows.one(username));
    if (read === null) return;
    const account = read.row;
    if (account === undefined) this.#accounts.delete(username);
    else this.#accounts.set(username, account);
  }

  #refuseLosingLastAdmin(before: User, stillAdmin: boolean): void {
    if (stillAdmin || !(before.enabled && before.role === 'admin')) return;
    const others = this.list().some((user) => user.username !== before.username && user.enabled && user.role === 'admin');
    if (!others) throw new IngestError('KENDALI_ERR_LAST_ADMIN', `"${before.username}" is the only enabled admin`);
  }

  async #save(account: Account, how: 'insert' | 'update'): Promise<void> {
    const { username } = account.user;
    if (how === 'update') await this.#writes.write(username, () => this.rows.update(account));
    else if (!(await this.#writes.write(username, () => this.rows.insert(account)))) throw new IngestError('KENDALI_ERR_USER_EXISTS', `"${account.user.username}" already has an account`);
    this.#accounts.set(account.user.username, account);
  }
}
