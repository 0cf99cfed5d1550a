import { randomBytes, randomInt } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { pairingCodeAlphabet, pairingCodeLength, type Clock, type Display, type DisplayPairing, type DisplayPairingState } from '@kendali/contracts';
import type { Displays } from './displays';
import { memoryLimiters, type Limiters } from './limiters';
import { MemoryPairingRows, type PairingRows } from './pairing-rows';
import { pollIdDigest, seal, sealKeyOf, unseal } from './pairing-seal';

export interface PairingOptions {
  /** How long a code shown on a wall may be confirmed, ms. */
  readonly codeValidMs: number;
  /** How often a wall asks whether it was paired, ms. */
  readonly pollIntervalMs: number;
  /** Codes one address may ask for within `windowS`: a room's walls behind one address each ask once per `codeValidMs`. */
  readonly codesPerAddress: number;
  readonly windowS: number;
  /** Codes waiting at once, from every address: a bound on memory whatever the addresses. */
  readonly maxWaiting: number;
}

export const defaultPairingOptions: PairingOptions = Object.freeze({
  codeValidMs: 10 * 60_000, // 10 minutes: time to walk to a desk and confirm
  pollIntervalMs: 2_000, // 2 seconds
  codesPerAddress: 30,
  windowS: 10 * 60, // 10 minutes
  maxWaiting: 1_000,
});

/** Why a pairing could not begin or be confirmed. */
export class PairingRefused extends Error {
  constructor(
    readonly reason: 'rate' | 'busy' | 'unknown-code',
    readonly retryAfterS: number | null = null,
  ) {
    super(reason === 'unknown-code' ? 'no wall waits with this code' : 'too many pairing codes asked for');
    this.name = 'PairingRefused';
  }
}

/** `ACDE-FGHJ` → `ACDEFGHJ`, in any case, dash and spaces left out. */
const normalizePairingCode = (code: string) => code.replace(/[-\s]/g, '').toUpperCase();
const shownCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

function newCode(): string {
  let code = '';
  for (let i = 0; i < pairingCodeLength; i++) code += pairingCodeAlphabet[randomInt(pairingCodeAlphabet.length)];
  return code;
}

/**
 * Pairing a wall screen without typing a long token: the wall asks for a short code and shows it,
 * an admin confirms the code with a name and an expiry, and the wall, asking with the secret poll id
 * it alone holds, receives its display credential once. Codes last `codeValidMs` and are
 * rate-limited per address. They wait in `rows`: this node's memory (a restart forgets them; the
 * wall asks for a new one), or PostgreSQL shared by every node, with `limiters` there too.
 */
export class DisplayPairings {
  readonly #perAddress: RateLimiterAbstract;

  constructor(
    private readonly displays: Pick<Displays, 'create'>,
    private readonly clock: Clock,
    readonly options: PairingOptions = defaultPairingOptions,
    private readonly rows: PairingRows = new MemoryPairingRows(),
    limiters: Limiters = memoryLimiters,
  ) {
    this.#perAddress = limiters('pairing-address', { points: options.codesPerAddress, duration: options.windowS });
  }

  /** A new code for a wall at `address`; throws PairingRefused when the address asked too often or too many wait. */
  async begin(address: string): Promise<DisplayPairing> {
    const now = this.clock.now();
    await this.rows.removeExpired(now);
    if ((await this.rows.count(now)) >= this.options.maxWaiting) throw new PairingRefused('busy', Math.ceil(this.options.codeValidMs / 1000));
    try {
      await this.#perAddress.consume(address);
    } catch (limited) {
      const msBeforeNext = (limited as { msBeforeNext?: number }).msBeforeNext ?? this.options.windowS * 1000;
      throw new PairingRefused('rate', Math.ceil(msBeforeNext / 1000));
    }
    const pollId = randomBytes(32).toString('base64url');
    const row = { code: newCode(), pollIdHash: pollIdDigest(pollId), sealKey: sealKeyOf(pollId), expiresAt: now + this.options.codeValidMs, paired: null };
    while (!(await this.rows.insert(row, now))) row.code = newCode();
    return { code: shownCode(row.code), pollId, expiresAt: row.expiresAt, pollIntervalMs: this.options.pollIntervalMs };
  }

  /** Where the wall holding `pollId` stands; once paired, the credential is answered this once. Undefined: unknown or expired. */
  async poll(pollId: string): Promise<DisplayPairingState | undefined> {
    const now = this.clock.now();
    const pollIdHash = pollIdDigest(pollId);
    const row = await this.rows.byPollIdHash(pollIdHash, now);
    if (row === undefined) return undefined;
    if (row.paired === null) return { status: 'waiting', code: shownCode(row.code), expiresAt: row.expiresAt, credential: null, display: null };
    const taken = await this.rows.take(pollIdHash, now);
    if (taken === undefined || taken.paired === null) return undefined; // another poll of the same wall took it a moment ago
    return { status: 'paired', code: shownCode(taken.code), expiresAt: taken.expiresAt, credential: unseal(taken.paired.sealedCredential, pollId), display: taken.paired.display };
  }

  /** Confirms the code a wall shows: its display credential is made, valid `validMs`, and waits for the wall to fetch it. */
  async confirm(code: string, name: string, validMs: number, confirmedBy: string): Promise<Display> {
    const normalized = normalizePairingCode(code);
    // Claimed before the write, so two admins confirming one code at once, on one node or two, make one display.
    const claimed = await this.rows.claim(normalized, this.clock.now());
    if (claimed === undefined) throw new PairingRefused('unknown-code');
    try {
      const { credential, display } = await this.displays.create(name, validMs, confirmedBy);
      await this.rows.pair(normalized, { sealedCredential: seal(credential, claimed.sealKey), display }, this.clock.now() + this.options.codeValidMs);
      return display;
    } catch (error) {
      await this.rows.unclaim(normalized);
      throw error;
    }
  }
}
