import { createHash, randomBytes } from 'node:crypto';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { Clock, User } from '@kendali/contracts';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import { DuckDbSessionRows, type SessionRows, type StoredSession } from './session-rows';
import type { Users } from './users';

export interface SessionOptions {
  /** A session unused this long ends, in ms. */
  readonly idleMs: number;
  /** A session ends this long after sign-in however much it is used, in ms. */
  readonly maxMs: number;
}

export const defaultSessionOptions: SessionOptions = Object.freeze({
  idleMs: 30 * 60_000, // 30 minutes: an open dashboard keeps its session busy through its live stream
  maxMs: 12 * 3_600_000, // 12 hours: longer than any shift, so nobody is signed out mid-shift
});

const touchWriteMs = 60_000; // when a session was last used is written to the file at most once a minute

interface Session extends Omit<StoredSession, 'lastSeenAt'> {
  lastSeenAt: number;
  storedLastSeenAt: number;
}

const remembered = (stored: StoredSession): Session => ({ ...stored, storedLastSeenAt: stored.lastSeenAt });

export interface ActiveSession {
  readonly user: User;
  readonly csrfToken: string;
  readonly idleExpiresAt: number;
  readonly expiresAt: number;
}

// Session ids are 256-bit random: stored as their SHA-256 digest, so the file holds nothing that signs anyone in.
const digest = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * Sessions of people signed in, by the id their cookie carries. A session ends when unused for
 * `idleMs`, `maxMs` after it began, at sign-out, when its person is disabled, deleted or sets a new
 * password. Sessions survive a restart of Kendali.
 *
 * They are kept in memory (looked up on every request) and in a database. With PostgreSQL shared by
 * several nodes, the memory follows every node's changes through `changes`: a session ended on one
 * node ends on the others once its notification arrives, and one begun on one is known to the others
 * then too. When a session was last used is written at most once a minute, so another node's idea of
 * it lags by as much, far inside the 30-minute idle limit.
 */
export class Sessions {
  #byHash = new Map<string, Session>();
  readonly #writes = new KeyedWrites();

  private constructor(
    private readonly rows: SessionRows,
    private readonly clock: Clock,
    private readonly users: Pick<Users, 'get' | 'passwordChangedAt'>,
    readonly options: SessionOptions,
  ) {}

  /** Sessions in the embedded database file. */
  static async open(instance: DuckDBInstance, clock: Clock, users: Pick<Users, 'get' | 'passwordChangedAt'>, options: SessionOptions = defaultSessionOptions): Promise<Sessions> {
    return Sessions.over(await DuckDbSessionRows.open(instance), clock, users, options);
  }

  /** Sessions in `rows`; `changes` tells of those another node began, used or ended. */
  static async over(rows: SessionRows, clock: Clock, users: Pick<Users, 'get' | 'passwordChangedAt'>, options: SessionOptions = defaultSessionOptions, changes?: ChangeFeed): Promise<Sessions> {
    const sessions = new Sessions(rows, clock, users, options);
    await followTable(changes, 'sessions', () => sessions.#reload(), (idHash) => sessions.#reloadOne(idHash));
    return sessions;
  }

  /** Begins a session for a person who just proved who they are; `previous` (the id presented, if any) ends: ids never outlive a sign-in. */
  async begin(username: string, previous?: string): Promise<{ id: string; session: ActiveSession }> {
    if (previous !== undefined) await this.end(previous);
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: Session = { idHash: digest(id), username, csrfToken: randomBytes(24).toString('base64url'), createdAt: now, lastSeenAt: now, storedLastSeenAt: now };
    await this.#writes.write(session.idHash, () => this.rows.insert({ idHash: session.idHash, username, csrfToken: session.csrfToken, createdAt: now, lastSeenAt: now }));
    this.#byHash.set(session.idHash, session);
    return { id, session: this.#active(session)! };
  }

  /** The session behind a cookie's id, moved on as used; undefined once it has ended for any reason. */
  use(id: string): ActiveSession | undefined {
    const session = this.#byHash.get(digest(id));
    if (session === undefined) return undefined;
    const active = this.#active(session);
    if (active === undefined) {
      void this.#forget(session.idHash).catch(() => undefined); // gone from memory already; the row goes at the next start if not now
      return undefined;
    }
    const now = this.clock.now();
    session.lastSeenAt = now;
    if (now - session.storedLastSeenAt >= touchWriteMs) {
      session.storedLastSeenAt = now;
      void this.rows.touch(session.idHash, now).catch(() => undefined);
    }
    return { ...active, idleExpiresAt: now + this.options.idleMs };
  }

  async end(id: string): Promise<boolean> {
    const idHash = digest(id);
    if (!this.#byHash.has(idHash)) return false;
    await this.#forget(idHash);
    return true;
  }

  /** Ends every session of a person (deleted, disabled, or signed out everywhere). */
  async endAllOf(username: string): Promise<number> {
    const ended = [...this.#byHash.values()].filter((session) => session.username === username);
    for (const session of ended) await this.#forget(session.idHash);
    return ended.length;
  }

  /** Waits for the writes under way, then closes the connection. */
  async close(): Promise<void> {
    await this.rows.close();
  }

  async #reload(): Promise<void> {
    this.#byHash = new Map((await this.rows.all()).map((stored) => [stored.idHash, remembered(stored)]));
  }

  async #reloadOne(idHash: string): Promise<void> {
    const read = await this.#writes.read(idHash, () => this.rows.one(idHash));
    if (read === null) return;
    const stored = read.row;
    if (stored === undefined) {
      this.#byHash.delete(idHash);
      return;
    }
    const known = this.#byHash.get(idHash);
    // A use here not yet written stands against an older one read back.
    this.#byHash.set(idHash, { ...remembered(stored), lastSeenAt: Math.max(stored.lastSeenAt, known?.lastSeenAt ?? 0) });
  }

  #active(session: Session): ActiveSession | undefined {
    const now = this.clock.now();
    const user = this.users.get(session.username);
    if (user === undefined || !user.enabled) return undefined;
    if ((this.users.passwordChangedAt(session.username) ?? 0) > session.createdAt) return undefined;
    const expiresAt = session.createdAt + this.options.maxMs;
    const idleExpiresAt = session.lastSeenAt + this.options.idleMs;
    if (now >= expiresAt || now >= idleExpiresAt) return undefined;
    return { user, csrfToken: session.csrfToken, idleExpiresAt, expiresAt };
  }

  async #forget(idHash: string): Promise<void> {
    this.#byHash.delete(idHash);
    await this.#writes.write(idHash, () => this.rows.remove(idHash));
  }
}
