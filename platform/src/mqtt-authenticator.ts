import { timingSafeEqual } from 'node:crypto';
import { observerUsername, type Authenticator, type ConnectDecision } from '@kendali/broker';
import type { ApiTokens, DeviceRegistry, PendingDevices } from '@kendali/ingest';

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Who may connect to the broker: a registered, enabled device with its own secret (username =
 * device id, password = secret, client id = device id or "<id>:…"); an internal observer with an
 * API token; in discovery mode, an unknown device presenting the provisioning key (it is listed
 * for approval and may only listen); and a device approved while it was offline, presenting the
 * provisioning key again until it has connected once with its own secret (it is handed one).
 */
export interface AuthenticatorServices {
  readonly tokens: Pick<ApiTokens, 'verify'>;
  readonly registry: Pick<DeviceRegistry, 'checkCredential'>;
  readonly pending: Pick<PendingDevices, 'record' | 'awaitsClaim' | 'claim'>;
}

export function createMqttAuthenticator({ tokens, registry, pending }: AuthenticatorServices, discovery: { provisioningKey: string } | null): Authenticator {
  return async ({ clientId, username, password, remoteAddress }): Promise<ConnectDecision> => {
    const secret = password?.toString('utf8');
    if (username === undefined || username === '') {
      return { ok: false, returnCode: 4, reason: 'no username: connect with username = device id and password = its secret' };
    }
    if (username === observerUsername) {
      const token = secret === undefined ? undefined : tokens.verify(secret);
      if (token === undefined) return { ok: false, returnCode: 4, reason: 'observer password must be a valid API token' };
      return { ok: true, identity: { role: 'observer', name: token.name } };
    }
    // A device's sessions are keyed by client id: another device must not be able to take its id over.
    if (clientId !== username && !clientId.startsWith(`${username}:`)) {
      return { ok: false, returnCode: 2, reason: `client id "${clientId}" must be the device id "${username}" (or start with "${username}:")` };
    }
    const check = await registry.checkCredential(username, secret);
    switch (check) {
      case 'ok':
        await pending.claim(username); // from now on only its own secret lets it in
        return { ok: true, identity: { role: 'device', deviceId: username } };
      case 'disabled':
        return { ok: false, returnCode: 5, reason: `device "${username}" is disabled` };
      case 'no-credential':
        return { ok: false, returnCode: 5, reason: `device "${username}" has no credential; rotate it through the API` };
      case 'wrong':
        if (discovery && secret !== undefined && sameSecret(secret, discovery.provisioningKey) && pending.awaitsClaim(username)) {
          return { ok: true, identity: { role: 'pending', deviceId: username } };
        }
        return { ok: false, returnCode: 4, reason: `wrong secret for device "${username}"` };
      case 'unknown':
        if (discovery && secret !== undefined && sameSecret(secret, discovery.provisioningKey)) {
          await pending.record(username, remoteAddress);
          return { ok: true, identity: { role: 'pending', deviceId: username } };
        }
        return { ok: false, returnCode: 4, reason: `unknown device "${username}"` };
    }
  };
}
