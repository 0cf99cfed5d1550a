import { randomBytes, randomInt } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { pairingCodeAlphabet, pairingCodeLength, type Clock, type Display, type DisplayPairing, type DisplayPairingState } from '@kendali/contracts';
import type { Displays } from './displays';

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

interface Pairing {
  readonly code: string;
  readonly pollId: string;
  /** ms epoch; moved on when confirmed, so the wall has the whole time to fetch its credential. */
  expiresAt: number;
  confirming: boolean;
  /** Set once an admin confirmed the code; handed to the wall once, then the pairing is forgotten. */
  paired: { readonly credential: string; readonly display: Display } | null;
}

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
 * it alone holds, receives its display credential once. Codes live in memory for `codeValidMs`
 * (a restart forgets them; the wall asks for a new one) and are rate-limited per address.
 */
export class DisplayPairings {
  readonly #byCode = new Map<string, Pairing>();
  readonly #byPollId = new Map<string, Pairing>();
  readonly #perAddress: RateLimiterMemory;

  constructor(
    private readonly displays: Pick<Displays, 'create'>,
    private readonly clock: Clock,
    readonly options: PairingOptions = defaultPairingOptions,
  ) {
    this.#perAddress = new RateLimiterMemory({ points: options.codesPerAddress, duration: options.windowS });
  }

  /** A new code for a wall at `address`; throws PairingRefused when the address asked too often or too many wait. */
  async begin(address: string): Promise<DisplayPairing> {
    this.#forgetExpired();
    if (this.#byCode.size >= this.options.maxWaiting) throw new PairingRefused('busy', Math.ceil(this.options.codeValidMs / 1000));
    try {
      await this.#perAddress.consume(address);
    } catch (limited) {
      const msBeforeNext = (limited as { msBeforeNext?: number }).msBeforeNext ?? this.options.windowS * 1000;
      throw new PairingRefused('rate', Math.ceil(msBeforeNext / 1000));
    }
    let code = newCode();
    while (this.#byCode.has(code)) code = newCode();
    const pairing: Pairing = { code, pollId: randomBytes(32).toString('base64url'), expiresAt: this.clock.now() + this.options.codeValidMs, confirming: false, paired: null };
    this.#byCode.set(code, pairing);
    this.#byPollId.set(pairing.pollId, pairing);
    return { code: shownCode(code), pollId: pairing.pollId, expiresAt: pairing.expiresAt, pollIntervalMs: this.options.pollIntervalMs };
  }

  /** Where the wall holding `pollId` stands; once paired, the credential is answered this once. Undefined: unknown or expired. */
  poll(pollId: string): DisplayPairingState | undefined {
    this.#forgetExpired();
    const pairing = this.#byPollId.get(pollId);
    if (pairing === undefined) return undefined;
    if (pairing.paired === null) return { status: 'waiting', code: shownCode(pairing.code), expiresAt: pairing.expiresAt, credential: null, display: null };
    this.#forget(pairing);
    return { status: 'paired', code: shownCode(pairing.code), expiresAt: pairing.expiresAt, credential: pairing.paired.credential, display: pairing.paired.display };
  }

  /** Confirms the code a wall shows: its display credential is made, valid `validMs`, and waits for the wall to fetch it. */
  async confirm(code: string, name: string, validMs: number, confirmedBy: string): Promise<Display> {
    this.#forgetExpired();
    const pairing = this.#byCode.get(normalizePairingCode(code));
    if (pairing === undefined || pairing.confirming || pairing.paired !== null) throw new PairingRefused('unknown-code');
    pairing.confirming = true; // before the write, so two admins confirming one code at once make one display
    try {
      pairing.paired = await this.displays.create(name, validMs, confirmedBy);
      pairing.expiresAt = this.clock.now() + this.options.codeValidMs;
      return pairing.paired.display;
    } finally {
      pairing.confirming = false;
    }
  }

  #forgetExpired(): void {
    const now = this.clock.now();
    for (const pairing of this.#byCode.values()) if (now >= pairing.expiresAt) this.#forget(pairing);
  }

  #forget(pairing: Pairing): void {
    this.#byCode.delete(pairing.code);
    this.#byPollId.delete(pairing.pollId);
  }
}
