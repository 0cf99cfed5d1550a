import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import type { Authenticator, RefusalCode } from './client-identity';
import { gateConnects } from './connect-gate';
import type { ConnectGuard } from './connect-guard';
import type { ConnectedIdentities } from './connected-identities';

export interface ConnectRefusal {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly remoteAddress: string;
  readonly reason: string;
}

export interface AuthenticateOptions {
  /** Decides who may connect and as whom; absent = every CONNECT is accepted (open broker). */
  readonly authenticator: Authenticator | undefined;
  readonly guard: ConnectGuard;
  readonly identities: ConnectedIdentities;
  readonly remoteAddressOf: (client: Client) => string;
  readonly refused: (refusal: ConnectRefusal) => void;
  /** The client was accepted; called before Aedes writes its CONNACK. */
  readonly accepted: (client: Client) => void;
}

type AuthenticateHook = NonNullable<AedesOptions['authenticate']>;

/**
 * Aedes' `authenticate` hook: the connect guard, then the injected authenticator (`connect-gate.ts`),
 * whose identity the client keeps for the ACLs. A refusal answers CONNACK with its return code [MQTT-3.2.2-5].
 */
export function authenticate(options: AuthenticateOptions): AuthenticateHook {
  const { authenticator, identities } = options;
  if (authenticator === undefined)
    return (client, _username, _password, done) => {
      options.accepted(client);
      done(null, true);
    };
  const gated = gateConnects(options.guard, authenticator);
  return (client, username, password, done) =>
    void (async () => {
      const remoteAddress = options.remoteAddressOf(client);
      const refuse = (returnCode: RefusalCode, reason: string) => {
        options.refused({ clientId: client.id, username, remoteAddress, reason });
        done(Object.assign(new Error(reason), { returnCode }) as AuthenticateError, false);
      };
      try {
        const decision = await gated({ clientId: client.id, username, password, remoteAddress });
        if (!decision.ok) return refuse(decision.returnCode, decision.reason);
        identities.remember(client, decision.identity);
        options.accepted(client);
        done(null, true);
      } catch (error) {
        refuse(3, `authentication failed: ${(error as Error).message}`); // the registry could not answer
      }
    })();
}
