import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface ConnectGuardOptions {
  /** Failed connects one address may make within `windowS` before it is blocked. */
  readonly maxFailures: number;
  readonly windowS: number;
  /** How long a blocked address stays blocked, in seconds. */
  readonly blockS: number;
}

export const defaultConnectGuard: ConnectGuardOptions = Object.freeze({ maxFailures: 10, windowS: 60, blockS: 300 });

/**
 * Brute-force protection: counts failed CONNECTs per client address; an address over the limit is
 * refused without its credentials being checked (no KDF work for an attacker), until the block ends.
 * Successful connects cost nothing, so a thousand devices behind one gateway connect freely.
 */
export class ConnectGuard {
  readonly #failures: RateLimiterMemory;

  constructor(options: ConnectGuardOptions) {
    this.#failures = new RateLimiterMemory({ points: options.maxFailures, duration: options.windowS, blockDuration: options.blockS });
  }

  async isBlocked(address: string): Promise<boolean> {
    const state = await this.#failures.get(address);
    return state !== null && state.remainingPoints <= 0;
  }

  async recordFailure(address: string): Promise<void> {
    await this.#failures.consume(address).catch(() => undefined); // rejection = over the limit, now blocked
  }
}
