import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Limiters } from '../people/limiters';
import type { SharedDatabase } from './shared-database';

/** The table of migration 2, in rate-limiter-flexible's own layout (it never creates it here). */
const table = 'rate_limits';

/**
 * Counters every node shares, in PostgreSQL (rate-limiter-flexible's `RateLimiterPostgres`): ten
 * failures spread over two nodes lock as ten on one would, and a lock outlives a restart. Expiry is
 * each node's clock (ms epoch), so the nodes' clocks must agree (NTP), as they must for sessions.
 * Should the database fail, each node counts in its own memory meanwhile (the library's insurance
 * limiter) rather than refusing everyone or letting everyone try without end.
 */
export function postgresLimiters(database: Pick<SharedDatabase, 'pool'>): Limiters {
  return (name, options) =>
    new RateLimiterPostgres({
      ...options,
      storeClient: database.pool,
      storeType: 'pool',
      tableName: table,
      tableCreated: true,
      keyPrefix: name,
      insuranceLimiter: new RateLimiterMemory({ ...options }),
    });
}
