import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { Clock, Display } from '@kendali/contracts';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import { DuckDbDisplayRows, type DisplayRows, type StoredDisplayRow } from './display-rows';

/** Display credentials start so, telling them from API tokens (`kdl_`) at a glance and in the auth hook. */
export const displayCredentialPrefix = 'kdd_';

const touchWriteMs = 60_000; // when a display was last seen is written to the file at most once a minute

// Credentials are 256-bit random: stored as their SHA-256 digest, so the file holds nothing a wall could sign in with.
const digest = (credential: string) => createHash('sha256').update(credential).digest('hex');

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

const remembered = ({ credentialHash, display }: StoredDisplayRow): StoredDisplay => ({ display, credentialHash, storedLastSeenAt: display.lastSeenAt });

/**
 * Wall screens' credentials, kept in a database and in memory (one is looked up on every request a
 * wall makes). A credential is refused from its expiry on, and at once when revoked: with PostgreSQL
 * shared by several nodes, on every node as soon as the change's notification reaches it (`changes`).
 */
export class Displays {
  #byHash = new Map<string, StoredDisplay>();
  readonly #writes = new KeyedWrites();

  private constructor(
    private readonly rows: DisplayRows,
    private readonly clock: Clock,
  ) {}

  /** Display credentials in the embedded database file. */
  static async open(instance: DuckDBInstance, clock: Clock): Promise<Displays> {
    return Displays.over(await DuckDbDisplayRows.open(instance), clock);
  }

  /** Display credentials in `rows`; `changes` tells of those another node made, saw or revoked. */
  static async over(rows: DisplayRows, clock: Clock, changes?: ChangeFeed): Promise<Displays> {
    const displays = new Displays(rows, clock);
    await followTable(changes, 'displays', () => displays.#reload(), (id) => displays.#reloadOne(id));
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
      void this.rows.touch(id, now).catch(() => undefined);
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
    await this.#writes.write(display.id, () => this.rows.insert({ credentialHash, display }));
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
    await this.#writes.write(id, () => this.rows.revoke(id, now));
    return stored.display;
  }

  /** Waits for the writes under way, then closes the connection. */
  async close(): Promise<void> {
    await this.rows.close();
  }

  async #reload(): Promise<void> {
    this.#byHash = new Map((await this.rows.all()).map((stored) => [stored.credentialHash, remembered(stored)]));
  }

  async #reloadOne(id: string): Promise<void> {
    const read = await this.#writes.read(id, () => this.rows.one(id));
    if (read === null) return;
    const stored = read.row;
    const known = this.#find(id);
    if (stored === undefined) {
      if (known !== undefined) this.#byHash.delete(known.credentialHash);
      return;
    }
    const lastSeenAt = Math.max(stored.display.lastSeenAt ?? 0, known?.display.lastSeenAt ?? 0) || null;
    this.#byHash.set(stored.credentialHash, { ...remembered(stored), display: { ...stored.display, lastSeenAt } });
  }

  #find(id: string): StoredDisplay | undefined {
    return [...this.#byHash.values()].find((stored) => stored.display.id === id);
  }
}
