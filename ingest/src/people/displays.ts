import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Clock, Display } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';

const ddl = `CREATE TABLE IF NOT EXISTS displays (
  id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, credential_hash VARCHAR NOT NULL UNIQUE,
  created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL, expires_at BIGINT NOT NULL,
  last_seen_at BIGINT, revoked_at BIGINT)`;

/** Display credentials start so, telling them from API tokens (`kdl_`) at a glance and in the auth hook. */
export const displayCredentialPrefix = 'kdd_';

const touchWriteMs = 60_000; // when a display was last seen is written to the file at most once a minute

// Credentials are 256-bit random: stored as their SHA-256 digest, so the file holds nothing a wall could sign in with.
const digest = (credential: string) => createHash('sha256').update(credential).digest('hex');

const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

interface StoredDisplay {
  display: Display;
  readonly credentialHash: string;
  storedLastSeenAt: number | null;
}

/** Whether a presented credential is a display that may read now; why not otherwise. */
export type DisplayCheck =
  | { readonly ok: true; readonly display: Display }
  | { readonly ok: false; readonly reason: 'unknown' }
  | { readonly ok: false; readonly reason: 'expired'; readonly display: Display };

/**
 * Wall screens' credentials, kept in the embedded database and in memory (one is looked up on every
 * request a wall makes). A credential is refused from its expiry on, and at once when revoked.
 */
export class Displays {
  readonly #byHash = new Map<string, StoredDisplay>();
  readonly #writes = new SerialWrites();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
  ) {}

  static async open(instance: DuckDBInstance, clock: Clock): Promise<Displays> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const displays = new Displays(connection, clock);
    for (const row of (await connection.runAndReadAll('SELECT * FROM displays')).getRowObjectsJS()) {
      const lastSeenAt = optionalNumber(row.last_seen_at);
      const display: Display = {
        id: String(row.id),
        name: String(row.name),
        createdAt: Number(row.created_at),
        createdBy: String(row.created_by),
        expiresAt: Number(row.expires_at),
        lastSeenAt,
        revokedAt: optionalNumber(row.revoked_at),
      };
      displays.#byHash.set(String(row.credential_hash), { display, credentialHash: String(row.credential_hash), storedLastSeenAt: lastSeenAt });
    }
    return displays;
  }

  /** Newest first. */
  list(): Display[] {
    return [...this.#byHash.values()].map((stored) => stored.display).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
  }

  get(id: string): Display | undefined {
    return this.#find(id)?.display;
  }

  /** The display behind a presented credential, marked as seen now, if it may read. */
  check(credential: string): DisplayCheck {
    const stored = this.#byHash.get(digest(credential));
    if (stored === undefined || stored.display.revokedAt !== null) return { ok: false, reason: 'unknown' };
    const now = this.clock.now();
    if (now >= stored.display.expiresAt) return { ok: false, reason: 'expired', display: stored.display };
    stored.display = { ...stored.display, lastSeenAt: now };
    if (stored.storedLastSeenAt === null || now - stored.storedLastSeenAt >= touchWriteMs) {
      stored.storedLastSeenAt = now;
      const { id } = stored.display;
      void this.#writes.run(() => this.connection.run('UPDATE displays SET last_seen_at = $now WHERE id = $id', { now, id })).catch(() => undefined);
    }
    return { ok: true, display: stored.display };
  }

  /** The display with this id if it may still read (not revoked, not expired). */
  active(id: string): Display | undefined {
    const display = this.#find(id)?.display;
    return display !== undefined && display.revokedAt === null && this.clock.now() < display.expiresAt ? display : undefined;
  }

  /** Makes a display credential; it is returned this once. */
  async create(name: string, validMs: number, createdBy: string): Promise<{ credential: string; display: Display }> {
    const credential = `${displayCredentialPrefix}${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    const display: Display = { id: randomUUID(), name, createdAt: now, createdBy, expiresAt: now + validMs, lastSeenAt: null, revokedAt: null };
    const credentialHash = digest(credential);
    await this.#writes.run(() =>
      this.connection.run(
        `INSERT INTO displays (id, name, credential_hash, created_at, created_by, expires_at) VALUES ($id, $name, $credentialHash, $createdAt, $createdBy, $expiresAt)`,
        { id: display.id, name, credentialHash, createdAt: now, createdBy, expiresAt: display.expiresAt },
      ),
    );
    this.#byHash.set(credentialHash, { display, credentialHash, storedLastSeenAt: null });
    return { credential, display };
  }

  /** Revokes a display at once; undefined if there is none with this id. Revoking twice keeps the first time. */
  async revoke(id: string): Promise<Display | undefined> {
    const stored = this.#find(id);
    if (stored === undefined) return undefined;
    if (stored.display.revokedAt !== null) return stored.display;
    const now = this.clock.now();
    stored.display = { ...stored.display, revokedAt: now };
    await this.#writes.run(() => this.connection.run('UPDATE displays SET revoked_at = $now WHERE id = $id', { now, id }));
    return stored.display;
  }

  /** Waits for the writes under way, then closes the connection. */
  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }

  #find(id: string): StoredDisplay | undefined {
    return [...this.#byHash.values()].find((stored) => stored.display.id === id);
  }
}
