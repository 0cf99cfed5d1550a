import type { Client } from 'aedes';
import type { ClientIdentity } from './client-identity';

const unauthenticated: ClientIdentity = Object.freeze({ role: 'observer', name: '(unauthenticated)' });

/**
 * Whom each connected client authenticated as: written by the authenticate hook, read by the ACL
 * hooks, status routing and the device outbox. Held weakly, so a closed client's entry goes with it.
 */
export class ConnectedIdentities {
  readonly #identities = new WeakMap<Client, ClientIdentity>();

  /** `authenticating`: false when the broker runs open (no authenticator: tests and local tools only). */
  constructor(private readonly authenticating: boolean) {}

  remember(client: Client, identity: ClientIdentity): void {
    this.#identities.set(client, identity);
  }

  /** The identity the client authenticated as; undefined in open mode. */
  of(client: Client): ClientIdentity | undefined {
    return this.#identities.get(client);
  }

  /**
   * The identity the ACLs judge: undefined in open mode (every topic allowed); with an
   * authenticator, a client without an identity counts as a read-only observer.
   */
  forAcl(client: Client): ClientIdentity | undefined {
    return this.authenticating ? (this.#identities.get(client) ?? unauthenticated) : undefined;
  }
}
