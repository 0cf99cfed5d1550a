import type { Logger } from 'pino';
import type { MosquittoDeviceAccounts } from '@kendali/broker';
import type { CredentialMirror, DeviceRegistry } from '@kendali/ingest';

/**
 * The registry's credential changes, pushed to Mosquitto's device accounts as they happen, one at a
 * time in the order they were made. A change the broker did not take is logged with what to do: a
 * lost password can only be replaced by rotating the device's secret, since Kendali keeps its hash only.
 */
export function mirrorToMosquitto(accounts: MosquittoDeviceAccounts, logger: Logger): CredentialMirror {
  let queue: Promise<void> = Promise.resolve();
  const inTurn = (what: string, deviceIds: readonly string[], change: () => Promise<void>) => {
    const turn = queue.then(change).catch((error: unknown) => logger.error({ err: error, devices: deviceIds.slice(0, 20) }, `external broker did not take ${what}; ${what === 'a new secret' ? 'rotate the device secret again once the broker is back' : 'it is set again at the next start'}`));
    queue = turn;
    return turn;
  };
  return {
    secretsSet: (devices) => inTurn('a new secret', devices.map((device) => device.id), () => accounts.setSecrets(devices)),
    enabledChanged: (id, enabled) => inTurn(enabled ? 'an enable' : 'a disable', [id], () => accounts.setEnabled([{ id, enabled }])),
    removed: (id) => inTurn('a removal', [id], () => accounts.remove(id)),
  };
}

/**
 * At start: accounts of devices no longer registered go, the others are enabled or disabled as the
 * registry says. A registered device without an account cannot get one here (its secret is not
 * known): the log names it, and rotating its secret creates the account.
 */
export async function resyncAccounts(accounts: MosquittoDeviceAccounts, registry: Pick<DeviceRegistry, 'list'>, logger: Logger): Promise<void> {
  const { removed, withoutAccount } = await accounts.resync(registry.list().map((device) => ({ id: device.id, enabled: device.enabled })));
  if (removed.length > 0) logger.info({ count: removed.length, devices: removed.slice(0, 20) }, 'external broker: accounts of devices no longer registered removed');
  if (withoutAccount.length > 0) {
    logger.warn({ count: withoutAccount.length, devices: withoutAccount.slice(0, 20) }, 'external broker: registered devices without an account there; rotate their secrets (POST /api/devices/{id}/credentials) to create one');
  }
}
