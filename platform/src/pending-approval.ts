import type { ApiOptions } from '@kendali/api';
import type { DeviceOutbox, KendaliBroker } from '@kendali/broker';
import { parseDeviceTopic } from '@kendali/contracts';
import type { DeviceRegistry, PendingDevices } from '@kendali/ingest';
import type { Logger } from 'pino';

const takeSecretMs = 2_000; // 2 s for an approved device to take its secret before its pending session ends

type Decisions = Required<Pick<ApiOptions, 'onPendingApproved' | 'onPendingRejected'>>;

/**
 * What happens to a device waiting in discovery mode once an engineer decides: on approval it is
 * sent its credentials on its commands topic, then its pending session is ended so it reconnects as
 * itself; on rejection its pending session is ended at once.
 */
export function pendingApproval(outbox: DeviceOutbox): Decisions {
  return {
    onPendingApproved: (deviceId: string, secret: string) => {
      void outbox.command(deviceId, { type: 'credentials', username: deviceId, secret });
      setTimeout(() => outbox.endPendingSession(deviceId), takeSecretMs).unref();
    },
    onPendingRejected: (deviceId: string) => outbox.endPendingSession(deviceId),
  };
}

interface HandOverServices {
  readonly registry: Pick<DeviceRegistry, 'handOverSecret'>;
  readonly pending: Pick<PendingDevices, 'awaitsClaim'>;
}

/**
 * A device approved while it was offline never got the secret sent at approval. When it knocks again
 * with the provisioning key and listens on its commands topic, it is handed a new secret there (the
 * one sent at approval, never received, stops working). The ACL lets only the device itself
 * subscribe to its commands topic.
 */
export function handOverOnReturn(broker: Pick<KendaliBroker, 'on'>, { registry, pending }: HandOverServices, decisions: Decisions, logger: Logger): void {
  broker.on('subscribed', ({ topics }) => {
    for (const topic of topics) {
      const parsed = parseDeviceTopic(topic);
      if (parsed?.channel !== 'commands' || !pending.awaitsClaim(parsed.deviceId)) continue;
      registry.handOverSecret(parsed.deviceId).then(
        (secret) => decisions.onPendingApproved(parsed.deviceId, secret),
        (error: unknown) => logger.error({ deviceId: parsed.deviceId, err: error }, 'could not hand an approved device its secret'),
      );
    }
  });
}
