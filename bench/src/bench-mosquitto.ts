import { connectAsync } from 'mqtt';
import { DynamicSecurity, MosquittoDeviceAccounts } from '@kendali/broker';
import type { SimulatedDevice } from '@kendali/simulators';
import { mosquittoAdmin, startMosquitto, type Mosquitto } from '@kendali/test-support';
import { benchSecret } from './bench-fleet';

/** A connection of the broker's admin (Kendali's own user), as the ingest workers make theirs. */
function adminConnection(mosquitto: Mosquitto, clientId: string) {
  return connectAsync(mosquitto.url, { protocolVersion: 5, clientId, clean: true, reconnectPeriod: 1_000, ...mosquittoAdmin });
}

/**
 * Debian's Mosquitto on a free loopback port with the dynamic-security plugin, set up as Kendali
 * sets it up in external mode: its service role given to the admin user the workers connect as,
 * and one account per bench device (username = client id = device id, the bench-derived secret,
 * rights to its own topics only). Its queue per client is unlimited (`max_queued_messages 0`): a
 * phase offers more than the workers take on purpose, and the backlog must wait, not be dropped.
 */
export async function startBenchMosquitto(fleet: readonly SimulatedDevice[], seed: number): Promise<Mosquitto> {
  const mosquitto = await startMosquitto({ maxQueuedMessages: 0 });
  try {
    // Giving the role drops the admin's connections: one of its own, then another for the accounts.
    const setup = await adminConnection(mosquitto, 'bench-setup');
    try {
      await new MosquittoDeviceAccounts(await DynamicSecurity.attach(setup)).prepare(mosquittoAdmin.username);
    } finally {
      await setup.endAsync(true);
    }
    const connection = await adminConnection(mosquitto, 'bench-accounts');
    try {
      const accounts = new MosquittoDeviceAccounts(await DynamicSecurity.attach(connection));
      await accounts.setSecrets(fleet.map((device) => ({ id: device.id, enabled: true, secret: benchSecret(device.id, seed) })));
    } finally {
      await connection.endAsync(true);
    }
  } catch (error) {
    await mosquitto.close();
    throw error;
  }
  return mosquitto;
}
