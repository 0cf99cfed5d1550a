import { EventEmitter } from 'node:events';
import pg, { type Client } from 'pg';

interface LeadershipEvents {
  /** This node became the leader (true) or stopped being it (false). */
  change: [leader: boolean];
  /** A try to take the lead or to check it failed (not an 'error' event: nobody need listen); the node tries again after the interval. */
  attemptFailed: [Error];
}

/** Whether this node is the one that turns readings into raises and clears. */
export interface Leadership {
  readonly leader: boolean;
  on(event: 'change', listener: (leader: boolean) => void): unknown;
  off(event: 'change', listener: (leader: boolean) => void): unknown;
  close(): Promise<void>;
}

/** A node alone (no shared database): always the leader. */
export class SoleLeadership extends EventEmitter<LeadershipEvents> implements Leadership {
  readonly leader = true;

  async close(): Promise<void> {
    // Nothing held.
  }
}

/** A node that never leads (an ingest worker, which no reading reaches through the feed): it leaves the lead to those that evaluate. */
export class NoLeadership extends EventEmitter<LeadershipEvents> implements Leadership {
  readonly leader = false;

  async close(): Promise<void> {
    // Nothing held.
  }
}

export interface PostgresLeadershipOptions {
  /** postgres:// URL of the shared database. */
  readonly url: string;
  /** How often a follower tries to take the lead, and the leader checks its connection, ms. */
  readonly retryMs?: number;
}

// pg_try_advisory_lock key: "lead" in ASCII. A session-level lock: held as long as the leader's connection lives.
const leadershipLock = 0x6c656164;
export const defaultLeadershipRetryMs = 2_000; // 2 s: how long alarms may wait for a new leader after one is lost

/**
 * Leadership held in PostgreSQL itself: the leader is the node whose own connection holds a
 * session advisory lock. The others try to take it every `retryMs`; the leader checks its
 * connection as often. When that connection is lost (the node died, the network or the server went)
 * PostgreSQL releases the lock, and the node steps down at once, before anyone else can take over.
 */
export class PostgresLeadership extends EventEmitter<LeadershipEvents> implements Leadership {
  #client: Client | null = null;
  #leader = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #trying: Promise<void> | null = null;

  private constructor(private readonly options: Required<PostgresLeadershipOptions>) {
    super();
  }

  /** Tries to take the lead once before it returns, then keeps trying (or checking) in the background. */
  static async start(options: PostgresLeadershipOptions): Promise<PostgresLeadership> {
    const leadership = new PostgresLeadership({ retryMs: defaultLeadershipRetryMs, ...options });
    await leadership.#try();
    leadership.#timer = setInterval(() => void leadership.#try(), leadership.options.retryMs);
    leadership.#timer.unref();
    return leadership;
  }

  get leader(): boolean {
    return this.#leader;
  }

  /** Gives the lead up (its connection closes, which releases the lock) and stops trying. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#trying;
    const client = this.#client;
    this.#client = null;
    this.#set(false);
    await client?.end().catch(() => undefined);
  }

  #try(): Promise<void> {
    this.#trying ??= this.#attempt().finally(() => (this.#trying = null));
    return this.#trying;
  }

  async #attempt(): Promise<void> {
    if (this.#closed) return;
    try {
      const client = this.#client ?? (await this.#connect());
      if (this.#leader) {
        await client.query('SELECT 1'); // still connected, so still holding the lock
        return;
      }
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [leadershipLock]);
      if (rows[0]?.held === true && !this.#closed && this.#client === client) this.#set(true);
    } catch (error) {
      this.#drop(this.#client);
      if (!this.#closed) this.emit('attemptFailed', error instanceof Error ? error : new Error(String(error)));
    }
  }

  async #connect(): Promise<Client> {
    const timeoutMs = this.options.retryMs;
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, keepAlive: true });
    client.on('error', () => this.#drop(client));
    client.on('end', () => this.#drop(client));
    await client.connect();
    // The server notices a leader gone silent (a cut network, a frozen host) by TCP keepalive on this
    // session: after 10 s idle, 3 probes 5 s apart, so about 25 s, it ends the session and frees the lock.
    await client.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3');
    if (this.#closed) {
      await client.end().catch(() => undefined);
      throw new Error('leadership closed');
    }
    this.#client = client;
    return client;
  }

  /** The connection is gone, and the lock with it: step down now. */
  #drop(client: Client | null): void {
    if (client === null || this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => undefined);
    this.#set(false);
  }

  #set(leader: boolean): void {
    if (this.#leader === leader) return;
    this.#leader = leader;
    this.emit('change', leader);
  }
}
