import type { ApiOptions } from '@kendali/api';
import type { DeviceOutbox } from '@kendali/broker';

const takeSecretMs = 2_000; // 2 s for an approved device to take its secret before its pending session ends

/**
 * What happens to a device waiting in discovery mode once an engineer decides: on approval it is
 * sent its credentials on its commands topic, then its pending session is ended so it reconnects as
 * itself; on rejection its pending session is ended at once.
 */
export function pendingApproval(outbox: DeviceOutbox): Required<Pick<ApiOptions, 'onPendingApproved' | 'onPendingRejected'>> {
  return {
    onPendingApproved: (deviceId: string, secret: string) => {
      void outbox.command(deviceId, { type: 'credentials', username: deviceId, secret });
      setTimeout(() => outbox.endPendingSession(deviceId), takeSecretMs).unref();
    },
    onPendingRejected: (deviceId: string) => outbox.endPendingSession(deviceId),
  };
}
