import { createHash, randomBytes } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Clock, User } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';
import type { Users } from './users';

const ddl = `CREATE TABLE IF NOT EXISTS sessions (
  id_hash VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
  created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL)`;

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

interface Session {
  readonly idHash: string;
  readonly username: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
  storedLastSeenAt: number;
}

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
 */
export class Sessions {
  readonly #byHash = new Map<string, Session>();
  readonly #writes = new SerialWrites();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
    private readonly users: Pick<Users, 'get' | 'passwordChangedAt'>,
    readonly options: SessionOptions,
  ) {}

  static async open(instance: DuckDBInstance, clock: Clock, users: Pick<Users, 'get' | 'passwordChangedAt'>, options: SessionOptions = defaultSessionOptions): Promise<Sessions> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const sessions = new Sessions(connection, clock, users, options);
    for (const row of (await connection.runAndReadAll('SELECT * FROM sessions')).getRowObjectsJS()) {
      const lastSeenAt = Number(row.last_seen_at);
      sessions.#byHash.set(String(row.id_hash), {
        idHash: String(row.id_hash),
        username: String(row.username),
        csrfToken: String(row.csrf_token),
        createdAt: Number(row.created_at),
        lastSeenAt,
        storedLastSeenAt: lastSeenAt,
      });
    }
    return sessions;
  }

  /** Begins a session for a person who just proved who they are; `previous` (the id presented, if any) ends: ids never outlive a sign-in. */
  async begin(username: string, previous?: string): Promise<{ id: string; session: ActiveSession }> {
    if (previous !== undefined) await this.end(previous);
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: Session = { idHash: digest(id), username, csrfToken: randomBytes(24).toString('base64url'), createdAt: now, lastSeenAt: now, storedLastSeenAt: now };
    await this.#writes.run(() =>
      this.connection.run('INSERT INTO sessions VALUES ($idHash, $username, $csrfToken, $createdAt, $lastSeenAt)', {
        idHash: session.idHash,
        username,
        csrfToken: session.csrfToken,
        createdAt: now,
        lastSeenAt: now,
      }),
    );
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
      void this.#writes.run(() => this.connection.run('UPDATE sessions SET last_seen_at = $now WHERE id_hash = $idHash', { now, idHash: session.idHash })).catch(() => undefined);
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
    await this.#writes.settled();
    this.connection.closeSync();
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
    await this.#writes.run(() => this.connection.run('DELETE FROM sessions WHERE id_hash = $idHash', { idHash }));
  }
}
