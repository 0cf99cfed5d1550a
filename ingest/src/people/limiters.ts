import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A limiter's allowance: `points` within `duration` seconds, then refused for `blockDuration` seconds. */
interface LimiterOptions {
  readonly points: number;
  readonly duration: number;
  readonly blockDuration?: number;
}

/**
 * Makes the counters behind a guard (failed sign-ins, pairing codes asked for, failed MQTT connects):
 * in this node's memory, or in PostgreSQL where every node counts into the same rows
 * (`postgresLimiters`). `name` keeps one guard's keys apart from another's in a shared table.
 */
export type Limiters = (name: string, options: LimiterOptions) => RateLimiterAbstract;

/** Counters of one node, forgotten at a restart. */
export const memoryLimiters: Limiters = (_name, options) => new RateLimiterMemory({ ...options });
