import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface ConnectGuardOptions {
  /** Failed connects one address may make within `windowS` before it is blocked. */
  readonly maxFailures: number;
  readonly windowS: number;
  /** How long a blocked address stays blocked, in seconds. */
  readonly blockS: number;
  /** Connects (successful or not) one address may open per second, averaged over 10 s; 127.0.0.1 and ::1 are exempt. */
  readonly connectsPerSecond: number;
}

export const defaultConnectGuard: ConnectGuardOptions = Object.freeze({ maxFailures: 10, windowS: 60, blockS: 300, connectsPerSecond: 50 });

const rateWindowS = 10; // the connect rate is averaged over this many seconds, so a burst after a power cut fits

/**
 * The usual loopback address: the built-in simulators and local tools connect from it. Only that
 * one is exempt: other 127.x addresses (a local proxy, a namespace bridge) are counted like any host.
 */
const isLoopback = (address: string) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

/**
 * Brute-force protection: counts failed CONNECTs per client address; an address over the limit is
 * refused without its credentials being checked (no KDF work for an attacker), until the block ends.
 * Successful connects cost nothing, so a thousand devices behind one gateway connect freely.
 */
export class ConnectGuard {
  readonly #failures: RateLimiterMemory;
  readonly #connects: RateLimiterMemory;

  constructor(options: ConnectGuardOptions) {
    this.#failures = new RateLimiterMemory({ points: options.maxFailures, duration: options.windowS, blockDuration: options.blockS });
    this.#connects = new RateLimiterMemory({ points: options.connectsPerSecond * rateWindowS, duration: rateWindowS });
  }

  /** Counts a connect attempt; false when the address opens connections faster than allowed. */
  async admitConnect(address: string): Promise<boolean> {
    if (isLoopback(address)) return true;
    return this.#connects.consume(address).then(
      () => true,
      () => false,
    );
  }

  async isBlocked(address: string): Promise<boolean> {
    const state = await this.#failures.get(address);
    return state !== null && state.remainingPoints <= 0;
  }

  async recordFailure(address: string): Promise<void> {
    await this.#failures.consume(address).catch(() => undefined); // rejection = over the limit, now blocked
  }
}
