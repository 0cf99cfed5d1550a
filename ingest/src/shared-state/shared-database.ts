import { EventEmitter } from 'node:events';
import pg, { type Client, type Pool, type PoolClient } from 'pg';
import { IngestError } from '../errors';
import { changeChannel, migrate } from './postgres-migrations';

/** Follows the rows of one table that any node changed: `changed` with the row's key, `resync` after notifications may have been lost. */
export interface ChangeFeed {
  follow(table: string, changed: (key: string) => void, resync: () => void): void;
}

interface SharedDatabaseEvents {
  /** The connection that listens for changes was lost; it is opened again after `retryMs`. */
  listenerLost: [error: Error, retryMs: number];
  /** It is back; every cache read its table again. */
  listenerBack: [];
}

export interface SharedDatabaseOptions {
  /** postgres:// or postgresql:// URL (the settings' KENDALI_DATABASE_URL). */
  readonly url: string;
  /** Connections of the pool, besides the one that listens. */
  readonly maxConnections?: number;
}

// SQLSTATE classes of libpq's answers (PostgreSQL, Appendix A): 28 = invalid authorisation, 3D000 = no such database.
const refusedStates = new Set(['28000', '28P01', '3D000']);
const retryMs = { first: 500, most: 30_000 }; // the listener's reconnect back-off, doubling

/** Where a URL points, without its password: for messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}${parsed.username ? ` as ${decodeURIComponent(parsed.username)}` : ''}`;
  } catch {
    return 'the database';
  }
}

function openingError(url: string, error: unknown): IngestError {
  const where = describeDatabase(url);
  const state = (error as { code?: unknown }).code;
  const reason = error instanceof Error ? error.message : String(error);
  if (typeof state === 'string' && refusedStates.has(state)) {
    return new IngestError('KENDALI_ERR_DATABASE_REFUSED', `PostgreSQL at ${where} refused Kendali: ${reason}`);
  }
  return new IngestError('KENDALI_ERR_DATABASE_UNREACHABLE', `could not reach PostgreSQL at ${where}: ${reason}`);
}

/**
 * The PostgreSQL database that several Kendali nodes share: a connection pool for the stores, and
 * one connection that LISTENs for the row changes the tables' triggers announce, so each node's
 * caches follow what every node writes. When that connection is lost, notifications of the gap
 * are lost with it: once it is back, every cache reads its table again (`resync`).
 */
export class SharedDatabase extends EventEmitter<SharedDatabaseEvents> implements ChangeFeed {
  readonly #followers = new Map<string, { changed: (key: string) => void; resync: () => void }[]>();
  #listener: Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;

  private constructor(
    readonly pool: Pool,
    private readonly url: string,
  ) {
    super();
  }

  /** Connects, brings the schema up to this release, and starts listening. */
  static async open(options: SharedDatabaseOptions): Promise<SharedDatabase> {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 10_000 });
    pool.on('error', () => undefined); // an idle connection lost: the pool opens another when one is asked for
    const database = new SharedDatabase(pool, options.url);
    try {
      const client = await pool.connect().catch((error: unknown) => {
        throw openingError(options.url, error);
      });
      try {
        await migrate(client);
      } finally {
        client.release();
      }
      await database.#listen().catch((error: unknown) => {
        throw openingError(options.url, error);
      });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return database;
  }

  /** Where it is, without the password. */
  describe(): string {
    return describeDatabase(this.url);
  }

  follow(table: string, changed: (key: string) => void, resync: () => void): void {
    this.#followers.set(table, [...(this.#followers.get(table) ?? []), { changed, resync }]);
  }

  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const listener = this.#listener;
    this.#listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  async #listen(): Promise<void> {
    const listener = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
    await listener.connect();
    listener.on('notification', (message) => {
      if (message.channel !== changeChannel || message.payload === undefined) return;
      const split = message.payload.indexOf(':');
      const table = message.payload.slice(0, split);
      const key = message.payload.slice(split + 1);
      for (const follower of this.#followers.get(table) ?? []) follower.changed(key);
    });
    listener.on('error', (error) => this.#lost(listener, error, retryMs.first));
    listener.on('end', () => this.#lost(listener, new Error('the connection ended'), retryMs.first));
    try {
      await listener.query(`LISTEN ${changeChannel}`);
    } catch (error) {
      await listener.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await listener.end().catch(() => undefined);
      return;
    }
    this.#listener = listener;
  }

  #lost(listener: Client, error: Error, waitMs: number): void {
    if (this.#closed || this.#listener !== listener) return;
    this.#listener = null;
    listener.end().catch(() => undefined);
    this.#reconnectAfter(error, waitMs);
  }

  #reconnectAfter(error: Error, waitMs: number): void {
    this.emit('listenerLost', error, waitMs);
    this.#retry = setTimeout(() => {
      this.#listen().then(
        () => {
          if (this.#closed) return;
          this.emit('listenerBack');
          for (const follower of [...this.#followers.values()].flat()) follower.resync();
        },
        (next: unknown) => {
          if (!this.#closed) this.#reconnectAfter(next instanceof Error ? next : new Error(String(next)), Math.min(waitMs * 2, retryMs.most));
        },
      );
    }, waitMs);
    this.#retry.unref();
  }
}
