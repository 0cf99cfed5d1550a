import { randomBytes } from 'node:crypto';
import type { Clock } from '@kendali/contracts';

/** What a sign-in started at the identity provider must find again when the browser comes back. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** The callback URL sent to the provider: the token request must name the same one. */
  readonly redirectUri: string;
  /** A path of this site to land on once signed in. */
  readonly returnTo: string;
}

export const pendingSignInMs = 10 * 60_000; // 10 minutes to sign in at the provider
const maxPending = 10_000; // a flood of starts pushes out the oldest, never memory

/**
 * Sign-ins under way, kept here rather than in the browser: the browser holds only a random id
 * (an HttpOnly cookie), each entry is taken once, and it expires after 10 minutes. A restart of
 * Kendali forgets them; the person signs in again.
 */
export class PendingSignIns {
  readonly #byId = new Map<string, { readonly signIn: PendingSignIn; readonly expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  /** Keeps a sign-in and answers the id its cookie carries. */
  put(pending: PendingSignIn): string {
    const now = this.clock.now();
    for (const [id, entry] of this.#byId) {
      if (entry.expiresAt > now && this.#byId.size < maxPending) break; // oldest first: the rest are younger
      this.#byId.delete(id);
    }
    const id = randomBytes(32).toString('base64url');
    this.#byId.set(id, { signIn: pending, expiresAt: now + pendingSignInMs });
    return id;
  }

  /** The sign-in behind an id, once: a second use, or one past its 10 minutes, finds nothing. */
  take(id: string): PendingSignIn | undefined {
    const entry = this.#byId.get(id);
    this.#byId.delete(id);
    return entry !== undefined && entry.expiresAt > this.clock.now() ? entry.signIn : undefined;
  }
}
