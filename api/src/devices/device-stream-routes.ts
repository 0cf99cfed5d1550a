import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RegistryError, type DeviceRegistry, type RejectionLog, type WatchedMessage, type WatchSessions } from '@kendali/ingest';
import { eventStream, openSse } from '../sse';
import { DeviceIdParams, errorAnswer } from '../schemas';
import { registryFailure } from './device-routes';
import type { DeviceMessage, RejectionRecord } from '@kendali/contracts';

export interface DeviceStreamOptions {
  readonly registry: Pick<DeviceRegistry, 'get'>;
  readonly watch: Pick<WatchSessions, 'watch' | 'on' | 'off'>;
  readonly rejections: Pick<RejectionLog, 'recent'>;
  readonly heartbeatMs?: number;
}

const maxMessagesPerSecond = 20; // a chatty device must not flood an engineer's browser

/**
 * `GET /api/devices/:id/messages`: every message of one device as it arrives, with what became of
 * it (stored, or rejected and why), so an engineer sees a firmware bug within seconds. Opens with
 * the device's recent rejections.
 */
export const deviceStreamRoutes: FastifyPluginAsyncTypebox<DeviceStreamOptions> = async (app, { registry, watch, rejections, heartbeatMs = 15_000 }) => {
  app.get(
    '/api/devices/:id/messages',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Server-sent events: "rejections" (recent, once) then "message" for each message of the device',
        tags: ['devices'],
        params: DeviceIdParams,
        response: { 200: eventStream('Events named "rejections" (once) and "message"'), 404: errorAnswer('No device with that id') },
      },
    },
    (request, reply) => {
      const { id } = request.params;
      if (registry.get(id) === undefined) registryFailure(new RegistryError('KENDALI_ERR_DEVICE_NOT_FOUND', ''), id);
      const stream = openSse(request, reply, heartbeatMs);
      const stopWatching = watch.watch(id);
      stream.send('rejections', rejections.recent(50, id) satisfies readonly RejectionRecord[]);
      let windowStart = 0;
      let sentInWindow = 0;
      let skipped = 0;
      const onMessage = (message: WatchedMessage) => {
        if (message.deviceId !== id) return;
        // Windows on the time ingest took the message in, so a burst is measured as it arrived.
        if (message.at - windowStart >= 1_000) {
          windowStart = message.at;
          sentInWindow = 0;
        }
        if (sentInWindow >= maxMessagesPerSecond) {
          skipped++;
          return;
        }
        sentInWindow++;
        stream.send('message', { ...message, skippedBefore: skipped } satisfies DeviceMessage);
        skipped = 0;
      };
      watch.on('message', onMessage);
      stream.onClose(() => {
        watch.off('message', onMessage);
        stopWatching();
      });
    },
  );
};
