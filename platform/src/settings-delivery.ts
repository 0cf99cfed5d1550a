import type { Logger } from 'pino';
import type { KendaliBroker } from '@kendali/broker';
import type { DeviceRegistry, Settings } from '@kendali/ingest';

/**
 * Connects the settings service to the broker: desired settings go out retained through the device
 * outbox (every device's at once, at start: Aedes keeps retained messages in memory only), and a
 * deleted device's settings are forgotten and their retained message removed. Reports come in
 * through the broker's `settingsReports` sink.
 */
export async function deliverSettings(settings: Settings, registry: Pick<DeviceRegistry, 'on' | 'get'>, broker: KendaliBroker, logger: Logger): Promise<void> {
  await settings.deliverThrough((deviceId, message) => broker.outbox.settings(deviceId, message));
  registry.on('revoked', (deviceId) => {
    if (registry.get(deviceId) !== undefined) return; // disabled or given a new secret: its settings stay
    Promise.all([settings.forget(deviceId), broker.outbox.clearSettings(deviceId)]).catch((error: unknown) =>
      logger.error({ err: error, deviceId }, "a deleted device's settings could not be removed"),
    );
  });
}
