import type { Display } from '@kendali/contracts';

/** A wall's pairing as kept: its code, its poll id's digest, the key its credential is sealed to. */
export interface PairingRow {
  /** As typed without the dash, upper case: `ACDEFGHJ`. */
  readonly code: string;
  readonly pollIdHash: string;
  readonly sealKey: string;
  /** ms epoch; moved on when confirmed, so the wall has the whole time to fetch its credential. */
  readonly expiresAt: number;
  /** Once an admin confirmed the code: the credential sealed to `sealKey`, and the display it opens. */
  readonly paired: { readonly sealedCredential: string; readonly display: Display } | null;
}

/**
 * Where pairings wait: this node's memory, or PostgreSQL when nodes share one, so that a code shown
 * by a wall polling one node can be confirmed by an admin whose request lands on another. Every
 * method takes `now` (the core's clock): a row past its `expiresAt` is as good as gone.
 */
export interface PairingRows {
  /** Pairings not yet expired. */
  count(now: number): Promise<number>;
  /** Adds a pairing; false when a pairing not yet expired holds the code. */
  insert(row: PairingRow, now: number): Promise<boolean>;
  byPollIdHash(pollIdHash: string, now: number): Promise<PairingRow | undefined>;
  /** Claims a waiting code for one confirmation: its row for one caller only (until `unclaim` or `pair`), undefined for the others. */
  claim(code: string, now: number): Promise<PairingRow | undefined>;
  unclaim(code: string): Promise<void>;
  pair(code: string, paired: NonNullable<PairingRow['paired']>, expiresAt: number): Promise<void>;
  /** Removes and answers a paired row: for one caller only, so a credential is handed over once. */
  take(pollIdHash: string, now: number): Promise<PairingRow | undefined>;
  removeExpired(now: number): Promise<void>;
}

interface HeldPairing {
  row: PairingRow;
  confirming: boolean;
}

/** Pairings in this node's memory: a restart forgets them, and the wall asks for a new code. */
export class MemoryPairingRows implements PairingRows {
  readonly #byCode = new Map<string, HeldPairing>();
  readonly #byPollIdHash = new Map<string, HeldPairing>();

  count(now: number): Promise<number> {
    this.#removeExpired(now);
    return Promise.resolve(this.#byCode.size);
  }

  insert(row: PairingRow, now: number): Promise<boolean> {
    this.#removeExpired(now);
    if (this.#byCode.has(row.code)) return Promise.resolve(false);
    const held = { row, confirming: false };
    this.#byCode.set(row.code, held);
    this.#byPollIdHash.set(row.pollIdHash, held);
    return Promise.resolve(true);
  }

  byPollIdHash(pollIdHash: string, now: number): Promise<PairingRow | undefined> {
    this.#removeExpired(now);
    return Promise.resolve(this.#byPollIdHash.get(pollIdHash)?.row);
  }

  claim(code: string, now: number): Promise<PairingRow | undefined> {
    this.#removeExpired(now);
    const held = this.#byCode.get(code);
    if (held === undefined || held.confirming || held.row.paired !== null) return Promise.resolve(undefined);
    held.confirming = true;
    return Promise.resolve(held.row);
  }

  unclaim(code: string): Promise<void> {
    const held = this.#byCode.get(code);
    if (held !== undefined) held.confirming = false;
    return Promise.resolve();
  }

  pair(code: string, paired: NonNullable<PairingRow['paired']>, expiresAt: number): Promise<void> {
    const held = this.#byCode.get(code);
    if (held !== undefined) held.row = { ...held.row, paired, expiresAt };
    return Promise.resolve();
  }

  take(pollIdHash: string, now: number): Promise<PairingRow | undefined> {
    this.#removeExpired(now);
    const held = this.#byPollIdHash.get(pollIdHash);
    if (held === undefined || held.row.paired === null) return Promise.resolve(undefined);
    this.#forget(held.row);
    return Promise.resolve(held.row);
  }

  removeExpired(now: number): Promise<void> {
    this.#removeExpired(now);
    return Promise.resolve();
  }

  #removeExpired(now: number): void {
    for (const { row } of this.#byCode.values()) if (now >= row.expiresAt) this.#forget(row);
  }

  #forget(row: PairingRow): void {
    this.#byCode.delete(row.code);
    this.#byPollIdHash.delete(row.pollIdHash);
  }
}
