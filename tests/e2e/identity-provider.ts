import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person at the identity provider: the claims its user info answers. */
interface ProviderAccount {
  readonly name: string;
  readonly roles: readonly string[];
  readonly department?: string;
}

export interface IdentityProvider {
  /** The issuer URL, known before the provider is set up: Kendali reads its configuration at the first sign-in. */
  readonly issuer: string;
  /** People by the login typed on the provider's page (their `sub` and `preferred_username`); change them between sign-ins. */
  readonly accounts: Map<string, ProviderAccount>;
  /** Registers Kendali as a confidential client with its callback URL and begins answering. */
  register(client: { readonly clientId: string; readonly clientSecret: string; readonly redirectUri: string }): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1, port 0, shaped like Keycloak: roles
 * under `realm_access.roles`, in user info (not in the ID token of the code flow). Its development
 * sign-in pages take any password.
 */
export async function startIdentityProvider(): Promise<IdentityProvider> {
  const server = createServer((_request, response) => {
    response.statusCode = 503; // until a client is registered
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();
  return {
    issuer,
    accounts,
    register({ clientId, clientSecret, redirectUri }) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
        claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'realm_access', 'department'] },
        cookies: { keys: ['identity-provider-test-cookie-key'] },
        pkce: { required: () => true },
        findAccount: (_context, sub) => {
          const account = accounts.get(sub);
          if (account === undefined) return undefined;
          return {
            accountId: sub,
            claims: () => ({ sub, preferred_username: sub, name: account.name, realm_access: { roles: [...account.roles] }, ...(account.department ? { department: account.department } : {}) }),
          };
        },
      });
      server.removeAllListeners('request');
      server.on('request', provider.callback());
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
