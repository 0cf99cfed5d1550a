import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { SignedIn } from '@kendali/contracts';
import { memoryLimiters, type Limiters } from './limiters';
import type { Sessions } from './sessions';
import type { Users } from './users';

export interface SignInGuardOptions {
  /** Failed sign-ins to one account within `windowS` before the account is locked. */
  readonly maxFailuresPerAccount: number;
  /** Failed sign-ins from one address within `windowS` before the address is refused. */
  readonly maxFailuresPerAddress: number;
  readonly windowS: number;
  /** How long a locked account or refused address stays so, in seconds. */
  readonly lockS: number;
}

export const defaultSignInGuard: SignInGuardOptions = Object.freeze({
  maxFailuresPerAccount: 10,
  maxFailuresPerAddress: 50, // a control room's desks may share one address
  windowS: 15 * 60, // 15 minutes
  lockS: 15 * 60, // 15 minutes
});

export type SignInOutcome =
  | { readonly ok: true; readonly id: string; readonly signedIn: SignedIn }
  | { readonly ok: false; readonly reason: 'wrong' | 'locked'; readonly retryAfterS: number | null };

/**
 * Signing in with a username and password. Failures are counted per account and per address
 * (rate-limiter-flexible); a locked account refuses even the right password, from any address,
 * until the lock ends, and a refused address is not asked for its password at all. With `limiters`
 * in PostgreSQL every node counts into the same rows, so a second node gives no second allowance.
 */
export class SignIn {
  readonly #byAccount: RateLimiterAbstract;
  readonly #byAddress: RateLimiterAbstract;
  readonly #lockS: number;

  constructor(
    private readonly users: Pick<Users, 'checkPassword' | 'signedIn' | 'get'>,
    private readonly sessions: Pick<Sessions, 'begin'>,
    options: SignInGuardOptions = defaultSignInGuard,
    limiters: Limiters = memoryLimiters,
  ) {
    this.#byAccount = limiters('sign-in-account', { points: options.maxFailuresPerAccount, duration: options.windowS, blockDuration: options.lockS });
    this.#byAddress = limiters('sign-in-address', { points: options.maxFailuresPerAddress, duration: options.windowS, blockDuration: options.lockS });
    this.#lockS = options.lockS;
  }

  async attempt(username: string, password: string, address: string, previousSession?: string): Promise<SignInOutcome> {
    const locked = Math.max(await remainingLockS(this.#byAccount, username.toLowerCase()), await remainingLockS(this.#byAddress, address));
    if (locked > 0) return { ok: false, reason: 'locked', retryAfterS: locked };
    const check = await this.users.checkPassword(username, password);
    if (!check.ok) {
      await Promise.all([countFailure(this.#byAccount, username.toLowerCase(), this.#lockS), countFailure(this.#byAddress, address, this.#lockS)]);
      return { ok: false, reason: 'wrong', retryAfterS: null };
    }
    await this.#byAccount.delete(username.toLowerCase());
    await this.users.signedIn(check.user.username);
    const { id, session } = await this.sessions.begin(check.user.username, previousSession);
    return { ok: true, id, signedIn: { user: { ...check.user }, csrfToken: session.csrfToken, idleExpiresAt: session.idleExpiresAt, expiresAt: session.expiresAt } };
  }

  /**
   * An admin lets a locked-out person try again at once: the account's failures are forgotten
   * (an address refused for its own failures stays so until its lock ends). Undefined for an unknown account.
   */
  async unlock(username: string): Promise<{ readonly wasLocked: boolean } | undefined> {
    if (this.users.get(username) === undefined) return undefined;
    const wasLocked = (await remainingLockS(this.#byAccount, username.toLowerCase())) > 0;
    await this.#byAccount.delete(username.toLowerCase());
    return { wasLocked };
  }

  /**
   * An admin lets an address refused for its failed sign-ins try again at once (a room's desks behind
   * one address after a misconfigured script, say): its failures are forgotten. IPv4 in either of the
   * forms a dual-stack server sees it (`203.0.113.9`, `::ffff:203.0.113.9`).
   */
  async unlockAddress(address: string): Promise<{ readonly wasLocked: boolean }> {
    const forms = sameAddress(address);
    const wasLocked = (await Promise.all(forms.map((form) => remainingLockS(this.#byAddress, form)))).some((remaining) => remaining > 0);
    await Promise.all(forms.map((form) => this.#byAddress.delete(form)));
    return { wasLocked };
  }
}

const mappedIpv4 = '::ffff:';
const sameAddress = (address: string) =>
  address.startsWith(mappedIpv4) ? [address, address.slice(mappedIpv4.length)] : address.includes('.') ? [address, `${mappedIpv4}${address}`] : [address];

/**
 * Counts a failure; the one that uses up the allowance locks the key for `lockS` from now. (A locked
 * key is never consumed again, so the limiter's own block, which starts on the next consume, would
 * never begin: the lock would end with the window that began at the first failure.)
 */
async function countFailure(limiter: RateLimiterAbstract, key: string, lockS: number): Promise<void> {
  const state = await limiter.consume(key).catch((refused: unknown) => (refused instanceof RateLimiterRes ? refused : null));
  if (state !== null && state.remainingPoints <= 0) await limiter.block(key, lockS);
}

async function remainingLockS(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const state = await limiter.get(key);
  return state !== null && state.remainingPoints <= 0 ? Math.ceil(state.msBeforeNext / 1000) : 0;
}
