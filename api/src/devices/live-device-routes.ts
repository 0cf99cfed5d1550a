import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LiveDeviceListSchema, liveMetadataKeys, type Device, type LiveDevice } from '@kendali/contracts';
import type { DeviceRegistry, LiveState } from '@kendali/ingest';

export interface LiveDeviceRoutesOptions {
  readonly registry: Pick<DeviceRegistry, 'list'>;
  readonly live: Pick<LiveState, 'device'>;
}

const liveMetadata = (metadata: Device['metadata']): Device['metadata'] =>
  Object.fromEntries(liveMetadataKeys.flatMap((key) => (metadata[key] === undefined ? [] : [[key, metadata[key]]])));

/**
 * `GET /api/live/devices`: the devices as the live picture draws them (name, place, state, newest
 * reading, a water post's Siaga levels), and nothing else of the registry; wall screens read it.
 */
export const liveDeviceRoutes: FastifyPluginAsyncTypebox<LiveDeviceRoutesOptions> = async (app, { registry, live }) => {
  app.get(
    '/api/live/devices',
    {
      config: { role: 'viewer', display: true },
      schema: {
        summary: "Devices as the live picture draws them: name, kind, district, position, state, newest reading, a water post's Siaga levels (what wall screens read)",
        tags: ['live'],
        response: { 200: LiveDeviceListSchema },
      },
    },
    async (): Promise<LiveDevice[]> =>
      registry.list().map((device) => {
        const state = live.device(device.id);
        return {
          id: device.id,
          kind: device.kind,
          name: device.name,
          district: device.district,
          lat: device.lat,
          lon: device.lon,
          metadata: liveMetadata(device.metadata),
          state: state?.state ?? 'unknown',
          lastSeen: state?.lastSeen ?? null,
          latest: state?.latest ?? null,
        };
      }),
  );
};
