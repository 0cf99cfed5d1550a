import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface ConnectGuardOptions {
  /** Failed connects one device id may make from one address within `windowS` before that pair is blocked. */
  readonly maxFailuresPerDevice: number;
  /** Distinct device ids that may fail to connect from one address within `windowS` before the address is blocked. */
  readonly maxDevicesPerAddress: number;
  readonly windowS: number;
  /** How long a blocked device id (at its address) or a blocked address stays blocked, in seconds. */
  readonly blockS: number;
  /** Connects (successful or not) one address may open per second, averaged over 10 s; 127.0.0.1 and ::1 are exempt. */
  readonly connectsPerSecond: number;
}

export const defaultConnectGuard: ConnectGuardOptions = Object.freeze({
  maxFailuresPerDevice: 10,
  maxDevicesPerAddress: 20,
  windowS: 60, // 1 minute
  blockS: 300, // 5 minutes
  connectsPerSecond: 50,
});

/**
 * Makes the counters of failed connects (`name` keeps one count's keys apart from another's): in this
 * node's memory by default, or shared by every node (the core's PostgreSQL counters), so that several
 * nodes answering one broker's authentication hooks give an attacker no more tries than one.
 */
export type ConnectLimiters = (name: string, options: { readonly points: number; readonly duration: number; readonly blockDuration?: number }) => RateLimiterAbstract;

const memoryLimiters: ConnectLimiters = (_name, options) => new RateLimiterMemory({ ...options });

const rateWindowS = 10; // the connect rate is averaged over this many seconds, so a burst after a power cut fits

/**
 * The usual loopback address: the built-in simulators and local tools connect from it. Only that
 * one is exempt: other 127.x addresses (a local proxy, a namespace bridge) are counted like any host.
 */
const isLoopback = (address: string) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

/**
 * Brute-force protection that does not punish neighbours. A whole district's devices may share one
 * address (a NAT gateway), so failures are counted twice, separately:
 * - per device id at an address: a device retrying a wrong secret blocks only itself, there;
 * - per address, in distinct device ids: a scan over many ids from one address blocks the address.
 * A blocked device or address is refused before its credentials are checked (no KDF work for an
 * attacker), and a refused attempt counts no further, so one misconfigured device adds at most one
 * id to its address's count however fast it retries. Nobody elsewhere can lock a device out: the
 * block holds only at the address that failed. Successful connects cost nothing. The connect rate
 * protects this node's event loop, so it is always counted here, whatever `limiters` are.
 */
export class ConnectGuard {
  readonly #deviceFailures: RateLimiterAbstract;
  readonly #addressFailures: RateLimiterAbstract;
  readonly #connects: RateLimiterMemory;

  constructor(options: ConnectGuardOptions, limiters: ConnectLimiters = memoryLimiters) {
    this.#deviceFailures = limiters('connect-device', { points: options.maxFailuresPerDevice, duration: options.windowS, blockDuration: options.blockS });
    this.#addressFailures = limiters('connect-address', { points: options.maxDevicesPerAddress, duration: options.windowS, blockDuration: options.blockS });
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

  /** Why a connect as this device from this address is refused unchecked, or null when it may try. */
  async blocked(address: string, deviceId: string): Promise<string | null> {
    if (exhausted(await this.#addressFailures.get(address))) return `too many device ids failed to connect from ${address}; the address is blocked for a while`;
    if (exhausted(await this.#deviceFailures.get(deviceKey(address, deviceId)))) return `too many failed connects as "${deviceId}" from ${address}; blocked for a while`;
    return null;
  }

  async recordFailure(address: string, deviceId: string): Promise<void> {
    const counted = await this.#deviceFailures.consume(deviceKey(address, deviceId)).catch(() => null); // rejection = over the limit, now blocked
    // The first failure of an id in its window adds that id to the address's count of failing ids.
    if (counted?.consumedPoints === 1) await this.#addressFailures.consume(address).catch(() => undefined);
  }
}

const exhausted = (state: { remainingPoints: number } | null) => state !== null && state.remainingPoints <= 0;
// A device id cannot hold a space (the registry's id grammar), so the pair cannot collide with another.
const deviceKey = (address: string, deviceId: string) => `${address} ${deviceId}`;
