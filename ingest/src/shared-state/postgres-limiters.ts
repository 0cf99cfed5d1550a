import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Limiters } from '../people/limiters';
import type { SharedDatabase } from './shared-database';

/** The table of migration 2, in rate-limiter-flexible's own layout (it never creates it here). */
const table = 'rate_limits';
const sweepEveryMs = 5 * 60_000; // 5 minutes
// Rows expired an hour ago by the database's clock: far enough back that the nodes' clocks, which
// set `expire`, need not agree with it to the second.
const sweep = `DELETE FROM ${table} WHERE expire < (extract(epoch FROM now()) * 1000 - 3600000)`;

/**
 * Counters every node shares, in PostgreSQL (rate-limiter-flexible's `RateLimiterPostgres`): ten
 * failures spread over two nodes lock as ten on one would, and a lock outlives a restart. Expiry is
 * each node's clock (ms epoch), so the nodes' clocks must agree (NTP), as they must for sessions.
 * Should the database fail, each node counts in its own memory meanwhile (the library's insurance
 * limiter) rather than refusing everyone or letting everyone try without end. Expired rows (a scan
 * leaves one per name or address tried) are swept every 5 minutes, by one timer for all limiters.
 */
export class PostgresLimiters {
  readonly #sweeping: NodeJS.Timeout;

  constructor(private readonly database: Pick<SharedDatabase, 'pool'>) {
    this.#sweeping = setInterval(() => void this.database.pool.query(sweep).catch(() => undefined), sweepEveryMs);
    this.#sweeping.unref();
  }

  readonly make: Limiters = (name, options) =>
    new RateLimiterPostgres({
      ...options,
      storeClient: this.database.pool,
      storeType: 'pool',
      tableName: table,
      tableCreated: true,
      clearExpiredByTimeout: false, // the sweep above, once for every limiter
      keyPrefix: name,
      insuranceLimiter: new RateLimiterMemory({ ...options }),
    });

  close(): void {
    clearInterval(this.#sweeping);
  }
}
