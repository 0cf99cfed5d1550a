import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DeviceStatus } from '@kendali/contracts';
import type { Ingest } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { DeviceIdParams, DeviceInputSchema, DeviceSchema, DeviceStatusSchema, errorResponses } from '../schemas';

export interface DevicesPluginOptions {
  readonly ingest: Ingest;
}

/** The device registry with each device's live condition. */
export const devicesPlugin: FastifyPluginAsyncTypebox<DevicesPluginOptions> = async (app, { ingest }) => {
  const withStatus = (id: string): DeviceStatus | undefined => {
    const device = ingest.registry.get(id);
    if (device === undefined) return undefined;
    const live = ingest.live.device(id);
    return { ...device, state: live?.state ?? 'unknown', lastSeen: live?.lastSeen ?? null, latest: live?.latest ?? null };
  };

  app.get(
    '/api/devices',
    {
      schema: {
        summary: 'List registered devices with their live state and newest reading',
        tags: ['devices'],
        querystring: Type.Object({
          kind: Type.Optional(Type.String()),
          district: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Array(DeviceStatusSchema) },
      },
    },
    async (request) => {
      const { kind, district } = request.query;
      return ingest.registry
        .list()
        .filter((device) => (kind === undefined || device.kind === kind) && (district === undefined || device.district === district))
        .map((device) => withStatus(device.id))
        .filter((device): device is DeviceStatus => device !== undefined);
    },
  );

  app.get(
    '/api/devices/:id',
    {
      schema: {
        summary: 'One device with its live state and newest reading',
        tags: ['devices'],
        params: DeviceIdParams,
        response: { 200: DeviceStatusSchema, ...errorResponses },
      },
    },
    async (request) => {
      const device = withStatus(request.params.id);
      if (device === undefined) throw new apiErrors.KENDALI_ERR_DEVICE_NOT_FOUND(request.params.id);
      return device;
    },
  );

  app.put(
    '/api/devices/:id',
    {
      schema: {
        summary: 'Register a device, or update a registered one',
        tags: ['devices'],
        params: DeviceIdParams,
        body: DeviceInputSchema,
        response: { 200: DeviceSchema, 201: DeviceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { device, created } = await ingest.registry.upsert(request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(device);
    },
  );

  app.get(
    '/api/rejections',
    {
      schema: {
        summary: 'Most recent rejected messages with their reasons, newest first',
        tags: ['devices'],
        querystring: Type.Object({
          device: Type.Optional(Type.String()),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: {
          200: Type.Array(
            Type.Object({ deviceId: Type.String(), topic: Type.String(), code: Type.String(), message: Type.String(), at: Type.Number() }),
          ),
        },
      },
    },
    async (request) => ingest.recentRejections(request.query.limit, request.query.device),
  );
};
