import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import type { Authenticator, RefusalCode } from './client-identity';
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
}

type AuthenticateHook = NonNullable<AedesOptions['authenticate']>;

/**
 * Aedes' `authenticate` hook: the connect guard first (a blocked device id or address, or a too-fast
 * address, is refused before its credentials cost any work), then the injected authenticator, whose identity the
 * client keeps for the ACLs. A refusal answers CONNACK with its return code [MQTT-3.2.2-5].
 */
export function authenticate(options: AuthenticateOptions): AuthenticateHook {
  const { authenticator, guard, identities } = options;
  if (authenticator === undefined) return (_client, _username, _password, done) => done(null, true);
  return (client, username, password, done) =>
    void (async () => {
      const remoteAddress = options.remoteAddressOf(client);
      const refuse = (returnCode: RefusalCode, reason: string) => {
        options.refused({ clientId: client.id, username, remoteAddress, reason });
        done(Object.assign(new Error(reason), { returnCode }) as AuthenticateError, false);
      };
      try {
        // The id a device claims is its user name (its client id must be the same); either names it for the guard.
        const claimedId = username ?? client.id;
        const blocked = await guard.blocked(remoteAddress, claimedId);
        if (blocked !== null) return refuse(5, blocked);
        if (!(await guard.admitConnect(remoteAddress))) return refuse(5, `${remoteAddress} opens connections faster than allowed; slow down and retry`);
        const decision = await authenticator({ clientId: client.id, username, password, remoteAddress });
        if (!decision.ok) {
          await guard.recordFailure(remoteAddress, claimedId);
          return refuse(decision.returnCode, decision.reason);
        }
        identities.remember(client, decision.identity);
        done(null, true);
      } catch (error) {
        refuse(3, `authentication failed: ${(error as Error).message}`); // the registry could not answer
      }
    })();
}
